/**
 * gliderlabs/ssh, the Go SSH server library under Tailscale SSH (its fork) and JumpServer's koko:
 * tcpip.go DirectTCPIPHandler (v0.3.8) refuses a direct-tcpip channel with reason 1 and this
 * description when the program's LocalPortForwardingCallback does not approve it.
 */
import type { ServerProfile } from './types.ts';

export const gliderlabsSsh = {
  id: 'gliderlabs-ssh',
  name: 'gliderlabs/ssh (Tailscale SSH, JumpServer)',
  kind: 'server',
  seenIn: 'gateways',
  words: { forwardingDisabled: 'port forwarding is disabled' },
  backing: ['source: gliderlabs/ssh tcpip.go DirectTCPIPHandler (v0.3.8)'],
} as const satisfies ServerProfile;
