/**
 * Teleport's tsh client (gravitational/teleport, read at the stored lib/client/api.go commit
 * 7361e2153df5e81839db2a030bdde6cfb3b6a07c and lib/client/client.go commit
 * fc8db9e265f2f91de1e8c1ecfeca31009fe0b210; not run here). A -L or -D connection: proxyConnection()
 * (client.go) dials the target through the node, retrying; each failed attempt's error, the
 * server's answer with it, is logged only at debug level ("Proxy connection attempt"), and what is
 * left is trace.BadParameter("failed to connect to node: <host:port>"), which listenAndForward()
 * logs as a warning ("Failed to proxy connection"; the logger's own frame differs across
 * releases, so only the error text is printed). A -R: startPortForwarding() (api.go) logs
 * "Node does not support remote port forwarding (-R)." whenever x/crypto's error has
 * "ssh: tcpip-forward request denied by peer" (remoteForwardUnsupportedMessage), which is every
 * refusal by the server. Its own words for a refused login are not established here: none printed.
 */
import type { ClientProfile } from './types.ts';

export const teleportTsh = {
  id: 'teleport-tsh',
  name: 'Teleport tsh',
  seenIn: 'gateways',
  description: 'hidden',
  lines(result) {
    if (result.kind === 'auth-failed') return [];
    if (result.kind === 'remote-forward-refused') return ['Node does not support remote port forwarding (-R).'];
    // tsh -W / proxy ssh does not go through proxyConnection(): not modelled
    if (result.via === 'stdio') return [];
    const host = result.target.host.includes(':') ? `[${result.target.host}]` : result.target.host;
    return [`failed to connect to node: ${host}:${result.target.port}`];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const teleportTshBacking: readonly string[] = [
  'source: gravitational/teleport lib/client/client.go proxyConnection, listenAndForward (commit fc8db9e265f2f91de1e8c1ecfeca31009fe0b210)',
  'source: gravitational/teleport lib/client/api.go startPortForwarding, remoteForwardUnsupportedMessage (commit 7361e2153df5e81839db2a030bdde6cfb3b6a07c)',
];

/** The one command that shows what it hides, from the same machine. */
export const teleportTshReveal =
  'run the same tsh command with --debug: its "Proxy connection attempt" lines carry the error each attempt got, the server’s answer in it';
