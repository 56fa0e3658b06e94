/**
 * What SSH clients other than OpenSSH's print for the same protocol-level result: a refused
 * channel (reason code + the server's description), a refused -R (tcpip-forward), or failed
 * authentication. `client.software` selects one. Every line here was recorded live against
 * OpenSSH 9.2p1 (test/conformance/clients/recordings/) and follows the client's source, cited per
 * function; the server side (which reason and description it sends) stays in decide.ts/messages.ts.
 */
import { channelOpenFailedLine, permissionDenied, type ReasonCode, remoteForwardFailed, STDIO_FORWARDING_FAILED } from './messages.ts';

export const CLIENT_SOFTWARE = ['openssh', 'putty', 'paramiko', 'go-x-crypto', 'node-ssh2'] as const;
export type ClientSoftware = (typeof CLIENT_SOFTWARE)[number];

export function isClientSoftware(v: unknown): v is ClientSoftware {
  return typeof v === 'string' && (CLIENT_SOFTWARE as readonly string[]).includes(v);
}

/** What the server answered, as the model computed it. */
export type ProtocolResult =
  | {
      kind: 'channel-refused';
      /** The client's channel id (OpenSSH's numbering; Paramiko numbers its own channels from 0). */
      channel: number;
      /** SSH_MSG_CHANNEL_OPEN_FAILURE reason code; any uint32 can arrive from a non-OpenSSH server. */
      code: ReasonCode | number;
      /** The description string from the packet (Dropbear and some gateways send ""). */
      description: string;
      /** The host and port the client asked the server to connect to. */
      target: { host: string; port: number };
      /** Where the forwarded connection came from (PuTTY logs it). */
      originator: { address: string; port: number };
      /** A -L/-D listener (`local`) or the whole session's stdio (-W, ProxyJump, plink -nc). */
      via: 'local-forward' | 'stdio';
    }
  | {
      kind: 'remote-forward-refused';
      /** The -R listen address and port the client asked for. */
      listen: { host: string; port: number };
      /** Where the client would connect accepted connections. */
      connect: { host: string; port: number };
    }
  | {
      kind: 'auth-failed';
      user: string;
      host: string;
      /** The methods the server still allows (its SSH_MSG_USERAUTH_FAILURE list), comma-separated. */
      serverMethods: string;
    };

/**
 * Lines for one client. `opensshExitOnForwardFailure` is ssh's option of that name (it turns the
 * -R warning into an error); the other clients have no such switch.
 */
export function clientLines(software: ClientSoftware, result: ProtocolResult, opts: { opensshExitOnForwardFailure?: boolean } = {}): string[] {
  switch (software) {
    case 'openssh':
      return opensshLines(result, opts.opensshExitOnForwardFailure ?? false);
    case 'putty':
      return puttyLines(result);
    case 'paramiko':
      return paramikoLines(result);
    case 'go-x-crypto':
      return goLines(result);
    case 'node-ssh2':
      return nodeSsh2Lines(result);
  }
}

/** OpenSSH's ssh: the lines messages.ts already models (channels.c, ssh.c, sshconnect2.c). */
function opensshLines(result: ProtocolResult, exitOnFailure: boolean): string[] {
  if (result.kind === 'auth-failed') return [permissionDenied(result.user, result.host, result.serverMethods)];
  if (result.kind === 'remote-forward-refused') return [remoteForwardFailed({ port: result.listen.port }, exitOnFailure)];
  const line = channelOpenFailedLine(result.channel, result.code as ReasonCode, result.description);
  return result.via === 'stdio' ? [line, STDIO_FORWARDING_FAILED] : [line];
}

/**
 * PuTTY's name for a reason code: ssh/connection2.c ssh2_channel_open_failure_error_text()
 * (PuTTY 0.78 and 0.84): a table for 1–4, else "unknown reason code %#x".
 */
export function puttyReason(code: number): string {
  const names = ['', 'Administratively prohibited', 'Connect failed', 'Unknown channel type', 'Resource shortage'];
  // C's %#x prints 0 without the 0x prefix.
  return names[code] || `unknown reason code ${code === 0 ? '0' : `0x${code.toString(16)}`}`;
}

/**
 * PuTTY, plink and WinSCP (PuTTY's code): Event Log lines, which plink prints with -v.
 * - a forwarded connection: ssh/portfwd.c pfd_open_failure() "Forwarded connection refused by
 *   remote: %s" with connection2.c's "%s [%.*s]" (reason name, then the server's description in
 *   brackets), after portfwd.c's "Opening connection to %s for forwarding from %s";
 * - plink -nc (the session's main channel is the direct-tcpip): ssh/mainchan.c
 *   mainchan_open_failure() "Server refused to open main channel: %s", a fatal error;
 * - -R: ssh/connection2-client.c "Remote port forwarding from %s refused" after portfwd.c's
 *   "Requesting remote port %s forward to %s";
 * - a key the server does not accept: userauth2-client.c "Server refused our key", then the
 *   fatal "No supported authentication methods available (server sent: %s)".
 * PuTTY 0.70 and older said "refused by server" instead of "refused by remote" (ssh.c 0.70).
 */
function puttyLines(result: ProtocolResult): string[] {
  if (result.kind === 'auth-failed') {
    return ['Server refused our key', `FATAL ERROR: No supported authentication methods available (server sent: ${result.serverMethods})`];
  }
  if (result.kind === 'remote-forward-refused') {
    const listen = `${result.listen.host}:${result.listen.port}`;
    return [`Requesting remote port ${listen} forward to ${result.connect.host}:${result.connect.port}`, `Remote port forwarding from ${listen} refused`];
  }
  const why = `${puttyReason(result.code)} [${result.description}]`;
  if (result.via === 'stdio') return [`FATAL ERROR: Server refused to open main channel: ${why}`];
  const target = `${result.target.host}:${result.target.port}`;
  return [
    `Opening connection to ${target} for forwarding from ${result.originator.address}:${result.originator.port}`,
    `Forwarded connection refused by remote: ${why}`,
  ];
}

