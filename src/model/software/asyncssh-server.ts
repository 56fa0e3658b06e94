/**
 * A server built on AsyncSSH (Debian python3-asyncssh 2.10.1): server.py's connection_requested()
 * returns False unless the program allows forwarding, and connection.py then refuses the channel
 * with reason 2 and "Connection refused" — it reads like a closed target port. A key's
 * no-port-forwarding gives reason 1 "Port forwarding not permitted". Recorded with ssh 9.2p1:
 * test/conformance/servers/recordings/asyncssh.*.json.
 */
import type { ServerProfile } from './types.ts';

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
