/**
 * The home page's symptom-first triage: what follows `open failed:` (or the line you see instead),
 * then the server family, gives a short list of causes, most likely first. Before OpenSSH 7.5
 * almost every failure was sent as "administratively prohibited: open failed"; from 7.5 only policy
 * is (serverloop.c server_input_channel_open(), openssh-portable commit 858252fb1, in V_7_5_P1).
 * The cause ids are the catalog's, so a list that names an unknown cause does not compile.
 */
import { CAUSES, type CauseId } from './causes.ts';
import { gliderlabsSsh, tinyssh } from './software/index.ts';

export type ServerFamily = 'new' | 'old' | 'dropbear';

export const SERVER_FAMILIES: readonly { key: ServerFamily; label: string; hint: string }[] = [
  { key: 'new', label: 'OpenSSH 7.5 or later', hint: 'Most servers today: Debian, Ubuntu, RHEL 8+, macOS' },
  { key: 'old', label: 'OpenSSH before 7.5', hint: 'RHEL/CentOS 7 (7.4p1), Ubuntu 16.04, old appliances' },
  { key: 'dropbear', label: 'Dropbear', hint: 'Routers, OpenWrt, Asus-Merlin, small images' },
];

export interface TriageGroup {
  /** The families this group applies to. */
  families: readonly ServerFamily[];
  /** Cause ids, most likely first. */
  causes: readonly CauseId[];
  /** A sentence shown above the list (or instead of it). */
  note?: string;
}

export interface TriageSymptom {
  /** Anchor id on the home page. */
  id: string;
  /** The text after "channel N: open failed: ", or a whole line when `whole` is set. */
  text: string;
  /** The symptom is a whole line of its own, not the tail of "open failed:". */
  whole?: boolean;
  /** A second spelling of the same failure (e.g. Dropbear's wording). */
  alt?: string;
  /** A short remark shown under the text. */
  hint?: string;
  groups: readonly TriageGroup[];
}

const ALL: readonly ServerFamily[] = ['new', 'old', 'dropbear'];

/**
 * The catalog's policy causes an OpenSSH server answers with "open failed" (Dropbear's, a gateway's
 * and a server without forwarding have their own words; SELinux's denial reads "connect failed").
 */
const NOT_OPEN_FAILED: readonly CauseId[] = ['dropbear-forwarding-disabled', 'ssh-gateway-policy', 'server-lacks-forwarding', 'mandatory-access-control'];
const POLICY: readonly CauseId[] = CAUSES.filter((c) => c.kind === 'policy' && !NOT_OPEN_FAILED.includes(c.id)).map((c) => c.id);

