/**
 * The exact lines real programs print, by software and version. Each function cites the
 * openssh-portable (or Dropbear) source it reproduces; the conformance suite checks them against
 * real servers where it can.
 */
import { atLeast, type ServerVersion } from './version.ts';

/** RFC 4254 §5.1 reason codes. */
export type ReasonCode = 1 | 2 | 3 | 4;

/** channels.c reason2txt(). */
export function reasonText(code: ReasonCode): string {
  return ['', 'administratively prohibited', 'connect failed', 'unknown channel type', 'resource shortage'][code]!;
}

/**
 * The client's line for SSH_MSG_CHANNEL_OPEN_FAILURE: channels.c channel_input_open_failure(),
 * `logit("channel %d: open failed: %s%s%s", ...)`, every OpenSSH version. The description is always
 * present in the packet (possibly empty: Dropbear sends ""), so ": " is always printed.
 */
export function channelOpenFailedLine(channel: number, code: ReasonCode, description: string): string {
  return `channel ${channel}: open failed: ${reasonText(code)}: ${description}`;
}

/** True for OpenSSH 7.5 and later (commit 858252fb1: failures other than policy become "connect failed"). */
export function isModernOpenSsh(v: ServerVersion): boolean {
  return v.software === 'openssh' && (v.major > 7 || (v.major === 7 && v.minor >= 5));
}

