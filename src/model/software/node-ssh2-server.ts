/**
 * A server built on Node's ssh2 (npm ssh2 1.17): lib/server.js refuses a direct-tcpip channel with
 * reason 1 and an empty description when the program has no "tcpip" listener; a listener's
 * reject() sends reason 2 (connect failed), also with an empty description. Recorded with ssh 9.2p1:
 * test/conformance/servers/recordings/node-ssh2.*.json.
 */
import type { ServerProfile } from './types.ts';

export const nodeSsh2Server = {
  id: 'node-ssh2-server',
  name: 'A server built on Node.js ssh2',
  kind: 'server',
  seenIn: null,
  directTcpip: { code: 1, description: '', cause: 'server-lacks-forwarding' },
  words: { banner: 'ssh2js' },
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const nodeSsh2ServerBacking: readonly string[] = ['recorded: ssh2 1.17.0 server with ssh 9.2p1', 'source: mscdex/ssh2 lib/server.js (1.17.0)'];
