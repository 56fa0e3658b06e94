/**
 * Coder workspaces: the workspace agent runs its own SSH server on gliderlabs/ssh (coder/coder
 * agent/agentssh/agentssh.go, read at commit 251d1d262045901a42df5e3a0f703f9471ad2eb1) and reaches
 * `ssh coder.<workspace>` and `coder ssh` over Coder's tailnet. Its LocalPortForwardingCallback and
 * ReversePortForwardingCallback return true ("Allow local port forwarding all!"): the agent has no
 * forwarding policy, and the only deployment switch beside it, BlockFileTransfer, blocks scp/sftp
 * commands, not forwards. A forward to a port nothing listens on is gliderlabs' reason 2 with Go's
 * dial error. `coder port-forward` (cli/portforward.go, commit
 * 014c5e87b5d52658b71958a4b0d7c46c20c46778) uses no SSH channel: it dials 127.0.0.1:<port> in the
 * workspace over the tailnet and prints "Failed to dial 'tcp://127.0.0.1:<port>' in workspace: <error>"
 * when that fails. Gitpod and DevPod run other servers whose wording was not read here: not covered.
 */
import type { GatewaySignal, ServerProfile } from './types.ts';

/** The fixed words of its line. */
const DIAL_FAILED = "' in workspace: ";

export const coder = {
  id: 'coder',
  name: 'Coder workspace agent',
  kind: 'gateway',
  seenIn: 'gateways',
  // the agent allows every forward (no policy to model)
  directTcpip: null,
  // agentssh.go registers the library's DirectTCPIPHandler (coder/ssh, the same tcpip.go as gliderlabs/ssh v0.3.8)
  targetFailure: { answer: 'go-dial' },
  words: { dialFailed: DIAL_FAILED },
} as const satisfies ServerProfile;

/** Its own lines, and what each means (the diagnoser reads them; the simulator does not carry them). */
export const coderSignals: readonly GatewaySignal[] = [
  {
    words: DIAL_FAILED,
    causes: [
      ['target-service-down', 8],
      ['target-listens-elsewhere', 5],
    ],
    decisive: false,
    refusedBy: 'ssh-server',
    note: 'coder port-forward dialled 127.0.0.1 on that port inside the workspace and failed: nothing listens there, or the service listens only on another address. Coder’s agent allows every forward, so no policy refused it.',
  },
];

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const coderBacking: readonly string[] = [
  'source: coder/coder agent/agentssh/agentssh.go NewServer LocalPortForwardingCallback (commit 251d1d262045901a42df5e3a0f703f9471ad2eb1)',
  'source: coder/coder cli/portforward.go listenAndPortForward (commit 014c5e87b5d52658b71958a4b0d7c46c20c46778)',
  'source: coder/coder go.mod (gliderlabs/ssh replaced by coder/ssh), coder/ssh tcpip.go DirectTCPIPHandler (commit 70855ded, the same as gliderlabs/ssh v0.3.8): a failed dial is reason 2 with Go’s error; recorded with gliderlabs/ssh 0.3.3 here (gliderlabs-ssh.allowed-target-down-local)',
];
