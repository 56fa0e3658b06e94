/**
 * IP address literals as glibc reads them. sshd resolves a forward's target with getaddrinfo()
 * (no AI_NUMERICHOST), which first tries inet_aton() on the whole string: "127.1" is 127.0.0.1,
 * "010.0.0.1" is 8.0.0.1 (octal), and "192.168.1.08" is not an address at all (08 is not octal),
 * so it is looked up as a host name and fails. /etc/hosts is read with the strict inet_pton().
 */

export type AddressFamily = 'inet' | 'inet6';

/** A parsed address: 4 or 16 bytes. */
export interface ParsedAddress {
  family: AddressFamily;
  bytes: number[];
}

const MAX4 = [0xffffffff, 0xffffff, 0xffff, 0xff];

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
function hexVal(c: string | undefined): number {
  if (c === undefined) return -1;
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** glibc __inet_aton_exact(): 1–4 parts, each decimal, 0x hex or 0-prefixed octal; whole string. */
export function inetAtonExact(s: string): number[] | null {
  if (typeof s !== 'string' || s.length === 0) return null;
  const parts: number[] = [];
  let i = 0;
  const n = s.length;
  for (;;) {
    if (!isDigit(s[i])) return null;
    // strtoul(cp, &endp, 0)
    let val = 0;
    let overflow = false;
    if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && hexVal(s[i + 2]) >= 0) {
      i += 2;
      while (i < n && hexVal(s[i]) >= 0) {
        val = val * 16 + hexVal(s[i]);
        if (val > 0xffffffff) overflow = true;
        if (overflow) val = 0x100000000;
        i++;
      }
    } else if (s[i] === '0') {
      while (i < n && (s[i] as string) >= '0' && (s[i] as string) <= '7') {
        val = val * 8 + ((s[i] as string).charCodeAt(0) - 48);
        if (val > 0xffffffff) overflow = true;
        if (overflow) val = 0x100000000;
        i++;
      }
    } else {
      while (i < n && isDigit(s[i])) {
        val = val * 10 + ((s[i] as string).charCodeAt(0) - 48);
        if (val > 0xffffffff) overflow = true;
        if (overflow) val = 0x100000000;
        i++;
      }
    }
    if (overflow) return null;
    if (s[i] === '.') {
      if (parts.length > 2 || val > 0xff) return null;
      parts.push(val);
      i++;
      continue;
    }
    if (i !== n) return null;
    const max = MAX4[parts.length] ?? 0;
    if (val > max) return null;
    let word = 0;
    for (let k = 0; k < parts.length; k++) word += (parts[k] as number) * 2 ** (24 - 8 * k);
    word += val;
    return [(word >>> 24) & 0xff, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff];
  }
}

/** glibc inet_pton(AF_INET): exactly four decimal parts 0–255, no leading zeros. */
export function inetPton4(s: string): number[] | null {
  if (typeof s !== 'string' || s.length > 15) return null;
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    if (p.length > 1 && p[0] === '0') return null;
    const v = Number(p);
    if (v > 255) return null;
    out.push(v);
  }
  return out;
}

/** glibc inet_pton(AF_INET6): 16 bytes, or null. No scope, no brackets. */
export function inetPton6(s: string): number[] | null {
  if (typeof s !== 'string' || s.length === 0 || s.length > 45) return null;
  const words: number[] = [];
  let gap = -1;
  let i = 0;
  const n = s.length;
  if (s[0] === ':') {
    if (s[1] !== ':') return null;
    i = 1;
  }
  let curStart = i;
  let sawHex = false;
  let val = 0;
  let digits = 0;
  while (i < n) {
    const c = s[i] as string;
    const h = hexVal(c);
    if (h >= 0) {
      if (++digits > 4) return null;
      val = (val << 4) | h;
      sawHex = true;
      i++;
      continue;
    }
    if (c === ':') {
      curStart = i + 1;
      if (!sawHex) {
        if (gap !== -1) return null;
        gap = words.length;
        i++;
        continue;
      }
      if (i + 1 >= n) return null;
      if (words.length >= 8) return null;
      words.push(val);
      sawHex = false;
      val = 0;
      digits = 0;
      i++;
      continue;
    }
    if (c === '.' && words.length <= 6) {
      const v4 = inetPton4(s.slice(curStart));
      if (!v4) return null;
      words.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      sawHex = false;
      i = n;
      break;
    }
    return null;
  }
  if (sawHex) {
    if (words.length >= 8) return null;
    words.push(val);
  }
  if (gap !== -1) {
    if (words.length >= 8) return null;
    const fill = 8 - words.length;
    words.splice(gap, 0, ...new Array<number>(fill).fill(0));
  }
  if (words.length !== 8) return null;
  const bytes: number[] = [];
  for (const w of words) bytes.push((w >> 8) & 0xff, w & 0xff);
  return bytes;
}

