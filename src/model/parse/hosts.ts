/**
 * /etc/hosts and /etc/resolv.conf as glibc reads them (nss_files hosts parser, res_init).
 */
import type { ParseResult } from '../diagnostics.ts';
import { formatIpv6, inetPton4, inetPton6, inetAtonExact, parseIpv6Literal } from '../net.ts';
import { capInput, DiagList, q, splitLines } from './common.ts';

export interface HostsEntry {
  /** The address: a dotted quad, or the normalized IPv6 text. */
  address: string;
  family: 'inet' | 'inet6';
  /** Canonical name first, then aliases, as written. */
  names: string[];
  line: number;
}

export interface HostsFile {
  entries: HostsEntry[];
}

const SPACE = /[ \t\n\v\f\r]+/;

/**
 * Parses an /etc/hosts text. A '#' starts a comment anywhere on a line; fields are separated by
 * white space; a line whose address inet_pton() rejects (e.g. "127.0.0.01", "192.168.1.08") is
 * skipped by glibc, which is reported as a warning.
 */
export function parseHosts(text: string): ParseResult<HostsFile> {
  try {
    return parseHostsInner(text);
  } catch (e) {
    return {
      value: { entries: [] },
      diagnostics: [
        {
          line: 1,
          column: 1,
          length: 0,
          code: 'hosts.internal-error',
          message: `This text could not be analysed (${e instanceof Error ? e.message : String(e)}); please report it.`,
          severity: 'error',
        },
      ],
    };
  }
}

function parseHostsInner(text: string): ParseResult<HostsFile> {
  const diags = new DiagList('hosts');
  const src = capInput(text, diags, 'hosts');
  const entries: HostsEntry[] = [];
  for (const ln of splitLines(src)) {
    const hash = ln.text.indexOf('#');
    const body = hash === -1 ? ln.text : ln.text.slice(0, hash);
    const lead = body.length - body.trimStart().length;
    const trimmed = body.trim();
    if (trimmed === '') continue;
    const fields = trimmed.split(SPACE);
    const addr = fields[0] as string;
    const col = lead + 1;
    let address: string | null = null;
    let family: 'inet' | 'inet6' = 'inet';
    const v4 = inetPton4(addr);
    if (v4) {
      address = v4.join('.');
    } else {
      const v6 = inetPton6(addr);
      if (v6) {
        address = formatIpv6(v6);
        family = 'inet6';
      }
    }
    if (address === null) {
      const aton = inetAtonExact(addr);
      let why: string;
      if (aton)
        why = `it is not written as four plain decimal numbers (it would mean ${aton.join('.')} elsewhere, but /etc/hosts needs e.g. ${aton.join('.')})`;
      else if (/^\d+(\.\d+){3}$/.test(addr)) why = 'a part is above 255 or has a leading zero';
      else if (addr.includes('%') && parseIpv6Literal(addr)) why = 'a scope (%…) is not allowed here';
      else why = 'it is not an IPv4 or IPv6 address';
      diags.add(ln.number, col, addr.length, 'hosts.invalid-address', `This line is ignored: ${q(addr)} is not a valid address (${why}).`, 'warning');
      continue;
    }
    const names = fields.slice(1);
    if (names.length === 0) {
      diags.add(ln.number, col, addr.length, 'hosts.no-names', `This line gives the address ${addr} but no host name, so it matches nothing.`, 'warning');
      continue;
    }
    entries.push({ address, family, names, line: ln.number });
  }
  return { value: { entries }, diagnostics: diags.finish() };
}

function asciiEqualIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

/**
 * The addresses the glibc files backend returns for a name: every line whose canonical name or an
 * alias equals the name (ASCII case-insensitively), in file order; 'inet' / 'inet6' keep one
 * family ('any' is getaddrinfo with AF_UNSPEC, before its RFC 6724 sorting).
 */
export function lookupHosts(hosts: HostsFile, name: string, family: 'any' | 'inet' | 'inet6'): string[] {
  const out: string[] = [];
  if (!hosts || !Array.isArray(hosts.entries) || typeof name !== 'string' || name === '') return out;
  for (const e of hosts.entries) {
    if (family !== 'any' && e.family !== family) continue;
    if (e.names.some((n) => asciiEqualIgnoreCase(n, name))) out.push(e.address);
  }
  return out;
}

export interface ResolvConf {
  /** Name servers in use (glibc keeps the first 3). Empty: glibc asks 127.0.0.1. */
  nameservers: string[];
  /** The search list (from the last `search` or `domain` line). */
  search: string[];
  /** options ndots:N (default 1, at most 15). */
  ndots: number;
  /** Every `options` word as written, e.g. "ndots:2", "rotate", "timeout:1". */
  options: string[];
}

const MAXNS = 3;

/**
 * Parses /etc/resolv.conf as glibc's res_init does: keywords `nameserver`, `search`, `domain`,
 * `options`, `sortlist`, each followed by a blank; lines starting with '#' or ';' are comments;
 * anything else is silently ignored by glibc (reported here as a warning).
 */
export function parseResolvConf(text: string): ParseResult<ResolvConf> {
  try {
    return parseResolvInner(text);
  } catch (e) {
    return {
      value: { nameservers: [], search: [], ndots: 1, options: [] },
      diagnostics: [
        {
          line: 1,
          column: 1,
          length: 0,
          code: 'resolv.internal-error',
          message: `This text could not be analysed (${e instanceof Error ? e.message : String(e)}); please report it.`,
          severity: 'error',
        },
      ],
    };
  }
}

