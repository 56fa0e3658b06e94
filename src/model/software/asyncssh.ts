/**
 * AsyncSSH (Python; Debian python3-asyncssh 2.10.1) as a client: conn.open_connection() raises
 * asyncssh.misc.ChannelOpenError(code, reason) with the server's description as its message (a bare
 * class name when it is empty); forward_remote_port() raises ChannelListenError("Failed to create
 * remote TCP listener"); a refused key raises PermissionDenied. Its forward_local_port() listener
 * logs nothing by default: a refused channel just closes the accepted connection.
 */
import type { ClientProfile } from './types.ts';

export const asyncssh = {
  id: 'asyncssh',
  name: 'AsyncSSH (Python)',
  seenIn: null,
  description: 'shown',
  lines(result) {
    if (result.kind === 'auth-failed') return ['asyncssh.misc.PermissionDenied: Permission denied'];
    if (result.kind === 'remote-forward-refused') return ['asyncssh.misc.ChannelListenError: Failed to create remote TCP listener'];
    return [result.description === '' ? 'asyncssh.misc.ChannelOpenError' : `asyncssh.misc.ChannelOpenError: ${result.description}`];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const asyncsshBacking: readonly string[] = [
  'recorded: AsyncSSH 2.10.1 (Debian python3-asyncssh)',
  'source: ronf/asyncssh asyncssh/misc.py ChannelOpenError, connection.py (2.10.1)',
];

/** The one command that shows what it hides, from the same machine. */
export const asyncsshReveal =
  'with forward_local_port() nothing is printed: run the same hop with ssh -v -N -L from the same machine, or enable asyncssh logging';