/** What logging.basicConfig() puts before a message of Paramiko's logger paramiko.transport at ERROR. */
export const PARAMIKO_LOG_PREFIX = 'ERROR:paramiko.transport:';

/** paramiko/common.py CONNECTION_FAILED_CODE (Paramiko 2.12.0 and 3.x); "(unknown code)" otherwise. */
export function paramikoReason(code: number): string {
  return ['', 'Administratively prohibited', 'Connect failed', 'Unknown channel type', 'Resource shortage'][code] || '(unknown code)';
}

/**
 * Paramiko (Ansible, Fabric, sshtunnel): transport.py _parse_channel_open_failure() logs
 * "Secsh channel %d open FAILED: <description>: <reason name>" at ERROR on logger
 * paramiko.transport (shown here as logging.basicConfig formats it), then raises
 * ChannelException(code, <reason name>): the server's description is only in the log line.
 * -R: transport.py request_port_forward() raises SSHException("TCP forwarding request denied");
 * auth: AuthenticationException("Authentication failed."). The exception line is the last line
 * of the traceback an uncaught exception prints.
 */
function paramikoLines(result: ProtocolResult): string[] {
  if (result.kind === 'auth-failed') return ['paramiko.ssh_exception.AuthenticationException: Authentication failed.'];
  if (result.kind === 'remote-forward-refused') return ['paramiko.ssh_exception.SSHException: TCP forwarding request denied'];
  const name = paramikoReason(result.code);
  return [
    `${PARAMIKO_LOG_PREFIX}Secsh channel ${result.channel} open FAILED: ${result.description}: ${name}`,
    `paramiko.ssh_exception.ChannelException: ChannelException(${result.code}, ${pythonRepr(name)})`,
  ];
}

/** Python's repr() of a str without quotes or backslashes in it (all the reason names). */
function pythonRepr(s: string): string {
  return `'${s}'`;
}

/** x/crypto/ssh channel.go RejectionReason.String() (v0.4.0 as Debian 12 packages it, unchanged since). */
export function goReason(code: number): string {
  return ['', 'administratively prohibited', 'connect failed', 'unknown channel type', 'resource shortage'][code] || `unknown reason ${code}`;
}

/**
 * Go's golang.org/x/crypto/ssh (Terraform, Packer, most Go tools): connection.go OpenChannelError
 * "ssh: rejected: %s (%s)"; tcpip.go Listen "ssh: tcpip-forward request denied by peer";
 * client_auth.go "ssh: unable to authenticate, attempted methods %v, no supported methods remain"
 * wrapped by client.go as "ssh: handshake failed: …" (publickey only: methods [none publickey]).
 */
function goLines(result: ProtocolResult): string[] {
  if (result.kind === 'auth-failed') {
    return ['ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey], no supported methods remain'];
  }
  if (result.kind === 'remote-forward-refused') return ['ssh: tcpip-forward request denied by peer'];
  return [`ssh: rejected: ${goReason(result.code)} (${result.description})`];
}

/**
 * Node's ssh2 (mscdex/ssh2 1.x; tunnel-ssh, node-ssh): lib/utils.js onChannelOpenFailure()
 * "(SSH) Channel open failure: <description>" (the reason code goes to err.reason only);
 * lib/client.js forwardIn "Unable to bind to %s:%d"; auth "All configured authentication methods failed".
 */
function nodeSsh2Lines(result: ProtocolResult): string[] {
  if (result.kind === 'auth-failed') return ['All configured authentication methods failed'];
  if (result.kind === 'remote-forward-refused') return [`Unable to bind to ${result.listen.host}:${result.listen.port}`];
  return [`(SSH) Channel open failure: ${result.description}`];
}

/**
 * VS Code Remote-SSH (closed source) runs the user's OpenSSH ssh and wraps its stderr in its
 * "Remote - SSH" output channel. Its own lines, as public issues show them:
 * - the SOCKS forward failing: microsoft/vscode-remote-release issues 9945 and 10367 ("… TCP port
 *   forwarding may be disabled, …"), 4345 (older extensions: "… Is the remote port correct?");
 * - the newer error line: issue 10367 (extension 0.115.0);
 * - the connection command: issue 2141; ssh's stderr echoed in a "terminal": issue 10062.
 */
export const VSCODE_REMOTE_SSH = {
  socketFailed: 'Failed to set up socket for dynamic port forward to remote port ',
  forwardingDisabled: 'ERROR: TCP port forwarding appears to be disabled on the remote host.',
  connectionCommand: 'Running script with connection command: ',
  forwardingServer: 'Starting forwarding server. local port ',
  /** ssh's stderr quoted inside the output channel's line: `"SSH Tunnel" terminal received data: "…"`. */
  terminalData: 'terminal received data: "',
} as const;

/**
 * Descriptions and log lines of SSH servers that are not OpenSSH (gateway products):
 * - gliderlabs/ssh tcpip.go DirectTCPIPHandler (v0.3.8; Tailscale SSH's fork and JumpServer's koko
 *   carry it): reason 1 with this description when the server allows no local forwarding;
 * - Teleport lib/srv/authhandlers.go CheckPortForward: the error its audit log records for a role
 *   without port forwarding.
 */
export const GATEWAY_WORDS = {
  gliderlabsDisabled: 'port forwarding is disabled',
  teleportRoleDenied: 'port forwarding not allowed by role set',
} as const;
