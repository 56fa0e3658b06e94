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
  directTcpip: { code: 1, description: 'port forwarding not allowed by role set', cause: 'ssh-gateway-policy' },
  words: { roleDenied: 'port forwarding not allowed by role set' },
  backing: ['source: gravitational/teleport lib/srv/authhandlers.go CheckPortForward'],
} as const satisfies ServerProfile;
