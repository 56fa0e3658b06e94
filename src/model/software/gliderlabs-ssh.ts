/**
 * gliderlabs/ssh, the Go SSH server library under Tailscale SSH (its fork) and JumpServer's koko.
 * A server built on it opens only "session" channels unless the program registers a handler for
 * "direct-tcpip": server.go handleConn() rejects any other channel type with x/crypto's
 * UnknownChannelType (reason 3) and "unsupported channel type". With tcpip.go's DirectTCPIPHandler
 * registered, a LocalPortForwardingCallback that says no gives reason 1 and "port forwarding is
 * disabled" (v0.3.8) — a policy (scenario `gatewayPolicy`).
 */
import type { ServerProfile } from './types.ts';

export const gliderlabsSsh = {
  id: 'gliderlabs-ssh',
  name: 'gliderlabs/ssh (Tailscale SSH, JumpServer)',
  kind: 'server',
  seenIn: 'gateways',
  directTcpip: { code: 3, description: 'unsupported channel type', cause: 'server-lacks-forwarding' },
  policy: {
    answer: 'refuses',
    code: 1,
    description: 'port forwarding is disabled',
    setting: 'the program’s LocalPortForwardingCallback (its own access rules)',
  },
  words: { forwardingDisabled: 'port forwarding is disabled', unsupported: 'unsupported channel type' },
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const gliderlabsSshBacking: readonly string[] = [
  'recorded: gliderlabs/ssh 0.3.3 (Debian golang-github-gliderlabs-ssh-dev 0.3.3-1, x/crypto 0.4.0) with ssh 9.2p1',
  'source: gliderlabs/ssh server.go handleConn, tcpip.go DirectTCPIPHandler (v0.3.8)',
];
