/**
 * The server's name resolution, as getaddrinfo() on a glibc system does it for sshd's
 * connect_to_helper(): numeric addresses first (inet_aton rules: "192.168.1.08" is not numeric and
 * falls through to a name lookup), then /etc/hosts, then DNS per resolv.conf.
 */
import { lookupHosts, parseHosts, parseResolvConf } from './parse/hosts.ts';
import { isPrivate, parseIpv4Literal, parseIpv6Literal } from './net.ts';
import type { DnsSettings } from './scenario.ts';

export type AddressFamily = 'any' | 'inet' | 'inet6';

export const DEFAULT_SERVER_HOSTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';

export interface Resolution {
  ok: boolean;
  /** Addresses in the order getaddrinfo() returns them. */
  addresses: string[];
  /** gai_strerror() text on failure. */
  error: string | null;
  /** Where the answer came from, in words, for the step detail. */
  via: string;
  /** Why it failed, to pick the cause. */
  failure: null | 'not-found' | 'dns-unreachable' | 'rebinding-filtered' | 'family';
}

export const GAI_NONAME = 'Name or service not known';
export const GAI_AGAIN = 'Temporary failure in name resolution';
/** EAI_NODATA: the name exists but the answer holds no address (what a filtering resolver returns). */
export const GAI_NODATA = 'No address associated with hostname';

export interface ResolverInput {
  hostsText: string;
  resolvConfText: string | undefined;
  dns: DnsSettings | undefined;
  family: AddressFamily;
}

function familyOf(address: string): 'inet' | 'inet6' {
  return address.includes(':') ? 'inet6' : 'inet';
}

export function resolveOnServer(name: string, input: ResolverInput): Resolution {
  const v4 = parseIpv4Literal(name);
  if (v4 !== null) {
    if (input.family === 'inet6')
      return { ok: false, addresses: [], error: 'Address family for hostname not supported', via: 'numeric IPv4 address', failure: 'family' };
    return { ok: true, addresses: [v4], error: null, via: 'a numeric IPv4 address', failure: null };
  }
  const v6 = parseIpv6Literal(name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name);
  if (v6 !== null && !name.startsWith('[')) {
    if (input.family === 'inet')
      return { ok: false, addresses: [], error: 'Address family for hostname not supported', via: 'numeric IPv6 address', failure: 'family' };
    return { ok: true, addresses: [v6], error: null, via: 'a numeric IPv6 address', failure: null };
  }
  const hosts = parseHosts(input.hostsText).value;
  const fromHosts = lookupHosts(hosts, name, input.family);
  if (fromHosts.length > 0) return { ok: true, addresses: fromHosts, error: null, via: "the server's /etc/hosts", failure: null };

  const dns = input.dns ?? {};
  const resolv = parseResolvConf(input.resolvConfText ?? '').value;
  const noServer = input.resolvConfText !== undefined && resolv.nameservers.length === 0;
  if (noServer) {
    // glibc falls back to 127.0.0.1 when resolv.conf lists no name server; nothing answers there.
    return { ok: false, addresses: [], error: GAI_AGAIN, via: 'DNS: resolv.conf lists no name server (glibc then asks 127.0.0.1)', failure: 'dns-unreachable' };
  }
  if (dns.reachable === false) {
    return { ok: false, addresses: [], error: GAI_AGAIN, via: 'DNS (the configured name server does not answer)', failure: 'dns-unreachable' };
  }
  const records = dns.records ?? {};
  const candidates = [name];
  if (!name.endsWith('.') && name.split('.').length - 1 < resolv.ndots) for (const d of resolv.search) candidates.push(`${name}.${d}`);
  for (const candidate of candidates) {
    const key = Object.keys(records).find((k) => k.toLowerCase() === candidate.toLowerCase().replace(/\.$/, ''));
    if (!key) continue;
    let addresses = (records[key] ?? []).filter((a) => input.family === 'any' || familyOf(a) === input.family);
    if (dns.rebindingProtection) {
      const kept = addresses.filter((a) => !isPrivate(a));
      if (kept.length === 0 && addresses.length > 0)
        return {
          ok: false,
          addresses: [],
          error: GAI_NODATA,
          via: `DNS: the resolver dropped the private answer for ${candidate}`,
          failure: 'rebinding-filtered',
        };
      addresses = kept;
    }
    if (addresses.length > 0) return { ok: true, addresses, error: null, via: `DNS (${candidate})`, failure: null };
  }
  return { ok: false, addresses: [], error: GAI_NONAME, via: "neither the server's /etc/hosts nor its DNS", failure: 'not-found' };
}
