/**
 * ShellHub (shellhub-io/shellhub, read at v0.26.0 and the newest snapshot, not run here): an SSH
 * gateway (its ssh service, built on gliderlabs/ssh) in front of an agent on each device, itself a
 * gliderlabs/ssh server (ShellHub's fork shellhub-io/ssh). Today the gateway allows every local
 * forward (server/ssh/server/server.go LocalPortForwardingCallback returns true) and its
 * DefaultDirectTCPIPHandler (channels/tcpip.go) dials the target through the device's agent. The
 * agent decides: in host mode (the default) it forwards (agent/pkg/agentd/modes.go
 * LocalPortForwardFeature); in connector mode, one agent for Docker containers, it has no features,
 * so its gliderlabs DirectTCPIPHandler refuses with reason 1 "port forwarding is disabled". The
 * gateway turns that failed dial into reason 2 and "failed dialing the agent to host and port: "
 * followed by x/crypto's error text. There is no per-device or per-namespace switch for forwarding.
 * Older releases: up to v0.10.4 the gateway registered no direct-tcpip handler, so gliderlabs/ssh
 * answered reason 3 "unsupported channel type" (shellhub-io/shellhub#328); v0.10.5 to v0.11.0 used
 * gliderlabs' own handler, allowed only for targets matching SHELLHUB_SSH_LOCAL_FORWARDING (a regular
 * expression; unset, nothing matched from v0.10.10), else "port forwarding is disabled"; v0.11.1
 * allowed every forward. A -R: the gateway's ReversePortForwardingCallback returns false and it
 * registers no tcpip-forward handler, so gliderlabs/ssh answers SSH_MSG_REQUEST_FAILURE.
 */
import { gliderlabsSsh } from './gliderlabs-ssh.ts';
import { goRejected } from './go-x-crypto.ts';
import type { ServerProfile } from './types.ts';

/** What the gateway puts before the agent's error when it cannot open the forward through the agent. */
const DIAL_FAILED = 'failed dialing the agent to host and port: ';

export const shellhub = {
  id: 'shellhub',
  name: 'ShellHub',
  kind: 'gateway',
  seenIn: 'gateways',
  directTcpip: null,
  behind: 'agent',
  earlier: [
    { code: 1, description: gliderlabsSsh.policy.description, cause: 'ssh-gateway-policy', releases: 'v0.10.5 to v0.11.0' },
    { code: 3, description: gliderlabsSsh.words.unsupported, cause: 'server-lacks-forwarding', releases: 'v0.10.4 and earlier' },
  ],
  policy: {
    answer: 'refuses',
    code: 2,
    description: `${DIAL_FAILED}${goRejected(gliderlabsSsh.policy.code, gliderlabsSsh.policy.description)}`,
    setting:
      'the device’s agent: one in host mode forwards, one in connector mode (Docker containers) has no forwarding, and ShellHub has no per-device switch for it',
  },
  remoteForward: 'refused',
  // the agent's DirectTCPIPHandler sends Go's dial error; the gateway words the agent's refusal as x/crypto does, after its own words
  targetFailure: { answer: 'go-dial', wrap: `${DIAL_FAILED}${goRejected(2, '{error}')}` },
  words: { dialFailed: DIAL_FAILED },
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const shellhubBacking: readonly string[] = [
  'source: shellhub-io/shellhub server/ssh/server/server.go, server/ssh/server/channels/tcpip.go DefaultDirectTCPIPHandler (v0.26.0 as ssh/server/…; the newest snapshot)',
  'source: shellhub-io/shellhub agent/server/server.go NewServer, agent/pkg/agentd/modes.go HostMode, ConnectorMode (v0.26.0)',
  'source: shellhub-io/ssh tcpip.go DirectTCPIPHandler, server.go (commit 3e1bf24c2919, the fork the v0.26.0 agent uses)',
  'source: shellhub-io/shellhub ssh/server/server.go (v0.10.4: no direct-tcpip handler; v0.10.5, v0.11.0: LOCAL_FORWARDING; v0.11.1: allowed)',
  'https://github.com/shellhub-io/shellhub/issues/328 (unknown channel type: unsupported channel type, 2020)',
];
