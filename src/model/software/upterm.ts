/**
 * upterm (owenthereal/upterm, tag v0.24.0, read, not run here): terminal sharing. A guest's ssh goes
 * through uptermd, which pipes the SSH connection on (sshpiper), to the SSH server the host runs on
 * its own machine (host/internal/server.go, built on charmbracelet/ssh, a fork of gliderlabs/ssh); so
 * the host's server answers the guest's forwards. Since v0.23.0 that server registers
 * DirectTCPIPHandler with a LocalPortForwardingCallback that says no unless the host started the
 * session with `upterm host --allow-local-tcp-forwarding` (off by default), and the handler then
 * refuses with reason 1 "port forwarding is disabled", gliderlabs/ssh's words (charmbracelet/ssh
 * tcpip.go). Up to v0.22.0 the server set no channel handlers, so only "session" channels opened
 * and a direct-tcpip channel got reason 3 "unsupported channel type". A -R: the host's server has no
 * tcpip-forward handler, so the library answers SSH_MSG_REQUEST_FAILURE. The guest sees uptermd's
 * banner, "SSH-2.0-uptermd-<version>" (upterm/const.go ServerSSHServerVersion).
 */
import { gliderlabsSsh } from './gliderlabs-ssh.ts';
import type { ServerProfile } from './types.ts';

/** The `upterm host` flag that lets guests forward (v0.23.0 and later). */
const ALLOW_FLAG = '--allow-local-tcp-forwarding';

export const upterm = {
  id: 'upterm',
  name: 'upterm (terminal sharing)',
  kind: 'server',
  seenIn: 'gateways',
  directTcpip: { code: gliderlabsSsh.policy.code, description: gliderlabsSsh.policy.description, cause: 'ssh-gateway-policy' },
  earlier: [{ code: 3, description: gliderlabsSsh.words.unsupported, cause: 'server-lacks-forwarding', releases: 'v0.22.0 and earlier' }],
  policy: {
    answer: 'refuses',
    code: gliderlabsSsh.policy.code,
    description: gliderlabsSsh.policy.description,
    setting: `upterm host ${ALLOW_FLAG} (v0.23.0 and later; off by default)`,
  },
  remoteForward: 'refused',
  words: { banner: 'uptermd', allowFlag: ALLOW_FLAG },
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const uptermBacking: readonly string[] = [
  'source: owenthereal/upterm host/internal/server.go, cmd/upterm/command/host.go --allow-local-tcp-forwarding (v0.24.0; the same in v0.23.0)',
  'source: owenthereal/upterm host/internal/server.go (v0.22.0: no ChannelHandlers), upterm/const.go, server/sshproxy.go (v0.24.0)',
  'source: charmbracelet/ssh tcpip.go DirectTCPIPHandler, server.go (commit ebfa259c7309, the version upterm v0.24.0 uses)',
  'https://github.com/owenthereal/upterm/pull/474 (quotes "unknown channel type: unsupported channel type" before the flag; proposed it as --allow-tcp-forwarding)',
];
