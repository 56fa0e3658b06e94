/**
 * Teleport, an access gateway: lib/srv/authhandlers.go CheckPortForward records this error in its
 * audit log when the user's roles allow no port forwarding.
 */
import type { ServerProfile } from './types.ts';

export const teleport = {
  id: 'teleport',
  name: 'Teleport',
  kind: 'gateway',
  seenIn: 'gateways',
  // what ssh itself prints for the refusal is not established: only the audit line is modelled
  directTcpip: null,
  words: { roleDenied: 'port forwarding not allowed by role set' },
  signals: [
    {
      words: 'port forwarding not allowed by role set',
      causes: [['ssh-gateway-policy', 14]],
      decisive: true,
      note: 'Teleport’s audit log: the user’s roles do not allow port forwarding (the role option port_forwarding).',
    },
  ],
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const teleportBacking: readonly string[] = ['source: gravitational/teleport lib/srv/authhandlers.go CheckPortForward'];
