/**
 * Paramiko (Ansible, Fabric, sshtunnel): transport.py _parse_channel_open_failure() logs
 * "Secsh channel %d open FAILED: <description>: <reason name>" at ERROR on logger
 * paramiko.transport (shown here as logging.basicConfig formats it), then raises
 * ChannelException(code, <reason name>): the server's description is only in the log line.
 * -R: transport.py request_port_forward() raises SSHException("TCP forwarding request denied");
 * auth: AuthenticationException("Authentication failed."). The exception line is the last line
 * of the traceback an uncaught exception prints.
 */
import type { ClientProfile } from './types.ts';

/** What logging.basicConfig() puts before a message of Paramiko's logger paramiko.transport at ERROR. */
export const PARAMIKO_LOG_PREFIX = 'ERROR:paramiko.transport:';

/** paramiko/common.py CONNECTION_FAILED_CODE (Paramiko 2.12.0 and 3.x); "(unknown code)" otherwise. */
export function paramikoReason(code: number): string {
  return ['', 'Administratively prohibited', 'Connect failed', 'Unknown channel type', 'Resource shortage'][code] || '(unknown code)';
}

/** Python's repr() of a str without quotes or backslashes in it (all the reason names). */
function pythonRepr(s: string): string {
  return `'${s}'`;
}

export const paramiko = {
  id: 'paramiko',
  name: 'Paramiko (Python)',
  seenIn: 'ansible-paramiko',
  description: 'log-only',
  lines(result) {
    if (result.kind === 'auth-failed') return ['paramiko.ssh_exception.AuthenticationException: Authentication failed.'];
    if (result.kind === 'remote-forward-refused') return ['paramiko.ssh_exception.SSHException: TCP forwarding request denied'];
    const name = paramikoReason(result.code);
    return [
      `${PARAMIKO_LOG_PREFIX}Secsh channel ${result.channel} open FAILED: ${result.description}: ${name}`,
      `paramiko.ssh_exception.ChannelException: ChannelException(${result.code}, ${pythonRepr(name)})`,
    ];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const paramikoBacking: readonly string[] = [
  'recorded: Paramiko 2.12.0 (Debian python3-paramiko)',
  'source: paramiko transport.py _parse_channel_open_failure (2.12.0, 3.x)',
];

/** The one command that shows what it hides, from the same machine. */
export const paramikoReveal =
  'turn on the paramiko.transport logger (logging.basicConfig(level=logging.ERROR)), or run the same hop with ssh -v -N -L from the same machine';
