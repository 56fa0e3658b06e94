/**
 * The scenario: everything the model needs to decide one channel-open. It is a public contract
 * (share links, the CLI's input files and the conformance scenarios are written in it): field names
 * here must not be renamed.
 *
 * It is declared once, as a zod schema: the TypeScript types below are inferred from it, validate.ts
 * checks untrusted input with it (each kind of value carries the message a user sees when a field
 * is not of that kind), and the site publishes it as JSON Schema at /scenario.schema.json. The doc
 * comment on each field is the field's documentation (editors show it on the inferred types too).
 */
import * as z from 'zod/mini';
import { CLIENT_SOFTWARE, SERVER_SOFTWARE } from './software/index.ts';

/** Longest text a field may hold, in characters. */
export const MAX_TEXT = 200_000;
/** Most items a list (or a DNS record set) may hold. */
export const MAX_LIST = 500;
/** Largest whole number a count may be. */
const MAX_COUNT = 1_000_000;

/** How a value the user gave is named in a message: short, and never the whole of a long text. */
function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return v.length > 40 ? 'a long string' : JSON.stringify(v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/** The message for a value that is not `what`; a field that is missing is required. */
const expected =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : `expected ${what}, got ${describeValue(issue.input)}`;

/** Checks a size cap only on a value of the kind it is for (zod would also measure a wrong one). */
function capOn<C extends z.core.$ZodCheck>(check: C, kind: (v: unknown) => boolean): C {
  check._zod.def.when = (payload) => kind(payload.value);
  return check;
}

/** Text; its length is counted in characters (Unicode code points), as JSON Schema's maxLength counts. */
const text = () =>
  z
    .string({ error: expected('text') })
    .check(
      capOn(
        z.maxLength(MAX_TEXT, { error: (i) => `text is too long (${[...(i.input as string)].length} characters; at most ${MAX_TEXT})` }),
        (v) => typeof v === 'string',
      ),
    );

const bool = () => z.boolean({ error: expected('true or false') });

/** A whole number from 0 to `max`; `what` names the range in messages. */
function wholeNumber(max: number, what: string) {
  const error = expected(what);
  return z.int({ error }).check(z.minimum(0, { error }), z.maximum(max, { error }));
}

const port = () => wholeNumber(65_535, 'a port number 0–65535');
const count = () => wholeNumber(MAX_COUNT, 'a whole number ≥ 0');

function oneOf<const T extends readonly string[]>(values: T) {
  return z.enum(values, { error: expected(`one of ${values.map((a) => `"${a}"`).join(', ')}`) });
}

/** A list of at most MAX_LIST items; a longer list is one problem, whatever its items are. */
function listOf<T extends z.core.SomeType>(item: T) {
  return z
    .array(item, { error: expected('a list') })
    .check(capOn(z.maxLength(MAX_LIST, { error: (i) => `list is too long (${(i.input as unknown[]).length} items; at most ${MAX_LIST})` }), Array.isArray));
}

/** An object with exactly these fields (each optional unless the shape says otherwise); any other field is a problem. */
function block<S extends z.core.$ZodLooseShape>(shape: S) {
  const known = Object.keys(shape).join(', ');
  const other = expected('an object');
  return z.strictObject(shape, {
    error: (i) => (i.code === 'unrecognized_keys' ? `unknown field (expected one of: ${known})` : other(i)),
  });
}

const opt = z.optional;

/** Name → addresses, at most MAX_LIST names. */
const dnsRecords = () =>
  z.record(z.string(), listOf(text()), { error: expected('an object of name → list of addresses') }).check(
    z.refine((r) => Object.keys(r).length <= MAX_LIST, {
      error: `too many records (at most ${MAX_LIST})`,
      when: (p) => typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value),
    }),
  );

/** Where the server's resolver finds a name. */
export const DnsSettingsSchema = block({
  /** Names the DNS server answers, with their addresses. */
  records: opt(dnsRecords()),
  /** False when the configured DNS server cannot be reached ("Temporary failure in name resolution"). */
  reachable: opt(bool()),
  /** True when the resolver drops answers that point at private addresses (pfSense, home routers). */
  rebindingProtection: opt(bool()),
});

