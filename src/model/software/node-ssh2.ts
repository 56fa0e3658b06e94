/**
 * Node's ssh2 (mscdex/ssh2 1.x; tunnel-ssh, node-ssh): lib/utils.js onChannelOpenFailure()
 * "(SSH) Channel open failure: <description>" (the reason code goes to err.reason only);
 * lib/client.js forwardIn "Unable to bind to %s:%d"; auth "All configured authentication methods failed".
 */
import type { ClientProfile } from './types.ts';

export const nodeSsh2 = {
  id: 'node-ssh2',
  name: 'Node.js ssh2',
  seenIn: null,
  description: 'shown',
  lines(result) {
    if (result.kind === 'auth-failed') return ['All configured authentication methods failed'];
    if (result.kind === 'remote-forward-refused') return [`Unable to bind to ${result.listen.host}:${result.listen.port}`];
    return [`(SSH) Channel open failure: ${result.description}`];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const nodeSsh2Backing: readonly string[] = ['recorded: ssh2 1.17.0 (npm)', 'source: mscdex/ssh2 lib/utils.js onChannelOpenFailure, lib/client.js (1.x)'];
