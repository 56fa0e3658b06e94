/**
 * libssh2 (C; Debian libssh2 1.10.0: WindTerm, curl's and PHP's ssh2 backends, git2):
 * libssh2_channel_direct_tcpip_ex() fails with LIBSSH2_ERROR_CHANNEL_FAILURE and the message
 * "Channel open failure (<reason>)" (src/channel.c) — the reason's name only, the server's
 * description is dropped, so a closed port and an unknown host read the same;
 * libssh2_channel_forward_listen_ex(): "Unable to complete request for forward-listen"; a refused
 * key: "Username/PublicKey combination invalid".
 */
import { type ReasonCode, reasonText } from '../messages.ts';
import type { ClientProfile } from './types.ts';

/** src/channel.c's names for the reason codes (1.10.0); "unknown reason" otherwise. */
export function libssh2Reason(code: number): string {
  // the same four names as OpenSSH's (messages.ts reasonText)
  return code >= 1 && code <= 4 ? reasonText(code as ReasonCode) : 'unknown reason';
}

export const libssh2 = {
  id: 'libssh2',
  name: 'libssh2 (WindTerm, curl, PHP ssh2, git2)',
  seenIn: 'libssh-terminals',
  description: 'hidden',
  lines(result) {
    if (result.kind === 'auth-failed') return ['Username/PublicKey combination invalid'];
    if (result.kind === 'remote-forward-refused') return ['Unable to complete request for forward-listen'];
    return [`Channel open failure (${libssh2Reason(result.code)})`];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const libssh2Backing: readonly string[] = [
  'recorded: libssh2 1.10.0 (Debian libssh2-1-dev)',
  'source: libssh2 src/channel.c _libssh2_channel_direct_tcpip (1.10.0)',
];

/** The one command that shows what it hides, from the same machine. */
export const libssh2Reveal = 'run the same hop with ssh -v -N -L localPort:host:port user@server from the same machine to see the server’s description';
