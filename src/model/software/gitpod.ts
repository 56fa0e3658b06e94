/**
 * Gitpod's SSH gateway (gitpod-io/gitpod components/ws-proxy/pkg/sshproxy, read at the newest
 * snapshot, commit 4f45d02eac95a253e9031c5f651e62585f6c9d3b, and at the self-hosted release
 * 2022.11.3; not run here), the `<workspace>.ssh.ws-….gitpod.io` host. It has no forwarding policy:
 * server.go HandleConn() hands every channel the client opens to ChannelForward() (forward.go),
 * which opens a channel of the same type with the same data on its own connection to the workspace,
 * and passes every global request (a -R's tcpip-forward) on the same way. The workspace's SSH server
 * is OpenSSH's sshd (9.8p1 in components/supervisor/openssh), started by the supervisor per
 * connection with `-f/dev/null` (components/supervisor/pkg/supervisor/ssh.go): no sshd_config, so
 * AllowTcpForwarding and PermitOpen keep their defaults and every forward is allowed. When the
 * workspace's sshd refuses the channel anyway (nothing listens on the port, the name does not
 * resolve, MaxSessions for a session), the gateway drops its answer and rejects the client's channel
 * with reason 2 and a fixed description, so ssh prints "connect failed: open target channel error"
 * and only the workspace's side knows which it was. Gitpod has no setting for any of it.
 *
 * Older releases: 2022.01 to 2022.04.x sent "open workspace channel error" instead (commit
 * 16f8fe6f94, "open target channel error" from 09d34a55b2, first in 2022.05.0), and answered every
 * global request false (ssh.DiscardRequests), so a -R through them was refused. The supervisor's own
 * SSH tunnel (supervisor.go tunnelOverSSH, reason 1 with Go's error) serves Gitpod's local companion
 * with its own channel data, not ssh -L: not modelled.
 */
import type { GatewaySignal, ServerProfile } from './types.ts';

/** The description the gateway sends for any channel the workspace would not open. */
const TARGET_ERROR = 'open target channel error';
/** The same, in releases 2022.01 to 2022.04.x. */
const WORKSPACE_ERROR = 'open workspace channel error';

/** Gitpod's SSH gateway: no policy of its own; its relayed refusal is a signal (gitpodSignals). */
export const gitpod = {
  id: 'gitpod',
  name: 'Gitpod SSH gateway',
  kind: 'gateway',
  seenIn: 'gateways',
  // no policy: every channel goes on to the workspace's sshd, which allows every forward
  directTcpip: null,
  behind: 'sshd',
  relays: { code: 2, description: TARGET_ERROR },
  words: { relayed: TARGET_ERROR, relayedOlder: WORKSPACE_ERROR },
} as const satisfies ServerProfile;

/** What the gateway's relayed refusal means, for either wording. */
const RELAYED: Omit<GatewaySignal, 'words'> = {
  causes: [
    ['target-service-down', 8],
    ['target-listens-elsewhere', 5],
    ['target-name-unresolvable', 3],
    ['session-limit-multiplexing', 2],
  ],
  decisive: false,
  refusedBy: 'ssh-server',
  note: 'Gitpod’s SSH gateway sends these words (reason 2) for any channel the workspace’s sshd would not open. That sshd runs without a config file and allows every forward, so for a -L nothing answered on that host and port inside the workspace (or the name does not resolve there); for a session it is sshd’s MaxSessions. Gitpod did not decide, and has no setting for it.',
};

/** Its own lines, and what each means (the diagnoser reads them; the simulator does not carry them). */
export const gitpodSignals: readonly GatewaySignal[] = [
  { words: TARGET_ERROR, ...RELAYED },
  { words: WORKSPACE_ERROR, ...RELAYED },
];

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const gitpodBacking: readonly string[] = [
  'source: gitpod-io/gitpod components/ws-proxy/pkg/sshproxy/forward.go ChannelForward, server.go HandleConn (commit 4f45d02eac95a253e9031c5f651e62585f6c9d3b; 2022.11.3)',
  'source: gitpod-io/gitpod components/supervisor/pkg/supervisor/ssh.go handleConn (sshd -f/dev/null), components/supervisor/openssh/leeway.Dockerfile (V_9_8_P1)',
  'source: gitpod-io/gitpod commits 16f8fe6f94 ("open workspace channel error", 2022.01) and 09d34a55b2 ("open target channel error", global requests passed on, 2022.05.0)',
];