/** The SSH server (or, as `jump`, the bastion in front of it). */
export const ServerBlockSchema = block({
  /**
   * "openssh" or "dropbear" (default "openssh"), or another server program with a profile in
   * software/ ("gliderlabs-ssh", "teleport" …): what it answers a forward comes from its profile,
   * and sshd_config does not apply, except for "openssh-windows-server" (Windows' build of sshd,
   * whose sshd_config applies as OpenSSH's).
   */
  software: opt(oneOf(['openssh', 'dropbear', ...SERVER_SOFTWARE])),
  /**
   * The release as users see it: "10.5p1", "OpenSSH_9.2p1 Debian-2+deb12u7", "SSH-2.0-OpenSSH_8.9p1
   * Ubuntu-3ubuntu0.10"; Dropbear "2022.83", "dropbear_2020.81". OpenSSH 6.6 … 10.5 are modelled.
   * Default: Debian 12's OpenSSH 9.2p1 package / Dropbear 2022.83. A bare "9.2p1" is the upstream
   * release, which lacks the fixes Debian backported (see version.ts distribution fixes).
   */
  version: opt(text()),
  /** sshd_config text, Match blocks included. Default: empty (sshd's built-in defaults). */
  sshdConfig: opt(text()),
  /**
   * The sshd_config text the server actually runs with, when it differs from `sshdConfig` (the file
   * on disk, which is what `sshd -T` reads): the listener read its configuration when it started or
   * was last sent SIGHUP, and every connection keeps the copy it started with. For a multiplexed
   * session (ControlMaster) this is what the master's connection started with, e.g. a MaxSessions
   * the file has since raised. Default: the same as `sshdConfig`.
   */
  runningSshdConfig: opt(text()),
  /**
   * Set when the login key is an OpenSSH user certificate (signed with `ssh-keygen -s`, Vault,
   * step-ca …): `extensions` lists what it grants, e.g. `["permit-pty"]`. sshd grants a certificate
   * login only what its extensions name, so without `permit-port-forwarding` every forward is
   * refused. Default: a plain key, no certificate.
   */
  certificate: opt(
    block({
      /** The certificate's extensions, as `ssh-keygen -L` lists them. Required. */
      extensions: listOf(text()),
    }),
  ),
  /**
   * Set when the server is not OpenSSH or Dropbear but a gateway product (Tailscale SSH, JumpServer,
   * a bastion appliance) whose own policy refuses port forwarding; `description` is the text it
   * sends with reason code 1: gliderlabs/ssh-based servers send "port forwarding is disabled" (the
   * default), some bastions send "". sshd_config and the key's options are then not consulted.
   */
  gatewayPolicy: opt(
    block({
      /** The text sent with reason code 1. Default "port forwarding is disabled". */
      description: opt(text()),
    }),
  ),
  /** Dropbear command-line flags as dropbear reads them: -j (no local forwarding), -k (no remote forwarding), -c command (a forced command). */
  dropbearOptions: opt(text()),
  /** Options on the authorized_keys line of the key that logs in, e.g. `restrict,port-forwarding`. */
  authorizedKeysOptions: opt(text()),
  /** The account that logs in; defaults to the user in the command (or the client's config). */
  user: opt(text()),
  /** That account's groups, for Match Group. */
  groups: opt(listOf(text())),
  /** True when the account's password has expired and must be changed. */
  passwordExpired: opt(bool()),
  /** False when the server does not accept the client's key ("Permission denied"). Default true. */
  acceptsKey: opt(bool()),
  /** The server's /etc/hosts. Default: `127.0.0.1 localhost` and `::1 localhost`. */
  hosts: opt(text()),
  /** The server's /etc/resolv.conf. */
  resolvConf: opt(text()),
  /** What the server's DNS server answers, and whether it can be reached. */
  dns: opt(DnsSettingsSchema),
  /** True when the sshd session process has hit its open-file limit. */
  openFilesExhausted: opt(bool()),
  /** Sessions already open on the multiplexed (ControlMaster) connection. */
  openSessions: opt(count()),
  /** False when the server has no /dev/net/tun (containers, LXC). Default true. */
  tunDevice: opt(bool()),
  /** Unix socket paths that exist on the server: targets of -L …:/path, or in the way of -R /path:…. */
  sockets: opt(listOf(text())),
  /**
   * Socket paths among `sockets` that the login user may not open: e.g. /var/run/docker.sock,
   * owned root:docker with mode 0660, and the user not in the docker group. connect() fails with
   * "Permission denied".
   */
  deniedSockets: opt(listOf(text())),
  /**
   * Set when a mandatory access control policy denies sshd's own outbound connects although
   * sshd_config allows the forward: SELinux (Fedora/RHEL: sshd-session's domain lacks name_connect
   * for the target's port type) or AppArmor. connect() fails at once with "Permission denied".
   */
  macDeniesConnect: opt(oneOf(['selinux', 'apparmor'])),
  /** The machine's own name, as `hostname` prints it there (where a load-balanced or alias name landed). */
  hostname: opt(text()),
  /**
   * For -R: a relay or gateway that opens the forwarded-tcpip channel for another listen port or
   * address than the one ssh asked for (it rewrites the bind), so ssh does not know the channel.
   */
  rewritesRemoteForward: opt(
    block({
      /** The listen port the relay names instead of the one ssh asked for. */
      port: opt(port()),
      /** The listen address the relay names instead of the one ssh asked for. */
      address: opt(text()),
    }),
  ),
  /** Ports already bound on the server, for -R. */
  portsInUse: opt(listOf(port())),
  /**
   * True when the server's filesystems have no free block and no free inode. sshd then cannot create
   * the socket file of a -R from a Unix socket path; TCP forwards and sessions are unaffected.
   */
  diskFull: opt(bool()),
  /** The name or address the jump host uses for this server; for a jump block, ignored. */
  address: opt(text()),
});