/** What resolv.conf has set so far (glibc res_init: the last domain/search wins, ndots is capped at 15). */
interface ResolvReader {
  diags: DiagList;
  nameservers: string[];
  search: string[];
  ndots: number;
  options: string[];
  sawNameserverLine: boolean;
}

/** A keyword counts only at the very start of a line and followed by a blank (glibc's MATCH()). */
function keywordAt(line: string, k: string): boolean {
  return line.startsWith(k) && (line[k.length] === ' ' || line[k.length] === '\t');
}

/** The text after a keyword and its blanks, with its 1-based column. */
function restAfter(line: string, k: string): { rest: string; col: number } {
  let i = k.length;
  while (line[i] === ' ' || line[i] === '\t') i++;
  return { rest: line.slice(i), col: i + 1 };
}

/** nameserver ADDRESS: an IPv4 (inet_aton) or IPv6 address; at most MAXNS are used. */
function readNameserver(r: ResolvReader, lineNo: number, line: string): void {
  r.sawNameserverLine = true;
  const { rest, col } = restAfter(line, 'nameserver');
  const addr = rest.split(/[ \t\n]/)[0] ?? '';
  if (addr === '') return;
  const v4 = inetAtonExact(addr);
  const norm = v4 ? v4.join('.') : parseIpv6Literal(addr);
  if (norm === null) {
    const message = `This nameserver line is ignored: ${q(addr)} is not an IP address (a name server must be given by address).`;
    r.diags.add(lineNo, col, addr.length, 'resolv.invalid-nameserver', message, 'warning');
  } else if (r.nameservers.length >= MAXNS) {
    r.diags.add(lineNo, col, addr.length, 'resolv.too-many-nameservers', `Only the first ${MAXNS} nameserver lines are used; ${addr} is ignored.`, 'warning');
  } else {
    r.nameservers.push(norm);
  }
}

function readResolvOptions(r: ResolvReader, line: string): void {
  const { rest } = restAfter(line, 'options');
  for (const o of rest.split(/[ \t]+/)) {
    if (o === '') continue;
    r.options.push(o);
    if (o.startsWith('ndots:')) {
      const m = /^[+-]?\d+/.exec(o.slice(6));
      const v = m ? Number(m[0]) : 0;
      r.ndots = v > 15 ? 15 : Math.max(v, 0);
    }
  }
}

const RESOLV_KEYWORDS = ['nameserver', 'search', 'domain', 'options', 'sortlist'];

/** A line glibc ignores: say why (indented keyword, a near miss such as "nameserver:", or unknown). */
function reportUnknownResolvLine(r: ResolvReader, lineNo: number, line: string): void {
  const lead = line.length - line.trimStart().length;
  const word = line.trim().split(/[ \t]/)[0] ?? '';
  const close = RESOLV_KEYWORDS.find((k) => k.toLowerCase() === word.toLowerCase().replace(/:$/, ''));
  const hint =
    lead > 0 && RESOLV_KEYWORDS.includes(word)
      ? ' (glibc only reads keywords at the very start of a line)'
      : close
        ? ` (did you mean '${close}' followed by a space?)`
        : '';
  r.diags.add(lineNo, lead + 1, word.length, 'resolv.unknown-line', `glibc ignores this line: ${q(word)} is not a resolv.conf keyword${hint}.`, 'warning');
}

function readResolvLine(r: ResolvReader, lineNo: number, line: string): void {
  if (line === '' || line[0] === '#' || line[0] === ';' || line.trim() === '') return;
  if (keywordAt(line, 'nameserver')) readNameserver(r, lineNo, line);
  else if (keywordAt(line, 'domain')) {
    const d = restAfter(line, 'domain').rest.split(/[ \t\n]/)[0] ?? '';
    if (d !== '') r.search = [d];
  } else if (keywordAt(line, 'search')) {
    const list = restAfter(line, 'search')
      .rest.split(/[ \t]+/)
      .filter((x) => x !== '');
    if (list.length > 0) r.search = list;
  } else if (keywordAt(line, 'options')) readResolvOptions(r, line);
  else if (!keywordAt(line, 'sortlist')) reportUnknownResolvLine(r, lineNo, line);
}

function parseResolvInner(text: string): ParseResult<ResolvConf> {
  const diags = new DiagList('resolv');
  const src = capInput(text, diags, 'resolv');
  const r: ResolvReader = { diags, nameservers: [], search: [], ndots: 1, options: [], sawNameserverLine: false };
  for (const ln of splitLines(src)) readResolvLine(r, ln.number, ln.text);
  if (!r.sawNameserverLine) {
    const message =
      'There is no nameserver line, so the resolver asks a DNS server on the machine itself (127.0.0.1); if none runs there, every DNS lookup fails with "Temporary failure in name resolution".';
    diags.add(1, 1, 0, 'resolv.no-nameserver', message, 'warning');
  } else if (r.nameservers.length === 0) {
    const message = 'No nameserver line has a valid address, so the resolver asks 127.0.0.1; if no DNS server runs there, DNS lookups fail.';
    diags.add(1, 1, 0, 'resolv.no-nameserver', message, 'warning');
  }
  return { value: { nameservers: r.nameservers, search: r.search, ndots: r.ndots, options: r.options }, diagnostics: diags.finish() };
}
