/**
 * The ssh client's side: which listeners a command sets up, and which channel number the first
 * forwarded connection gets. Channel ids are allocated in the order ssh.c ssh_session2() creates
 * channels: the -W stdio channel, then one listener per bound address of each -L/-D (local forwards
 * in order), the -w tunnel channel, the ControlMaster listener, then the session (unless -N).
 */
import type { Forward } from './parse/command.ts';
import { glibcBindOrder, parseIpv4Literal, parseIpv6Literal } from './net.ts';
import { lookupHosts, parseHosts } from './parse/hosts.ts';

export type ClientFamily = 'any' | 'inet' | 'inet6';

export const DEFAULT_CLIENT_HOSTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';

/**
 * The addresses one local listener binds, as channels.c channel_setup_fwd_listener_tcpip() does.
 * `ipv6` false: the machine has no IPv6 loopback address, so ssh tries ::1 last (net.ts glibcBindOrder).
 */
export function listenerAddresses(fwd: Forward, family: ClientFamily, gatewayPorts: boolean, hostsText: string, ipv6 = true): string[] {
  if (fwd.listenPath !== null) return [fwd.listenPath];
  const bind = fwd.bindAddress;
  const wildcard = bind === '*' || bind === '' || (bind === null && gatewayPorts);
  const loopback = (bind === null && !gatewayPorts) || bind === 'localhost';
  const ofFamily = (addrs: string[]) => addrs.filter((a) => family === 'any' || (family === 'inet6') === a.includes(':'));
  if (wildcard) return ofFamily(glibcBindOrder('wildcard'));
  if (loopback) return ofFamily(glibcBindOrder('loopback', ipv6));
  const b = bind!.startsWith('[') && bind!.endsWith(']') ? bind!.slice(1, -1) : bind!;
  const v4 = parseIpv4Literal(b);
  if (v4 !== null) return family === 'inet6' ? [] : [v4];
  const v6 = parseIpv6Literal(b);
  if (v6 !== null) return family === 'inet' ? [] : [v6];
  return lookupHosts(parseHosts(hostsText).value, b, family);
}

/** Where the client may bind a local listener: what bind() answers depends on these. */
export interface BindEnvironment {
  /** Local ports already in use: bind() fails with "Address already in use". */
  portsInUse?: readonly number[];
  /** False: no IPv6 loopback address, so binding ::1 fails with "Cannot assign requested address". */
  ipv6?: boolean;
  /** True when ssh may bind ports below 1024 (root, or a system that lets anyone). */
  root?: boolean;
}

/**
 * What bind(2) answers for one listen address and port on the client, as the strerror() text ssh
 * prints after "bind [addr]:port: ", or null when it binds. EACCES for a port below 1024 without
 * root (Linux net.ipv4.ip_unprivileged_port_start, 1024 by default); EADDRNOTAVAIL for ::1 on a
 * machine without an IPv6 loopback; EADDRINUSE for a taken port. Linux checks in that order
 * (inet_bind_sk()/inet6_bind_sk() test the privileged port before __inet_bind()/__inet6_bind()
 * look at the address, and the port's owner last), so a taken port below 1024 says "Permission
 * denied" and a taken port on a missing ::1 "Cannot assign requested address" (conformance
 * scenarios client-privileged-port-in-use and client-no-ipv6-loopback-port-in-use).
 */
export function bindError(address: string, port: number | null, env: BindEnvironment): string | null {
  if (port !== null && port > 0 && port < 1024 && !env.root) return 'Permission denied';
  if (env.ipv6 === false && address === '::1') return 'Cannot assign requested address';
  if (port !== null && (env.portsInUse ?? []).includes(port)) return 'Address already in use';
  return null;
}

/** One -L/-D listener: the addresses ssh tries, what bind() said for each, the channels it got. */
export interface ListenerPlan {
  forward: number;
  /** One channel id per address that bound. */
  channels: number[];
  addresses: string[];
  /** bind()'s error per address, in `addresses` order; null where it bound. */
  errors: (string | null)[];
}

export interface ChannelPlan {
  /** Channel ids of the listeners per forward index (local and dynamic only). */
  listeners: ListenerPlan[];
  stdioChannel: number | null;
  tunnelChannel: number | null;
  muxChannel: number | null;
  sessionChannel: number | null;
  /** The next free id: the first forwarded connection gets it. */
  next: number;
}

export function planChannels(opts: {
  forwards: Forward[];
  stdio: boolean;
  tunnel: boolean;
  mux: boolean;
  session: boolean;
  family: ClientFamily;
  gatewayPorts: boolean;
  hostsText: string;
  /** What bind() answers on the client: an address that cannot bind takes no channel. */
  bind?: BindEnvironment;
}): ChannelPlan {
  let next = 0;
  const stdioChannel = opts.stdio ? next++ : null;
  const listeners: ChannelPlan['listeners'] = [];
  const env = opts.bind ?? {};
  opts.forwards.forEach((fwd, i) => {
    if (fwd.kind === 'remote') return;
    const addresses = listenerAddresses(fwd, opts.family, opts.gatewayPorts, opts.hostsText, env.ipv6);
    const errors = addresses.map((a) => (fwd.listenPath !== null ? null : bindError(a, fwd.listenPort, env)));
    const channels = errors.flatMap((e) => (e === null ? [next++] : []));
    listeners.push({ forward: i, channels, addresses, errors });
  });
  const tunnelChannel = opts.tunnel ? next++ : null;
  const muxChannel = opts.mux ? next++ : null;
  const sessionChannel = opts.session ? next++ : null;
  return { listeners, stdioChannel, tunnelChannel, muxChannel, sessionChannel, next };
}
