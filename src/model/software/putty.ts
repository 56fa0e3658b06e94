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
import type { ClientProfile } from './types.ts';

/**
 * PuTTY's name for a reason code: ssh/connection2.c ssh2_channel_open_failure_error_text()
 * (PuTTY 0.78 and 0.84): a table for 1–4, else "unknown reason code %#x".
 */
export function puttyReason(code: number): string {
  const names = ['', 'Administratively prohibited', 'Connect failed', 'Unknown channel type', 'Resource shortage'];
  // C's %#x prints 0 without the 0x prefix.
  return names[code] || `unknown reason code ${code === 0 ? '0' : `0x${code.toString(16)}`}`;
}

export const putty = {
  id: 'putty',
  name: 'PuTTY, plink and WinSCP',
  seenIn: 'putty-winscp',
  description: 'shown',
  lines(result) {
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
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const puttyBacking: readonly string[] = [
  'recorded: plink 0.78 (Debian putty-tools)',
  'source: PuTTY ssh/portfwd.c, ssh/connection2.c, ssh/mainchan.c (0.78, 0.84)',
];
