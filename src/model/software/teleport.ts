/**
 * Teleport, an access gateway whose nodes run their own SSH server (gravitational/teleport, read at
 * lib/srv/regular/sshserver.go commit df49880430a16fc7f2575f342838e241343c477a, Teleport 17/18 era,
 * and lib/srv/authhandlers.go in 7.x and later releases).
 *
 * A forward its policy does not allow is not refused: HandleNewChan() accepts every direct-tcpip
 * channel, then handleDirectTCPIPRequest() asks canPortForward(), and on a no writes the error on
 * the channel's stderr (writeStderr: SSH_MSG_CHANNEL_EXTENDED_DATA) and closes the channel. The
 * error is "node does not allow port forwarding" when the node's teleport.yaml sets
 * ssh_service.port_forwarding: false (lib/config/fileconf.go MaybeAllowTCPForwarding), and
 * CheckPortForward()'s user message "port forwarding not allowed" when the user's roles allow
 * none; the audit log then records "port forwarding not allowed by role set: …" (event T3003E)
 * and the node logs "Port forwarding request denied". OpenSSH's ssh drops stderr data on a
 * forwarded channel with "channel N: bad ext data" (messages.ts BAD_EXT_DATA; seen here with a
 * throwaway stand-in server doing the same, not with Teleport itself), so the user sees that line and a forwarded connection that
 * closes at once: no "open failed". The roles' setting is `ssh_port_forwarding` (local/remote
 * `enabled`), `port_forwarding: true|false` in older role versions.
 *
 * A forward it allows to a port where nothing listens ends the same way (`targetFailure`): the
 * channel was confirmed before handleDirectTCPIPRequest() dialled, so the failed dial is written on
 * its stderr (writeStderr(ctx, channel, err.Error())) and the channel closed; ssh again prints only
 * "bad ext data". The text is Go's dial error, in some releases behind "error returned by networking
 * process: " and trace's "failed to create networking file" (lib/srv/regular/sshserver.go at
 * df49880430a1; which of these is current was not established, and ssh drops it either way).
 */
import { BAD_EXT_DATA } from '../messages.ts';
import type { GatewaySignal, ServerProfile } from './types.ts';

/** The message CheckPortForward() writes on the channel when the roles allow no forwarding. */
const USER_DENIED = 'port forwarding not allowed';

export const teleport = {
  id: 'teleport',
  name: 'Teleport',
  kind: 'gateway',
  seenIn: 'gateways',
  // every direct-tcpip channel is accepted; the policy answers after that (policy below)
  directTcpip: null,
  policy: {
    answer: 'closes',
    stderr: USER_DENIED,
    setting:
      'the user’s Teleport roles: the role option ssh_port_forwarding (local/remote enabled; port_forwarding in older roles), and the node’s ssh_service.port_forwarding in teleport.yaml',
  },
  // the channel is confirmed before the node dials: a failed dial is written on its stderr too
  targetFailure: { answer: 'closes' },
  words: {
    roleDenied: `${USER_DENIED} by role set`,
    userDenied: USER_DENIED,
    nodeDenied: 'node does not allow port forwarding',
  },
} as const satisfies ServerProfile;

/** Its own lines, and what each means (the diagnoser reads them; the simulator does not carry them). */
export const teleportSignals: readonly GatewaySignal[] = [
  {
    words: `${USER_DENIED} by role set`,
    causes: [['ssh-gateway-policy', 14]],
    decisive: true,
    refusedBy: 'gateway',
    note: 'Teleport’s audit log: the user’s roles do not allow port forwarding (the role option ssh_port_forwarding, port_forwarding in older roles). Teleport refused, not the machine’s sshd.',
  },
  {
    words: BAD_EXT_DATA,
    causes: [
      ['ssh-gateway-policy', 8],
      ['target-service-down', 4],
      ['target-listens-elsewhere', 2],
      ['target-firewalled', 1],
      ['target-name-unresolvable', 1],
    ],
    decisive: false,
    refusedBy: 'either',
    note: 'ssh got an error message on a forwarded channel and dropped it. That is how a Teleport node answers a forward it does not allow: it opens the channel, writes "port forwarding not allowed" (roles) or "node does not allow port forwarding" (the node’s ssh_service.port_forwarding) on it and closes it. It answers the same way when its own connection to the target fails (nothing listens on the port). Teleport’s audit log names the roles; a failed dial is in the node’s log.',
  },
];

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const teleportBacking: readonly string[] = [
  'source: gravitational/teleport lib/srv/authhandlers.go CheckPortForward (the audit line and the user message)',
  'source: gravitational/teleport lib/srv/regular/sshserver.go HandleNewChan, handleDirectTCPIPRequest, canPortForward, writeStderr (commit df49880430a16fc7f2575f342838e241343c477a): the channel is accepted, the error written on its stderr, the channel closed',
  'source: gravitational/teleport lib/config/fileconf.go ssh_service port_forwarding (MaybeAllowTCPForwarding)',
  'source: openssh-portable channels.c channel_input_extended_data (V_9_2_P1): ssh’s "channel N: bad ext data" for it, seen here with ssh 9.2p1 against a throwaway stand-in server (not Teleport) that does the same',
];