export const TRIAGE: readonly TriageSymptom[] = [
  {
    id: 'admin-open-failed',
    text: 'administratively prohibited: open failed',
    groups: [
      {
        families: ['new'],
        note: 'From 7.5 on, this wording means a forwarding policy said no.',
        causes: POLICY,
      },
      {
        families: ['old'],
        note: 'Before 7.5 the server sent this for nearly every failure. Check the target name first:',
        causes: ['target-name-unresolvable', 'localhost-not-resolvable', 'user-in-forward-spec', 'invalid-ip-literal'],
      },
      {
        families: ['old'],
        note: 'Then the forwarding policy:',
        causes: POLICY,
      },
      {
        families: ['old'],
        note: 'Less often, the server’s resolver or resources:',
        causes: [
          'server-dns-broken',
          'dns-rebinding-protection',
          'session-limit-multiplexing',
          'streamlocal-forwarding-disabled',
          'tunnel-device-refused',
          'server-out-of-file-descriptors',
        ],
      },
      {
        families: ['dropbear'],
        note: 'Dropbear leaves the description empty, so this line came from an OpenSSH server (with -J, perhaps the jump host). Pick the OpenSSH version above.',
        causes: [],
      },
    ],
  },
  {
    id: 'admin-empty',
    text: 'administratively prohibited: ',
    hint: 'nothing after the last colon',
    groups: [
      {
        families: ALL,
        note: 'OpenSSH always sends a description, so the server is not OpenSSH. Most often it is Dropbear (a router, an OpenWrt box, a small image); ssh -v names the server (“remote software version …”):',
        causes: ['dropbear-forwarding-disabled'],
      },
      {
        families: ALL,
        note: 'Bastion products (WALLIX …) and servers built on Node’s ssh2 or libssh send an empty description too:',
        causes: ['ssh-gateway-policy', 'server-lacks-forwarding'],
      },
    ],
  },
  {
    id: 'gateway-description',
    text: `administratively prohibited: ${gliderlabsSsh.words.forwardingDisabled}`,
    hint: 'or any other text you do not find here',
    groups: [
      {
        families: ALL,
        note: `OpenSSH always sends “open failed”; other words come from a server that is not OpenSSH: a gateway’s policy (Tailscale SSH, JumpServer), or a server with no forwarding at all (tinyssh: “${tinyssh.words.oneSession}”).`,
        causes: ['ssh-gateway-policy', 'server-lacks-forwarding'],
      },
    ],
  },
  {
    id: 'unknown-channel-type',
    text: `unknown channel type: ${gliderlabsSsh.words.unsupported}`,
    alt: 'unknown channel type: ',
    hint: 'reason 3, which OpenSSH never sends',
    groups: [
      {
        families: ['new', 'old'],
        note: 'The server software has no forwarding for this channel (a Go server without a forwarding handler, ShellHub, upterm, russh):',
        causes: ['server-lacks-forwarding'],
      },
      {
        families: ['dropbear'],
        note: 'Dropbear before 2025.89 answers a forward to a Unix socket this way:',
        causes: ['streamlocal-forwarding-disabled', 'server-lacks-forwarding'],
      },
    ],
  },
  {
    id: 'name-unknown',
    text: 'connect failed: Name or service not known',
    alt: "connect failed: Error resolving 'host' port 'N'. Name or service not known",
    groups: [
      {
        families: ['new', 'dropbear'],
        note: 'The server could not turn the target name into an address.',
        causes: ['target-name-unresolvable', 'localhost-not-resolvable', 'user-in-forward-spec', 'invalid-ip-literal', 'dns-rebinding-protection'],
      },
      {
        families: ['old'],
        note: 'Servers before 7.5 report a failed lookup as “administratively prohibited: open failed”; this line means the server is newer than you think.',
        causes: ['target-name-unresolvable', 'localhost-not-resolvable'],
      },
    ],
  },
  {
    id: 'temporary-failure',
    text: 'connect failed: Temporary failure in name resolution',
    groups: [
      {
        families: ['new', 'dropbear'],
        note: 'The server could not reach a DNS server at all.',
        causes: ['server-dns-broken', 'dns-rebinding-protection'],
      },
      {
        families: ['old'],
        note: 'Before 7.5 this failure prints “administratively prohibited: open failed”.',
        causes: ['server-dns-broken'],
      },
    ],
  },
  {
    id: 'connection-refused',
    text: 'connect failed: Connection refused',
    groups: [
      {
        families: ALL,
        note: 'The server reached the target host, and nothing accepted the connection on that port — or the name you logged in to took you to another machine than the service’s.',
        causes: ['target-service-down', 'target-listens-elsewhere', 'wrong-host-behind-name'],
      },
    ],
  },
  {
    id: 'timed-out',
    text: 'connect failed: Connection timed out',
    alt: 'connect failed: No route to host',
    groups: [
      {
        families: ALL,
        note: 'Something between the server and the target drops or rejects the connection.',
        causes: ['target-firewalled', 'myth-firewall-icmp'],
      },
    ],
  },
  {
    id: 'connect-open-failed',
    text: 'connect failed: open failed',
    groups: [
      {
        families: ['new'],
        note: 'The server refused a session, socket or tunnel-device channel, ran out of something, or could not open the target at all (a socket’s permissions, SELinux).',
        causes: [
          'session-limit-multiplexing',
          'streamlocal-forwarding-disabled',
          'target-socket-permission',
          'tunnel-device-refused',
          'server-out-of-file-descriptors',
          'mandatory-access-control',
        ],
      },
      {
        families: ['old'],
        note: 'Before 7.5 these failures print “administratively prohibited: open failed”.',
        causes: ['session-limit-multiplexing', 'tunnel-device-refused'],
      },
      {
        families: ['dropbear'],
        note: 'We have no record of Dropbear sending this; on OpenSSH 7.5 and later it means:',
        causes: ['session-limit-multiplexing', 'streamlocal-forwarding-disabled', 'tunnel-device-refused', 'server-out-of-file-descriptors'],
      },
    ],
  },
  {
    id: 'stdio-forwarding-failed',
    text: 'stdio forwarding failed',
    whole: true,
    groups: [
      {
        families: ALL,
        note: 'It follows “channel 0: open failed” when you use -J, ProxyJump or -W: the bastion refused to forward.',
        causes: ['jump-host-forwarding-disabled', 'tcp-forwarding-disabled'],
      },
    ],
  },
  {
    id: 'session-open-refused',
    text: 'mux_client_request_session: session request failed: Session open refused by peer',
    whole: true,
    groups: [
      {
        families: ALL,
        note: 'Usually a shared (ControlMaster) connection already has as many sessions as the server allows; SELinux and servers without multiplexing (tinyssh) print the same.',
        causes: ['session-limit-multiplexing', 'config-not-reloaded', 'mandatory-access-control', 'server-lacks-forwarding'],
      },
    ],
  },
  {
    id: 'tunnel-forwarding-failed',
    text: 'Tunnel forwarding failed',
    whole: true,
    groups: [
      {
        families: ALL,
        note: 'Only -w (tun/tap devices) prints this.',
        causes: ['tunnel-device-refused', 'myth-permittunnel'],
      },
    ],
  },
  {
    id: 'something-else',
    text: 'Something else: no “open failed” at all',
    whole: true,
    groups: [
      {
        families: ALL,
        note: 'These messages look related but no channel was refused:',
        causes: [
          'local-port-in-use',
          'client-listen-address-unavailable',
          'client-port-not-permitted',
          'remote-forward-refused',
          'forwarded-channel-mismatch',
          'server-disk-full',
          'auth-failed',
          'x11-forwarding-refused',
        ],
      },
    ],
  },
];
