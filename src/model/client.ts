/**
 * The ssh client's side: which listeners a command sets up, and which channel number the first
 * forwarded connection gets. Channel ids are allocated in the order ssh.c ssh_session2() creates
 * channels: the -W stdio channel, then one listener per bound address of each -L/-D (local forwards
 * in order), the -w tunnel channel, the ControlMaster listener, then the session (unless -N).
 */
import type { Forward } from './parse/command.ts';
import { parseIpv4Literal, parseIpv6Literal } from './net.ts';
import { lookupHosts, parseHosts } from './parse/hosts.ts';

export type ClientFamily = 'any' | 'inet' | 'inet6';

export const DEFAULT_CLIENT_HOSTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';

/** The addresses one local listener binds, as channels.c channel_setup_fwd_listener_tcpip() does. */
export function listenerAddresses(fwd: Forward, family: ClientFamily, gatewayPorts: boolean, hostsText: string): string[] {
  if (fwd.listenPath !== null) return [fwd.listenPath];
  const bind = fwd.bindAddress;
  const wildcard = bind === '*' || bind === '' || (bind === null && gatewayPorts);
  const loopback = (bind === null && !gatewayPorts) || bind === 'localhost';
  const both = (v4: string, v6: string) => (family === 'inet' ? [v4] : family === 'inet6' ? [v6] : [v4, v6]);
  // getaddrinfo() order on glibc: passive wildcard 0.0.0.0 then ::; loopback ::1 then 127.0.0.1.
  if (wildcard) return both('0.0.0.0', '::');
  if (loopback) return family === 'any' ? ['::1', '127.0.0.1'] : both('127.0.0.1', '::1');
  const b = bind!.startsWith('[') && bind!.endsWith(']') ? bind!.slice(1, -1) : bind!;
  const v4 = parseIpv4Literal(b);
  if (v4 !== null) return family === 'inet6' ? [] : [v4];
  const v6 = parseIpv6Literal(b);
  if (v6 !== null) return family === 'inet' ? [] : [v6];
  return lookupHosts(parseHosts(hostsText).value, b, family);
}

export interface ChannelPlan {
  /** Channel ids of the listeners per forward index (local and dynamic only). */
  listeners: { forward: number; channels: number[]; addresses: string[] }[];
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
  /** Local ports already in use: a listener that cannot bind takes no channel. */
  portsInUse?: number[];
}): ChannelPlan {
  let next = 0;
  const stdioChannel = opts.stdio ? next++ : null;
  const listeners: ChannelPlan['listeners'] = [];
  opts.forwards.forEach((fwd, i) => {
    if (fwd.kind === 'remote') return;
    const addresses = listenerAddresses(fwd, opts.family, opts.gatewayPorts, opts.hostsText);
    const blocked = fwd.listenPort !== null && (opts.portsInUse ?? []).includes(fwd.listenPort);
    const channels = blocked ? [] : addresses.map(() => next++);
    listeners.push({ forward: i, channels, addresses });
  });
  const tunnelChannel = opts.tunnel ? next++ : null;
  const muxChannel = opts.mux ? next++ : null;
  const sessionChannel = opts.session ? next++ : null;
  return { listeners, stdioChannel, tunnelChannel, muxChannel, sessionChannel, next };
}