export function atLeastVersion(v: ServerVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/**
 * What an OpenSSH server sends when it cannot create the channel synchronously (no channel object):
 * serverloop.c server_input_channel_open(). Before 7.5 always (1, "open failed"); from 7.5 the reason
 * starts as SSH2_OPEN_CONNECT_FAILED and only the policy paths set ADMINISTRATIVELY_PROHIBITED; a
 * getaddrinfo failure passes its message as the description.
 */
export function openSshSyncFailure(v: ServerVersion, kind: 'policy' | 'other', description: string | null): { code: ReasonCode; description: string } {
  if (!isModernOpenSsh(v)) return { code: 1, description: 'open failed' };
  if (kind === 'policy') return { code: 1, description: 'open failed' };
  return { code: 2, description: description ?? 'open failed' };
}

/**
 * An error()-level server line as syslog and journald receive it: sshd puts "error: " in front
 * (log.c do_log(): `if (!log_on_stderr) txt = "error"`, then `"%s: %s"`; the same in
 * openssh-portable V_7_4_P1 and V_9_2_P1). Only `sshd -e`/`-d` output to stderr lacks it. The
 * conformance suite runs sshd without -e and records what its syslog socket receives.
 * logit()/verbose() lines get no prefix; fatal() would get "fatal: " (no channel message is fatal).
 */
export function errorLine(text: string): string {
  return `error: ${text}`;
}

// ---- OpenSSH server log lines (sshd at LogLevel VERBOSE, as syslog/journald record them) ----

/** serverloop.c server_request_direct_tcpip(): AllowTcpForwarding / DisableForwarding / key restrictions. */
export function refusedLocalForward(originator: string, originatorPort: number, target: string, targetPort: number): string {
  return `refused local port forward: originator ${originator} port ${originatorPort}, target ${target} port ${targetPort}`;
}

/** serverloop.c server_request_direct_streamlocal(). */
export function refusedStreamlocalForward(originator: string, originatorPort: number, path: string): string {
  return `refused streamlocal port forward: originator ${originator} port ${originatorPort}, target ${path}`;
}

/**
 * channels.c channel_connect_to_port(): PermitOpen / permitopen= denial. OpenSSH 8.1 added the
 * client's address and port (ssh_remote_ipaddr/ssh_remote_port: the SSH connection's peer).
 */
export function permitOpenDenied(v: ServerVersion, remoteAddr: string, remotePort: number, host: string, port: number): string {
  if (atLeastVersion(v, 8, 1))
    return `Received request from ${remoteAddr} port ${remotePort} to connect to host ${host} port ${port}, but the request was denied.`;
  return `Received request to connect to host ${host} port ${port}, but the request was denied.`;
}

/** channels.c channel_connect_to_path(): PermitOpen applies to socket paths too. */
export function permitOpenPathDenied(path: string): string {
  return `Received request to connect to path ${path}, but the request was denied.`;
}

/** channels.c connect_to_helper(): getaddrinfo() failed. */
export function unknownHost(host: string, gaiError: string): string {
  return errorLine(`connect_to ${host.slice(0, 100)}: unknown host (${gaiError})`);
}

/** channels.c channel_post_connecting(): every address was tried and none connected. */
export function connectFailed(host: string, port: number): string {
  return errorLine(`connect_to ${host.slice(0, 100)} port ${port}: failed.`);
}

/** channels.c connect_to_helper(): no address could even be tried (socket() or a synchronous connect error). */
export function connectToFailedSync(host: string, port: number, err: string): string {
  return errorLine(`connect to ${host.slice(0, 100)} port ${port} failed: ${err}`);
}

/** session.c session_open(): MaxSessions reached. */
export function noMoreSessions(): string {
  return errorLine('no more sessions');
}

/**
 * channels.c channel_setup_remote_fwd_listener(): a socket -R that AllowTcpForwarding does not
 * cover (check_rfwd_permission, 7.8+; logged from 8.1).
 */
export function remoteForwardPathDenied(remoteAddr: string, remotePort: number, path: string): string {
  return `Received request from ${remoteAddr} port ${remotePort} to remote forward to path "${path}", but the request was denied.`;
}

/** misc.c unix_listener(): bind() of a socket -R's path failed (error(); strerror from 7.7). */
export function unixListenerBindFailed(v: ServerVersion, path: string, err: string): string {
  return errorLine(atLeastVersion(v, 7, 7) ? `unix_listener: cannot bind to path ${path}: ${err}` : `unix_listener: cannot bind to path: ${path}`);
}

/**
 * Whether sshd logs a -R that PermitListen refused: channels.c channel_setup_remote_fwd_listener()
 * got its "Received request … to remote forward …" line in openssh-portable V_8_1_P1; 7.8–8.0 only
 * send the client a debug packet ("port forwarding refused"). Recorded with 8.0p1.
 */
export function logsRemoteForwardDenial(v: ServerVersion): boolean {
  return atLeast(v, 8, 1);
}

/** channels.c channel_setup_remote_fwd_listener(): PermitListen denial (logged from 8.1, see logsRemoteForwardDenial). */
export function remoteForwardDenied(v: ServerVersion, remoteAddr: string, remotePort: number, host: string | null, port: number): string {
  const from = atLeastVersion(v, 8, 1) ? ` from ${remoteAddr} port ${remotePort}` : '';
  if (host === null) return `Received request${from} to remote forward, but the request was denied.`;
  return `Received request${from} to remote forward to host ${host} port ${port}, but the request was denied.`;
}

// ---- Client lines (ssh at the default LogLevel INFO) ----

/** mux.c muxserver_listen(): ControlMaster auto found another master's socket. */
export function controlSocketExists(path: string): string {
  return `ControlSocket ${path} already exists, disabling multiplexing`;
}

/**
 * channels.c channel_input_extended_data() (V_9_2_P1): data on a channel's stderr is taken only
 * from a channel that has an stderr of its own (a session); a forwarded channel has none, so ssh
 * drops the data with `logit("channel %d: bad ext data", ...)`, shown at the default LogLevel.
 * Seen here with ssh 9.2p1 against a throwaway Go x/crypto server (not kept as a recording) that
 * confirms a direct-tcpip channel, writes on its stderr and closes it: "channel 2" for -L, "channel
 * 0" for -W, after which ssh exits 0 without "stdio forwarding failed".
 */
export const BAD_EXT_DATA = 'bad ext data';

/** The client's line for stderr data on a forwarded channel (see BAD_EXT_DATA). */
export function badExtData(channel: number): string {
  return `channel ${channel}: ${BAD_EXT_DATA}`;
}

/** ssh.c ssh_stdio_confirm(): -W / ProxyJump. */
export const STDIO_FORWARDING_FAILED = 'stdio forwarding failed';
/** ssh.c ssh_tun_confirm(): -w. */
export const TUNNEL_FORWARDING_FAILED = 'Tunnel forwarding failed';
/** mux.c mux_client_request_session(): the new multiplexed client. */
export const MUX_SESSION_REFUSED = 'mux_client_request_session: session request failed: Session open refused by peer';
/** ssh.c ssh_init_forwarding(): a local listener could not be set up. */
export const COULD_NOT_REQUEST_LOCAL = 'Could not request local forwarding.';

/**
 * misc.c sock_set_v6only(): error("setsockopt IPV6_V6ONLY: %s") when the platform refuses the
 * option (WSL1: "Invalid argument"); ssh goes on to bind the IPv6 socket anyway (8.4p1, 10.3p1).
 */
export const SETSOCKOPT_V6ONLY = 'setsockopt IPV6_V6ONLY: ';

/** channels.c channel_connect_by_listen_address(): a forwarded-tcpip channel for a -R ssh never requested. */
export function unknownForwardedListenPort(port: number): string {
  return `WARNING: Server requests forwarding for unknown listen_port ${port}`;
}

/** ssh.c main(), option -W: parse_forward() could not read the argument (printed to stderr, exit 255; every release). */
export function badStdioForwarding(arg: string): string {
  return `Bad stdio forwarding specification '${arg}'`;
}

/**
 * sshconnect.c ssh_exchange_identification() before OpenSSH 8.0 (kex.c kex_exchange_identification()
 * from 8.0): the connection (or a ProxyCommand's pipe) closed before the server's banner. Read in
 * openssh-portable V_7_9_P1 and PowerShell/openssh-portable v7.6.1.0 and v7.9.0.0; V_8_0_P1 and
 * v8.0.0.0 have the kex.c wording.
 */
export const SSH_EXCHANGE_CLOSED = 'ssh_exchange_identification: Connection closed by remote host';

/** readconf.c add_local_forward() before OpenSSH 7.8: a -L/-D port below 1024 without root (fatal). */
export const PRIVILEGED_PORTS_ROOT_ONLY = 'Privileged ports can only be forwarded by root.';

/** channels.c channel_setup_fwd_listener_tcpip(): bind() failed for one address. */
export function bindFailed(address: string, port: number, err: string): string {
  return `bind [${address}]:${port}: ${err}`;
}

/** channels.c channel_setup_fwd_listener_tcpip(): no listener could be set up at all. */
export function cannotListen(port: number): string {
  return `channel_setup_fwd_listener_tcpip: cannot listen to port: ${port}`;
}

/**
 * ssh.c ssh_confirm_remote_forward(): -R refused. logit() "Warning: …", or with ExitOnForwardFailure
 * fatal() "Error: …" and ssh exits; a socket -R names its path.
 */
export function remoteForwardFailed(listen: { port: number } | { path: string }, exitOnFailure: boolean): string {
  const what = 'path' in listen ? `listen path ${listen.path}` : `listen port ${listen.port}`;
  return `${exitOnFailure ? 'Error' : 'Warning'}: remote port forwarding failed for ${what}`;
}

/** clientloop.c client_status_confirm(): -X request refused on the session channel. */
export function x11Failed(channel: number): string {
  return `X11 forwarding request failed on channel ${channel}`;
}

/** sshconnect2.c: every authentication method failed. */
export function permissionDenied(user: string, host: string, methods: string): string {
  return `${user}@${host}: Permission denied (${methods}).`;
}

/**
 * The methods a server lists when it refuses a login, as the harness (and a default install without
 * PAM) configures it: PasswordAuthentication no, KbdInteractiveAuthentication no.
 * - OpenSSH before 8.7: sshd.c main() turned keyboard-interactive on whenever
 *   ChallengeResponseAuthentication was on (its default), whatever KbdInteractiveAuthentication
 *   said, so auth2.c authmethods_get() lists it (openssh-portable V_8_4_P1 sshd.c; the override is
 *   gone in V_8_7_P1, where ChallengeResponseAuthentication became an alias of
 *   KbdInteractiveAuthentication). Recorded with 8.4p1.
 * - Dropbear: svr-auth.c send_msg_userauth_failure() lists publickey and, unless password logins
 *   are disabled (-s/-g), password.
 */
export function refusedLoginMethods(v: ServerVersion): string {
  if (v.software === 'dropbear') return 'publickey,password';
  return atLeast(v, 8, 7) ? 'publickey' : 'publickey,keyboard-interactive';
}

/**
 * What ssh prints when the server closes the whole connection while it runs (clientloop.c
 * client_process_net_input(): sshbuf_read() turns the EOF into EPIPE, and quit_message() prints this
 * and ends the session, exit status 255; openssh-portable V_9_2_P1). `host` is the HostName ssh
 * connected to.
 */
export function closedByRemoteHost(host: string): string {
  return `Connection to ${host} closed by remote host.`;
}

/**
 * What ssh prints after the ProxyJump leg (`ssh -W`) ended before the SSH greeting: before 8.0,
 * sshconnect.c ssh_exchange_identification() stopped with fatal() on the EOF (openssh-portable
 * V_7_9_P1), so that line is the last; from V_8_0_P1 kex.c kex_exchange_identification() logged it
 * with error() up to 9.4 and with verbose() from V_9_5_P1 on (not shown at the default LogLevel), and
 * sshconnect.c then reports the closed proxy connection. `client` is the ssh(1) release.
 */
export function jumpLegClosedLines(client: ServerVersion): string[] {
  const closed = 'Connection closed by UNKNOWN port 65535';
  if (!atLeast(client, 8, 0)) return [SSH_EXCHANGE_CLOSED];
  return atLeast(client, 9, 5) ? [closed] : ['kex_exchange_identification: Connection closed by remote host', closed];
}

/**
 * OpenSSH clients from 10.1 on warn after the key exchange when it was not post-quantum
 * (sshconnect.c warn_nonpq_kex(), openssh-portable V_10_1_P1), unless the user set KexAlgorithms.
 * A server offers a post-quantum method when it is OpenSSH 8.5 or newer (sntrup761x25519) or
 * Dropbear 2025.87 or newer (sntrup761 / ML-KEM, its CHANGES). simulate() prints it for each server
 * whose key exchange finished (recorded with the 10.5p1 client against Dropbear 2022.83).
 */
export function nonPostQuantumWarning(client: ServerVersion, server: ServerVersion): string[] {
  if (!atLeast(client, 10, 1)) return [];
  const pq = server.software === 'dropbear' ? atLeast(server, 2025, 87) : atLeast(server, 8, 5);
  if (pq) return [];
  return [
    '** WARNING: connection is not using a post-quantum key exchange algorithm.',
    '** This session may be vulnerable to "store now, decrypt later" attacks.',
    '** The server may need to be upgraded. See https://openssh.com/pq.html',
  ];
}

// ---- Dropbear 2022.83 ----

/** Dropbear netio.c connect_remote(): the resolver's error inside its own sentence. */
export function dropbearResolveError(host: string, port: number, gaiError: string): string {
  return `Error resolving '${host}' port '${port}'. ${gaiError}`;
}

/**
 * The description of a Dropbear connect or resolve failure (SSH_OPEN_CONNECT_FAILED): before
 * 2022.82 common-channel.c sent an empty string (Dropbear 2020.81 common-channel.c
 * channel_connect_done(); 2022.83 sends the error text; CHANGES 2022.82 "Improve error logging").
 * Recorded with 2020.81.
 */
export function dropbearConnectFailedDescription(v: ServerVersion, text: string): string {
  return atLeast(v, 2022, 82) ? text : '';
}

/**
 * The reason code of a refused Dropbear channel: a release without Unix-socket forwarding
 * (before 2024.84) does not know the `direct-streamlocal@openssh.com` channel type and answers
 * SSH_OPEN_UNKNOWN_CHANNEL_TYPE (common-channel.c recv_msg_channel_open(), Dropbear 2022.83);
 * every other refusal is administratively prohibited. The description is empty either way.
 * Recorded with 2022.83.
 */
export function dropbearRefusalCode(v: ServerVersion, streamlocal: boolean): ReasonCode {
  return streamlocal && !atLeast(v, 2024, 84) ? 3 : 1;
}

/**
 * Whether Dropbear answers a refused `tcpip-forward` (-R to a port). Before 2022.82
 * svr-tcpfwd.c recv_msg_global_request_remotetcp() jumped to its reply before reading want-reply
 * when -k or the key forbade forwarding, so no answer was sent and ssh prints nothing (Dropbear
 * 2020.81; CHANGES 2022.82 "Fix correctness of Dropbear's handling of global requests"). Recorded
 * with 2020.81.
 */
export function dropbearAnswersRefusedRemoteTcp(v: ServerVersion): boolean {
  return v.software !== 'dropbear' || atLeast(v, 2022, 82);
}

// ---- Client log levels ----

/** ssh's LogLevel values, quietest first. */
const RANK: Record<string, number> = { QUIET: 0, FATAL: 1, ERROR: 2, INFO: 3, VERBOSE: 4, DEBUG: 5, DEBUG1: 5, DEBUG2: 6, DEBUG3: 7 };

/**
 * The level at which ssh prints each client line (log.c: a line is shown when its level is at or
 * below LogLevel; -q is QUIET, which hides even fatal()). logit() lines are INFO; the rest are
 * error() or fatal() calls.
 */
export function clientLineLevel(line: string): 'INFO' | 'ERROR' | 'FATAL' {
  if (/^channel \d+: open failed: /.test(line) || line.startsWith('Warning: remote port forwarding failed')) return 'INFO';
  if (/^channel \d+: /.test(line) && line.endsWith(`: ${BAD_EXT_DATA}`)) return 'INFO';
  if (line === STDIO_FORWARDING_FAILED || / Permission denied \(/.test(line) || line.startsWith('Connection closed by ')) return 'FATAL';
  return 'ERROR';
}

/** The lines ssh actually shows at this LogLevel. */
export function visibleClientLines(lines: string[], logLevel: string | null | undefined): string[] {
  const rank = RANK[(logLevel ?? 'INFO').toUpperCase()] ?? RANK.INFO!;
  return lines.filter((l) => RANK[clientLineLevel(l)]! <= rank);
}
