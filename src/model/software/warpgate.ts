/**
 * Warpgate, an SSH gateway written in Rust on russh (warp-tech/warpgate, read at tag v0.28.3,
 * commit c4b19cbb88d681e7339b34c3da6ffcffecec236a, which pins russh 0.63.0). It has no forwarding
 * policy of its own: a user allowed onto a target may open direct-tcpip, and
 * warpgate-protocol-ssh/src/server/session.rs _channel_open_direct_tcpip() logs "Opening direct
 * TCP/IP channel from … to …" and opens the same channel on its own connection to the target. When
 * the target's sshd refuses it (its forwarding policy, or nothing listening: any
 * ChannelOpenFailure), _channel_open() rejects the client's channel with russh's ConnectFailed,
 * whose description is russh's fixed text (Eugeny/russh russh/src/lib_inner.rs
 * ChannelOpenFailure::description(), v0.63.0): reason 2 and "Connect failed", whatever the target
 * answered. So ssh prints "open failed: connect failed: Connect failed", and only the target's
 * sshd log says which refusal it was. Warpgate logs no line for the refusal.
 */
import type { GatewaySignal, ServerProfile } from './types.ts';

/** russh's description for ConnectFailed, which Warpgate sends for any refusal by the target. */
const RUSSH_CONNECT_FAILED = 'Connect failed';

export const warpgate = {
  id: 'warpgate',
  name: 'Warpgate',
  kind: 'gateway',
  seenIn: 'gateways',
  // no policy of its own: the target's sshd decides, and any refusal of its comes back as this
  directTcpip: null,
  behind: 'sshd',
  relays: { code: 2, description: RUSSH_CONNECT_FAILED },
  words: { relayed: RUSSH_CONNECT_FAILED, opening: 'Opening direct TCP/IP channel from' },
} as const satisfies ServerProfile;

/** Its own lines, and what each means (the diagnoser reads them; the simulator does not carry them). */
export const warpgateSignals: readonly GatewaySignal[] = [
  {
    words: `open failed: connect failed: ${RUSSH_CONNECT_FAILED}`,
    causes: [
      ['tcp-forwarding-disabled', 6],
      ['target-service-down', 6],
      ['permitopen-mismatch', 3],
      ['target-firewalled', 2],
    ],
    decisive: false,
    refusedBy: 'ssh-server',
    note: '"Connect failed" is russh’s own wording: Warpgate sends it for any refusal by the target behind it, so the target’s sshd refused the channel (AllowTcpForwarding, PermitOpen) or nothing listens on the port. Warpgate did not decide; the target’s sshd log tells which (“refused local port forward” or “connect_to … failed”).',
  },
];

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const warpgateBacking: readonly string[] = [
  'source: warp-tech/warpgate warpgate-protocol-ssh/src/server/session.rs _channel_open_direct_tcpip, _channel_open (v0.28.3)',
  'source: Eugeny/russh russh/src/lib_inner.rs ChannelOpenFailure::description, server/session.rs channel open failure (v0.63.0)',
];