/** The machine ssh runs on, and what the user typed there. */
export const ClientBlockSchema = block({
  /** The command as typed; parsed as ssh(1) parses it. Required. */
  command: text(),
  /**
   * The ssh(1) release (when `software` is "openssh"), as `ssh -V` prints it or as for server.version ("10.5p1", "OpenSSH_8.4p1").
   * Default: Debian 12's OpenSSH 9.2p1.
   */
  version: opt(text()),
  /** The client's ~/.ssh/config. */
  sshConfig: opt(text()),
  /** The client's /etc/hosts. */
  hosts: opt(text()),
  /** The client's address as the server sees it. Default "127.0.0.1". */
  address: opt(text()),
  /** Which forward receives a connection, and (for -D) what the SOCKS client asks for. */
  connect: opt(
    block({
      /** Which of the command's forwards (-L, -R, -D, in the order given), counting from 0. Default 0. */
      forward: opt(count()),
      /** For -D: the host the SOCKS client asks for. Default "localhost". */
      host: opt(text()),
      /** For -D: the port the SOCKS client asks for. Default 80. */
      port: opt(port()),
    }),
  ),
  /** Local ports already taken on the client (bind fails). */
  portsInUse: opt(listOf(port())),
  /**
   * False when the client machine has no IPv6 loopback address (a container, a cloud shell, IPv6
   * switched off): binding ::1 fails with "Cannot assign requested address", and ssh tries ::1
   * after 127.0.0.1. Default true.
   */
  ipv6: opt(bool()),
  /**
   * True when ssh may listen on ports below 1024: it runs as root (sudo ssh …), or the system lets
   * anyone (macOS 10.14 and later, Linux with net.ipv4.ip_unprivileged_port_start=0). Default
   * false: such a port is refused ("Permission denied"; before OpenSSH 7.8 ssh refuses it itself).
   */
  root: opt(bool()),
  /**
   * Which SSH client prints the outcome (a profile in software/: CLIENT_SOFTWARE). Default "openssh". The
   * command is still written as ssh(1) would take it; only what the client prints changes:
   * - "openssh": OpenSSH's ssh (the lines messages.ts models);
   * - "putty": PuTTY, plink and WinSCP (their Event Log lines, as plink -v prints them);
   * - "paramiko": Python's Paramiko (Ansible, Fabric): its log line and exception;
   * - "go-x-crypto": Go's golang.org/x/crypto/ssh (Terraform, Packer): its error;
   * - "node-ssh2": Node's ssh2 (tunnel-ssh, node-ssh): its error message.
   */
  software: opt(oneOf(CLIENT_SOFTWARE)),
});

/** listening; closed (RST: "Connection refused"); filtered (drops: "Connection timed out"); rejected (ICMP: "No route to host"). */
export const TargetStateSchema = oneOf(['listening', 'closed', 'filtered', 'rejected']);

/** A service the server (or the jump host) can reach. */
export const TargetServiceSchema = block({
  /** An address or a name as the server sees it. */
  host: text(),
  /** The service's TCP port. */
  port: port(),
  /** listening; closed (RST: "Connection refused"); filtered (drops: "Connection timed out"); rejected (ICMP: "No route to host"). */
  state: TargetStateSchema,
  /**
   * The machine the service runs on (its `hostname`), when the login name can land on several (an
   * HPC login alias, a round-robin or load-balanced name): a server whose `hostname` differs does
   * not have it.
   */
  onNode: opt(text()),
});

/** One channel-open to decide: the client, the server (and a jump host), the services behind them. */
export const ScenarioSchema = block({
  /** The machine ssh runs on, and the command typed there. Required. */
  client: ClientBlockSchema,
  /** The bastion, for -J / ProxyJump. */
  jump: opt(ServerBlockSchema),
  /** The SSH server the forward goes through. Default: Debian 12's OpenSSH with sshd's defaults. */
  server: opt(ServerBlockSchema),
  /** Services the server (or the jump host) can reach. An address with no entry is closed. */
  targets: opt(listOf(TargetServiceSchema)),
});

export type DnsSettings = z.infer<typeof DnsSettingsSchema>;
export type ServerBlock = z.infer<typeof ServerBlockSchema>;
export type ClientBlock = z.infer<typeof ClientBlockSchema>;
export type TargetState = z.infer<typeof TargetStateSchema>;
export type TargetService = z.infer<typeof TargetServiceSchema>;
export type Scenario = z.infer<typeof ScenarioSchema>;
