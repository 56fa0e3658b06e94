/**
 * Scores catalog causes from the observations by applying the named evidence rules in order. Each
 * rule reads some observations and adds points to the causes they support, with a sentence saying
 * why; decisive evidence (a server log line, an effective setting the model says refuses) marks its
 * cause, and a rule may rule causes out. Scores are then shares of the total (index.ts).
 */
import type { Ctx } from './context.ts';
import { makeAcc, type Acc, type Ranking } from './evidence.ts';
import { apMentioned, channelFailures, otherChannelsPassed, trafficNotFault } from './rules/client.ts';
import { commandLine } from './rules/command.ts';
import { jumpCompanions, localListener, loginAndX11, remoteForward, serverTroubles, tunnelAndMux } from './rules/companions.ts';
import { authorizedKeysLine, forwardingSettings, hostsFile, otherSettings, permitOpenSetting, sftpBlock } from './rules/config.ts';
import { certificateExtensions, gatewayPolicy, libraryChannels, vscodeGuess } from './rules/tools.ts';
import { connectToFailedLog, deniedByPermitListLog, refusedByPolicyLog, sessionsAndSocketsLog, unknownHostLog } from './rules/server-log.ts';

export type { Ranking, Score } from './evidence.ts';

/** One named evidence rule: what it reads, the causes it can point at, and the rule itself. */
export interface EvidenceRule {
  name: string;
  /** The observations (or pasted configuration) it reads. */
  reads: string;
  /** The causes it may add points to, or rule out. */
  causes: string;
  /** In one sentence, why the observation means the cause. */
  why: string;
  /** Whether it can mark a cause decisive (a line or setting that only that cause produces). */
  decisive: boolean;
  /** What it rules out, in words. */
  rulesOut: string;
  apply(ctx: Ctx, a: Acc): void;
}

