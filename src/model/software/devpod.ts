/**
 * DevPod (loft-sh/devpod, read at v0.6.15 and the newest snapshot, commit
 * 7b38607927cd637a0055d8e8615150a408b107ca; not run here): the `<workspace>.devpod` host that
 * `devpod up` writes into ~/.ssh/config runs `devpod ssh --stdio` as its ProxyCommand, which starts
 * DevPod's own SSH server inside the workspace on stdio (`devpod helper ssh-server --stdio`,
 * cmd/ssh.go, cmd/helper/ssh_server.go). That server (pkg/ssh/server/ssh.go NewServer, and
 * ssh_container.go for the container agent's) is built on loft-sh/ssh v0.0.5, DevPod's fork of
 * gliderlabs/ssh, and its LocalPortForwardingCallback and ReversePortForwardingCallback return true:
 * every -L, -D, -W and -R is allowed, and DevPod has no setting to ask for. A forward nothing answers
 * gets gliderlabs' DirectTCPIPHandler answer (loft-sh/ssh tcpip.go, v0.0.5): reason 2 with Go's dial
 * error as the description (`dial tcp 127.0.0.1:5432: connect: connection refused`), which is Go's
 * wording, not DevPod's. `devpod ssh -L` forwards through golang.org/x/crypto/ssh itself
 * (pkg/ssh/forward.go) and logs a refused channel only at debug level, with a generic "error dialing
 * remote: " before x/crypto's error: no line of DevPod's own is modelled. One exception, not modelled
 * by a profile field: DevPod registers the library's direct-streamlocal@openssh.com handler but sets
 * no LocalUnixForwardingCallback, so a -L to a Unix socket path is always refused with reason 1 and
 * the library's "unix forwarding is disabled" (loft-sh/ssh streamlocal.go, v0.0.5); a -R from a
 * socket path is allowed (ReverseUnixForwardingCallback).
 */
import type { ServerProfile } from './types.ts';

/** DevPod's SSH server in the workspace: it allows every TCP forward, so no policy and no line of its own. */
export const devpod = {
  id: 'devpod',
  name: 'DevPod workspace SSH server',
  kind: 'gateway',
  seenIn: 'gateways',
  // it allows every forward (no policy to model)
  directTcpip: null,
  // loft-sh/ssh's DirectTCPIPHandler, gliderlabs' own
  targetFailure: { answer: 'go-dial' },
  words: {},
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const devpodBacking: readonly string[] = [
  'source: loft-sh/devpod pkg/ssh/server/ssh.go NewServer, pkg/ssh/server/ssh_container.go NewContainerServer, cmd/helper/ssh_server.go, cmd/ssh.go (v0.6.15; commit 7b38607927cd637a0055d8e8615150a408b107ca)',
  'source: loft-sh/ssh tcpip.go DirectTCPIPHandler, streamlocal.go DirectStreamLocalHandler (v0.0.5, commit 075eac2aaba377212a90cf118b7c74270b53c0ad)',
  'source: loft-sh/devpod pkg/ssh/forward.go forward (devpod ssh -L logs a refused channel at debug level only)',
  'gliderlabs/ssh’s own handler, recorded here (not DevPod) with gliderlabs/ssh 0.3.3 (Debian) and ssh 9.2p1, for the failed dial’s wording: test/conformance/servers/recordings/gliderlabs-ssh.allowed-target-down-local.json',
];