function ntop4(b: number[]): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

/** glibc inet_ntop(AF_INET6): compressed lower-case form, ::a.b.c.d and ::ffff:a.b.c.d kept mixed. */
export function formatIpv6(bytes: number[]): string {
  const words: number[] = [];
  for (let k = 0; k < 8; k++) words.push(((bytes[2 * k] ?? 0) << 8) | (bytes[2 * k + 1] ?? 0));
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let k = 0; k < 8; k++) {
    if (words[k] === 0) {
      if (curBase === -1) {
        curBase = k;
        curLen = 1;
      } else curLen++;
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1;
  let out = '';
  for (let k = 0; k < 8; k++) {
    if (bestBase !== -1 && k >= bestBase && k < bestBase + bestLen) {
      if (k === bestBase) out += ':';
      continue;
    }
    if (k !== 0) out += ':';
    if (k === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += ntop4(bytes.slice(12, 16));
      break;
    }
    out += (words[k] as number).toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}

/**
 * An IPv4 literal as getaddrinfo() accepts it (inet_aton, whole string): returns the dotted quad,
 * or null when the text is not an address (then getaddrinfo looks it up as a name).
 */
export function parseIpv4Literal(s: string): string | null {
  const b = inetAtonExact(s);
  return b ? ntop4(b) : null;
}

/**
 * An IPv6 literal as getaddrinfo(AI_NUMERICHOST) accepts it: returns the normalized text
 * (inet_ntop form, scope dropped) or null. A "%scope" suffix is accepted when numeric, or an
 * interface name on a link-local address.
 */
export function parseIpv6Literal(s: string): string | null {
  if (typeof s !== 'string') return null;
  const pct = s.indexOf('%');
  const addr = pct === -1 ? s : s.slice(0, pct);
  const b = inetPton6(addr);
  if (!b) return null;
  if (pct !== -1) {
    const scope = s.slice(pct + 1);
    if (scope === '' || scope.length > 16) return null;
    const linkLocal = (b[0] === 0xfe && ((b[1] as number) & 0xc0) === 0x80) || (b[0] === 0xff && ((b[1] as number) & 0x0f) === 2);
    if (!/^\d+$/.test(scope) && !(linkLocal && /^[A-Za-z0-9_.-]+$/.test(scope))) return null;
  }
  return formatIpv6(b);
}

/** Address as getaddrinfo(AI_NUMERICHOST) parses it (OpenSSH addr_pton): IPv4 via inet_aton, IPv6 via inet_pton. */
export function parseAddress(s: string): ParsedAddress | null {
  const v4 = inetAtonExact(s);
  if (v4) return { family: 'inet', bytes: v4 };
  if (parseIpv6Literal(s) === null) return null;
  const pct = s.indexOf('%');
  const b = inetPton6(pct === -1 ? s : s.slice(0, pct));
  return b ? { family: 'inet6', bytes: b } : null;
}

/** 'inet', 'inet6', or null for a name. */
export function addressFamilyOf(s: string): AddressFamily | null {
  const a = parseAddress(s);
  return a ? a.family : null;
}

function v4Of(s: string): number[] | null {
  const a = parseAddress(s);
  if (!a) return null;
  if (a.family === 'inet') return a.bytes;
  // IPv4-mapped IPv6 (::ffff:a.b.c.d)
  const b = a.bytes;
  if (b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return b.slice(12);
  return null;
}

/** 127.0.0.0/8 and ::1 (and ::ffff:127.x.x.x). */
export function isLoopback(s: string): boolean {
  const v4 = v4Of(s);
  if (v4) return v4[0] === 127;
  const a = parseAddress(s);
  if (!a) return false;
  return a.bytes.slice(0, 15).every((x) => x === 0) && a.bytes[15] === 1;
}

/**
 * Private or local addresses, the ones DNS-rebinding protection drops: RFC 1918 (10/8, 172.16/12,
 * 192.168/16), loopback (127/8, ::1), link-local (169.254/16, fe80::/10), unique local (fc00::/7).
 */
export function isPrivate(s: string): boolean {
  const v4 = v4Of(s);
  if (v4) {
    const [a, b] = v4 as [number, number];
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  const addr = parseAddress(s);
  if (!addr) return false;
  const b = addr.bytes;
  if (isLoopback(s)) return true;
  if (((b[0] as number) & 0xfe) === 0xfc) return true;
  if (b[0] === 0xfe && ((b[1] as number) & 0xc0) === 0x80) return true;
  return false;
}

/** True when addr lies in net/masklen (same family). */
export function inNetwork(addr: ParsedAddress, net: ParsedAddress, masklen: number): boolean {
  if (addr.family !== net.family) return false;
  let bits = masklen;
  for (let k = 0; k < addr.bytes.length; k++) {
    const m = bits >= 8 ? 0xff : bits <= 0 ? 0 : (0xff << (8 - bits)) & 0xff;
    if ((((addr.bytes[k] as number) ^ (net.bytes[k] as number)) & m) !== 0) return false;
    bits -= 8;
  }
  return true;
}

/**
 * OpenSSH addr_pton_cidr(): "addr" or "addr/len". Returns the network, or 'bad' for an
 * inconsistent mask (host bits set, or too long), or null when it is not an address at all.
 */
export function parseCidr(s: string): { net: ParsedAddress; masklen: number } | 'bad' | null {
  if (s.length >= 64) return null;
  const slash = s.indexOf('/');
  let masklen = -1;
  let addrText = s;
  if (slash !== -1) {
    addrText = s.slice(0, slash);
    const m = s.slice(slash + 1);
    if (!/^\d+$/.test(m) || m.length > 6) return null;
    masklen = Number(m);
    if (masklen > 128) return null;
  }
  const net = parseAddress(addrText);
  if (!net) return null;
  const full = net.family === 'inet' ? 32 : 128;
  if (masklen === -1) masklen = full;
  if (masklen > full) return 'bad';
  // host part must be all zeros
  let bits = masklen;
  for (let k = 0; k < net.bytes.length; k++) {
    const keep = bits >= 8 ? 0xff : bits <= 0 ? 0 : (0xff << (8 - bits)) & 0xff;
    if (((net.bytes[k] as number) & ~keep & 0xff) !== 0) return 'bad';
    bits -= 8;
  }
  return { net, masklen };
}

/**
 * The addresses getaddrinfo() gives, in glibc's order, for a bind with no host name (what ssh's and
 * sshd's listeners bind): `wildcard` (AI_PASSIVE) 0.0.0.0 then ::; `loopback` ::1 then 127.0.0.1,
 * or 127.0.0.1 first when the machine has no IPv6 loopback (an unusable ::1 sorts last, RFC 6724
 * rule 1; recorded in a network namespace whose loopback has IPv6 disabled).
 */
export function glibcBindOrder(kind: 'wildcard' | 'loopback', ipv6 = true): string[] {
  if (kind === 'wildcard') return ['0.0.0.0', '::'];
  return ipv6 ? ['::1', '127.0.0.1'] : ['127.0.0.1', '::1'];
}