/** The rules, in the order they apply (later rules weigh what earlier ones found). */
export const EVIDENCE_RULES: readonly EvidenceRule[] = [
  {
    name: 'channel-open-failure',
    reads: 'the client’s "channel N: open failed: <reason>: <description>"',
    causes: 'policy, resolution, target and resource causes by reason and description',
    why: 'The reason code and description tell which check refused the channel, differently before and from OpenSSH 7.5.',
    decisive: true,
    rulesOut: 'on OpenSSH 7.5+: resolution and resource causes for "administratively prohibited"; policy causes for "connect failed"',
    apply: channelFailures,
  },
  {
    name: 'traffic-not-fault',
    reads: 'several connect failures with different errors',
    causes: 'weakens target causes',
    why: 'Through a SOCKS proxy, different sites failing differently is ordinary traffic.',
    decisive: false,
    rulesOut: 'nothing',
    apply: trafficNotFault,
  },
  {
    name: 'other-channels-passed',
    reads: 'a connect failure next to a policy refusal',
    causes: 'weakens blanket policies',
    why: 'A channel that reached its target shows forwarding as such is allowed.',
    decisive: false,
    rulesOut: 'nothing',
    apply: otherChannelsPassed,
  },
  {
    name: 'ap-mentioned',
    reads: 'the words "administratively prohibited" without a client line',
    causes: 'tcp-forwarding-disabled, permitopen-mismatch, target-name-unresolvable',
    why: 'The phrase alone only says the server refused the channel.',
    decisive: false,
    rulesOut: 'nothing',
    apply: apMentioned,
  },
  {
    name: 'jump-companions',
    reads: '"stdio forwarding failed", "UNKNOWN port 65535", kex_exchange_identification',
    causes: 'jump-host-forwarding-disabled',
    why: 'These lines follow a refused -W / ProxyJump channel.',
    decisive: true,
    rulesOut: 'tcp-forwarding-disabled on the final server',
    apply: jumpCompanions,
  },
  {
    name: 'tunnel-and-mux',
    reads: '"Tunnel forwarding failed", "Session open refused by peer"',
    causes: 'tunnel-device-refused, session-limit-multiplexing',
    why: 'Each is the client’s line for that refusal.',
    decisive: true,
    rulesOut: 'myth-permittunnel (for a -w refusal it is the right knob)',
    apply: tunnelAndMux,
  },
  {
    name: 'local-listener',
    reads: 'bind errors, "cannot listen to port", "Could not request local forwarding."',
    causes: 'local-port-in-use',
    why: 'The local listener failed: no channel reached the server.',
    decisive: true,
    rulesOut: 'policy causes, when no channel was requested',
    apply: localListener,
  },
  {
    name: 'remote-forward',
    reads: '"remote port forwarding failed", unix_listener errors, sshd’s -R denial',
    causes: 'remote-forward-refused, server-disk-full, password-change-required',
    why: 'The client’s warning says a -R was refused; sshd’s log says why.',
    decisive: true,
    rulesOut: 'nothing',
    apply: remoteForward,
  },
  {
    name: 'login-and-x11',
    reads: '"Permission denied (…)", failed logins, "X11 forwarding request failed"',
    causes: 'auth-failed, x11-forwarding-refused',
    why: 'A failed login comes before any channel; a refused -X does not stop a tunnel.',
    decisive: true,
    rulesOut: 'policy causes when the login failed; auth-failed when it succeeded',
    apply: loginAndX11,
  },
  {
    name: 'server-troubles',
    reads: 'descriptor, password, SFTP-only, key-options, disk and resolver lines',
    causes: 'resource, policy and resolution causes each line names',
    why: 'Each line names what the server ran out of or refused.',
    decisive: true,
    rulesOut: 'key-forwarding-restricted when the key options list port-forwarding',
    apply: serverTroubles,
  },
  {
    name: 'refused-by-policy-log',
    reads: 'sshd’s "refused local port forward"',
    causes: 'tcp-forwarding-disabled, key-forwarding-restricted, sftp-only-account, jump-host-forwarding-disabled',
    why: 'sshd logs this when a forwarding policy refuses, before any lookup.',
    decisive: true,
    rulesOut: 'resolution, target and resource causes, permit-list causes',
    apply: refusedByPolicyLog,
  },
  {
    name: 'denied-by-permit-list-log',
    reads: 'sshd’s "Received request … to connect to host … but the request was denied."',
    causes: 'permitopen-mismatch, key-permitopen-mismatch',
    why: 'sshd logs this when PermitOpen or the key’s permitopen= does not list the target.',
    decisive: true,
    rulesOut: 'resolution, target and resource causes, blanket policies',
    apply: deniedByPermitListLog,
  },
  {
    name: 'unknown-host-log',
    reads: 'sshd’s "connect_to … unknown host (…)"',
    causes: 'resolution causes, classified by the model’s resolutionCause()',
    why: 'The server passed its policy and could not resolve the target.',
    decisive: true,
    rulesOut: 'policy causes',
    apply: unknownHostLog,
  },
  {
    name: 'connect-to-failed-log',
    reads: 'sshd’s "connect_to … failed" / "connect to … failed: …"',
    causes: 'target causes, streamlocal-forwarding-disabled, server-out-of-file-descriptors',
    why: 'The server passed its policy and could not connect.',
    decisive: true,
    rulesOut: 'policy causes',
    apply: connectToFailedLog,
  },
  {
    name: 'sessions-and-sockets-log',
    reads: 'sshd’s "no more sessions", refused streamlocal forwards',
    causes: 'session-limit-multiplexing, streamlocal-forwarding-disabled',
    why: 'sshd logs these for a session limit and a refused socket forward.',
    decisive: true,
    rulesOut: 'nothing (weakens policy causes)',
    apply: sessionsAndSocketsLog,
  },
  {
    name: 'forwarding-settings',
    reads: 'pasted AllowTcpForwarding / DisableForwarding / ForceCommand (sshd_config or sshd -T)',
    causes: 'tcp-forwarding-disabled, sftp-only-account, remote-forward-refused',
    why: 'The model’s sshdAllowsLocalTcp / sshdAllowsRemoteTcp / sftpOnlyDenial say whether the settings refuse.',
    decisive: true,
    rulesOut: 'tcp-forwarding-disabled when every reading allows forwarding',
    apply: forwardingSettings,
  },
  {
    name: 'sftp-block',
    reads: 'a pasted Match block with ForceCommand internal-sftp',
    causes: 'sftp-only-account',
    why: 'Such a block marks an SFTP-only account; its forwarding line decides.',
    decisive: false,
    rulesOut: 'nothing',
    apply: sftpBlock,
  },
  {
    name: 'permitopen-setting',
    reads: 'pasted PermitOpen',
    causes: 'permitopen-mismatch, key-permitopen-mismatch',
    why: 'The model’s adminPermitOpen says whether the list allows the requested host:port.',
    decisive: true,
    rulesOut: 'permitopen-mismatch when PermitOpen allows the target',
    apply: permitOpenSetting,
  },
  {
    name: 'authorized-keys-line',
    reads: 'the pasted authorized_keys line',
    causes: 'key-forwarding-restricted, key-permitopen-mismatch',
    why: 'The model’s key parser and keyPermitOpen say what the key allows.',
    decisive: true,
    rulesOut: 'key-forwarding-restricted / key-permitopen-mismatch when the key allows it',
    apply: authorizedKeysLine,
  },
  {
    name: 'other-settings',
    reads: 'pasted MaxSessions, PermitTunnel, AllowStreamLocalForwarding, AddressFamily',
    causes: 'session-limit-multiplexing, tunnel-device-refused, streamlocal-forwarding-disabled, target-listens-elsewhere',
    why: 'Each setting limits one kind of channel.',
    decisive: true,
    rulesOut: 'myth-permittunnel for -L/-D/-R',
    apply: otherSettings,
  },
  {
    name: 'hosts-file',
    reads: 'the server’s pasted /etc/hosts',
    causes: 'rules out resolution causes, or confirms localhost-not-resolvable',
    why: 'The model’s resolver reads /etc/hosts first: a name found there resolves.',
    decisive: true,
    rulesOut: 'resolution causes when /etc/hosts maps the target',
    apply: hostsFile,
  },
  {
    name: 'command-line',
    reads: 'the ssh command',
    causes: 'user-in-forward-spec, invalid-ip-literal, tunnel-device-refused, target-name-unresolvable',
    why: 'A forward spec can carry the mistake itself.',
    decisive: true,
    rulesOut: 'nothing',
    apply: commandLine,
  },
  {
    name: 'gateway-policy',
    reads: 'a gateway’s own description ("port forwarding is disabled"), Teleport’s audit line, an empty description',
    causes: 'ssh-gateway-policy',
    why: 'A description OpenSSH never sends, or a gateway’s audit log, names the gateway’s policy.',
    decisive: true,
    rulesOut: 'weakens OpenSSH policy causes when the description is a gateway’s',
    apply: gatewayPolicy,
  },
  {
    name: 'vscode-guess',
    reads: 'VS Code Remote-SSH’s "TCP port forwarding appears to be disabled" without ssh’s own line',
    causes: 'the causes that refuse every forward, most likely first',
    why: 'VS Code prints its notice after any refused -D channel; it is a guess, not the server’s answer.',
    decisive: false,
    rulesOut: 'nothing',
    apply: vscodeGuess,
  },

  {
    name: 'library-channels',
    reads: 'a library’s "connect failed" with the description "open failed"',
    causes: 'session-limit-multiplexing',
    why: 'Libraries run many sessions over one connection, so MaxSessions refuses the next one.',
    decisive: false,
    rulesOut: 'nothing',
    apply: libraryChannels,
  },
  {
    name: 'certificate-extensions',
    reads: 'a user certificate as ssh-keygen -L lists it',
    causes: 'certificate-forwarding-not-permitted',
    why: 'sshd allows forwarding for a certificate login only when the certificate lists permit-port-forwarding.',
    decisive: true,
    rulesOut: 'certificate-forwarding-not-permitted when the certificate lists the extension',
    apply: certificateExtensions,
  },
];

export function rank(ctx: Ctx): Ranking {
  const a = makeAcc(ctx);
  for (const rule of EVIDENCE_RULES) rule.apply(ctx, a);
  return { scores: a.scores, ruledOut: a.ruledOut, notes: a.notes, lineCauses: a.lineCauses };
}
