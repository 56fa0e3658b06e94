/**
 * gliderlabs/ssh, the Go SSH server library under Tailscale SSH (its fork) and JumpServer's koko.
 * A server built on it opens only "session" channels unless the program registers a handler for
 * "direct-tcpip": server.go handleConn() rejects any other channel type with x/crypto's
 * UnknownChannelType (reason 3) and "unsupported channel type". With tcpip.go's DirectTCPIPHandler
 * registered, a LocalPortForwardingCallback that says no gives reason 1 and "port forwarding is
 * disabled" (v0.3.8) — a policy (scenario `gatewayPolicy`).
 */
import type { ServerProfile } from './types.ts';

/**
 * Go's net.Dialer error for a TCP connect that failed, as DirectTCPIPHandler sends it (reason 2):
 * "dial tcp 127.0.0.1:5432: connect: connection refused" (recorded here:
 * gliderlabs-ssh.allowed-target-down-local). Go names the first address it tried, an IPv6 one in
 * brackets, and its errno text is glibc's strerror() with a lower-case first letter.
 */
export function goDialError(address: string, port: number, strerror: string): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `dial tcp ${host}:${port}: connect: ${strerror.charAt(0).toLowerCase()}${strerror.slice(1)}`;
}

/**
 * The strerror() or getaddrinfo() text a Go dial error stands for, or null: goDialError's connect
 * errors, and a failed lookup (net.DNSError: "dial tcp: lookup <name>[ on <server>]: no such host",
 * or a DNS server that did not answer: "… i/o timeout", "… server misbehaving").
 */
export function goDialMeaning(text: string): string | null {
  const connect = /^dial tcp \S{1,300}: connect: ([a-z][a-z ]{2,60})$/.exec(text);
  if (connect) return `${connect[1]!.charAt(0).toUpperCase()}${connect[1]!.slice(1)}`;
  const lookup = /^dial tcp: lookup \S{1,300}(?: on \S{1,100})?: (.{1,200})$/.exec(text);
  if (!lookup) return null;
  return lookup[1] === 'no such host' ? 'Name or service not known' : 'Temporary failure in name resolution';
}

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
