/**
 * libssh (C; Debian libssh 0.10.6: Remmina, KDE, curl's and git's libssh backends):
 * ssh_channel_open_forward() fails and ssh_get_error() reads "Channel opening failure: channel %u
 * error (%u) %s" (src/channels.c) — libssh's own channel number (its ids start after
 * FIRST_CHANNEL 42, so a session's first channel is 43), the reason code and the server's
 * description; ssh_channel_listen_forward(): "Global request tcpip-forward failed"; a refused key:
 * "Access denied for 'publickey'. Authentication that can continue: …".
 */
import type { ClientProfile } from './types.ts';

/** libssh numbers a session's channels from FIRST_CHANNEL + 1 (src/session.c, 0.10.6). */
const LIBSSH_FIRST_CHANNEL = 43;

export const libssh = {
  id: 'libssh',
  name: 'libssh (Remmina, KDE, curl and git backends)',
  seenIn: 'libssh-terminals',
  description: 'shown',
  lines(result) {
    if (result.kind === 'auth-failed') return [`Access denied for 'publickey'. Authentication that can continue: ${result.serverMethods}`];
    if (result.kind === 'remote-forward-refused') return ['Global request tcpip-forward failed'];
    return [`Channel opening failure: channel ${LIBSSH_FIRST_CHANNEL} error (${result.code}) ${result.description}`];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const libsshBacking: readonly string[] = [
  'recorded: libssh 0.10.6 (Debian libssh-dev)',
  'source: libssh src/channels.c ssh_packet_channel_open_fail, src/session.c (0.10.6)',
];
