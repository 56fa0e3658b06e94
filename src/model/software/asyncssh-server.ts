/**
 * A server built on AsyncSSH (Debian python3-asyncssh 2.10.1): server.py's connection_requested()
 * returns False unless the program allows forwarding, and connection.py then refuses the channel
 * with reason 2 and "Connection refused" — it reads like a closed target port. A key's
 * no-port-forwarding gives reason 1 "Port forwarding not permitted". Recorded with ssh 9.2p1:
 * test/conformance/servers/recordings/asyncssh.*.json.
 */
import type { ServerProfile } from './types.ts';

/** Linux errno numbers asyncio puts before a failed connect: the strerror() text each stands for. */
const ERRNO: Readonly<Record<string, string>> = {
  '101': 'Network is unreachable',
  '110': 'Connection timed out',
  '111': 'Connection refused',
  '113': 'No route to host',
};

/**
 * The strerror() or getaddrinfo() text an AsyncSSH server's failed dial stands for, or null: asyncio's
 * "[Errno 111] Connect call failed ('127.0.0.1', 5433)" and, for a lookup, "[Errno -2] Name or
 * service not known" (both recorded here: asyncssh.allowed-target-down-local,
 * asyncssh.allowed-unresolvable-local).
 */
export function asyncioMeaning(text: string): string | null {
  const m = /^\[Errno (-?\d{1,4})\] (.{1,300})$/.exec(text);
  if (!m) return null;
  if (m[1]!.startsWith('-')) return m[2]!;
  return m[2]!.startsWith('Connect call failed') ? (ERRNO[m[1]!] ?? null) : m[2]!;
}

export const asyncsshServer = {
  id: 'asyncssh-server',
  name: 'A server built on AsyncSSH (Python)',
  kind: 'server',
  seenIn: null,
  directTcpip: { code: 2, description: 'Connection refused', cause: 'server-lacks-forwarding' },
  words: { banner: 'AsyncSSH_', keyForbids: 'Port forwarding not permitted' },
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const asyncsshServerBacking: readonly string[] = [
  'recorded: AsyncSSH 2.10.1 server with ssh 9.2p1',
  'source: ronf/asyncssh connection.py, server.py (2.10.1)',
];
