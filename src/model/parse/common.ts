/**
 * Shared, pure helpers for the parsers in this folder: line splitting with positions, a capped
 * diagnostic list, OpenSSH's tokenisers (strdelim, argv_split), its glob matcher (match_pattern,
 * match_pattern_list) and a2port. Everything here is linear in its input or runs under a step
 * budget, so absurd input (megabytes on one line) cannot hang the page.
 */
import type { Diagnostic, DiagnosticCode, ParserPrefix, Severity } from '../diagnostics.ts';

/** Inputs longer than this are cut (with a diagnostic); 8 Mi characters is far above any real file. */
export const MAX_INPUT_CHARS = 8 * 1024 * 1024;
/** At most this many diagnostics are kept per parse; one more says how many were left out. */
export const MAX_DIAGNOSTICS = 200;

/** Collects diagnostics, keeping at most MAX_DIAGNOSTICS of them. */
export class DiagList {
  readonly items: Diagnostic[] = [];
  private dropped = 0;
  constructor(private readonly prefix: ParserPrefix) {}

  add(line: number, column: number, length: number, code: DiagnosticCode, message: string, severity: Severity = 'error'): void {
    if (this.items.length >= MAX_DIAGNOSTICS) {
      this.dropped++;
      return;
    }
    this.items.push({ line, column: Math.max(1, column), length: Math.max(0, length), code, message, severity });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  finish(): Diagnostic[] {
    if (this.dropped > 0) {
      const last = this.items[this.items.length - 1];
      this.items.push({
        line: last ? last.line : 1,
        column: 1,
        length: 0,
        code: `${this.prefix}.too-many-diagnostics`,
        message: `${this.dropped} more problem${this.dropped === 1 ? '' : 's'} not shown; fix the ones above first.`,
        severity: 'info',
      });
      this.dropped = 0;
    }
    return this.items;
  }
}

/** Cuts over-long input and reports it. */
export function capInput(text: string, diags: DiagList, prefix: ParserPrefix): string {
  if (typeof text !== 'string') return '';
  if (text.length <= MAX_INPUT_CHARS) return text;
  diags.add(1, 1, 0, `${prefix}.input-truncated`, `The text is ${text.length} characters long; only the first ${MAX_INPUT_CHARS} were read.`, 'warning');
  return text.slice(0, MAX_INPUT_CHARS);
}

/** Maps offsets in a text to 1-based line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    let i = text.indexOf('\n');
    while (i !== -1) {
      this.starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}

export interface SourceLine {
  /** The line without its end-of-line characters (a trailing \r is removed). */
  text: string;
  /** 1-based line number. */
  number: number;
}

/** Splits a text into lines ("\n", "\r\n"); linear. */
export function splitLines(text: string): SourceLine[] {
  const out: SourceLine[] = [];
  let start = 0;
  let n = 1;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    out.push({ text: line, number: n });
    if (nl === -1) break;
    start = nl + 1;
    n++;
  }
  return out;
}

const WS = ' \t\r\n';

/** A token with its 0-based start and end (exclusive) in the line it came from. */
export interface Tok {
  value: string;
  start: number;
  end: number;
}

/**
 * The keyword of a config line, split as OpenSSH's strdelim() does (whitespace or one '='), and
 * the rest of the line. Returns null for blank and comment lines.
 */
export function splitKeyword(rawLine: string): { keyword: Tok; rest: string; restStart: number } | { keyword: Tok; rest: null; restStart: number } | null {
  // Strip trailing whitespace (and form feeds) as process_*_config_line does.
  let end = rawLine.length;
  while (end > 0 && `${WS}\f`.includes(rawLine[end - 1] ?? '')) end--;
  const line = rawLine.slice(0, end);
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  if (i >= line.length) return null;
  if (line[i] === '#') return null;
  const kStart = i;
  while (i < line.length && !`${WS}"=`.includes(line[i] ?? '')) i++;
  let keyword = line.slice(kStart, i);
  let kEnd = i;
  if (i < line.length && line[i] === '"') {
    // strdelim removes the quote and takes the text up to the next quote as part of the token.
    const close = line.indexOf('"', i + 1);
    if (close === -1) return { keyword: { value: keyword + line.slice(i + 1), start: kStart, end: line.length }, rest: null, restStart: line.length };
    keyword += line.slice(i + 1, close);
    kEnd = close + 1;
    i = close + 1;
    while (i < line.length && WS.includes(line[i] ?? '')) i++;
  } else if (i < line.length) {
    const wasEquals = line[i] === '=';
    i++;
    while (i < line.length && WS.includes(line[i] ?? '')) i++;
    if (!wasEquals && line[i] === '=') {
      i++;
      while (i < line.length && WS.includes(line[i] ?? '')) i++;
    }
  }
  if (keyword === '' || keyword.startsWith('#')) return null;
  const tok = { value: keyword, start: kStart, end: kEnd };
  if (i >= line.length) return { keyword: tok, rest: null, restStart: line.length };
  return { keyword: tok, rest: line.slice(i), restStart: i };
}

/**
 * OpenSSH's argv_split(): whitespace-separated words, single or double quotes group (and are
 * removed), backslash escapes quote characters, backslash and (outside quotes) a space; '#' at the
 * start of a word ends the line when terminateOnComment. Offsets are relative to `s` plus `base`.
 */
export function argvSplit(s: string, base = 0, terminateOnComment = true): { args: Tok[]; error: { offset: number } | null } {
  const args: Tok[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (terminateOnComment && c === '#') break;
    const start = i;
    let quote = '';
    let quoteAt = -1;
    let out = '';
    for (; i < n; i++) {
      const ch = s[i] as string;
      if (ch === '\\') {
        const nx = s[i + 1];
        if (nx === "'" || nx === '"' || nx === '\\' || (quote === '' && nx === ' ')) {
          i++;
          out += nx;
        } else {
          out += ch;
        }
      } else if (quote === '' && (ch === ' ' || ch === '\t')) {
        break;
      } else if (quote === '' && (ch === '"' || ch === "'")) {
        quote = ch;
        quoteAt = i;
      } else if (quote !== '' && ch === quote) {
        quote = '';
      } else {
        out += ch;
      }
    }
    if (quote !== '') return { args, error: { offset: base + quoteAt } };
    args.push({ value: out, start: base + start, end: base + i });
  }
  return { args, error: null };
}

/** Splits like strdelim() repeatedly (used for Match criteria): whitespace or '=' separated, '"' quotes. */
export function strdelimAll(s: string, base = 0): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && WS.includes(s[i] ?? '')) i++;
    if (i >= n) break;
    const start = i;
    let val = '';
    while (i < n && !`${WS}"=`.includes(s[i] ?? '')) val += s[i++];
    if (i < n && s[i] === '"') {
      const close = s.indexOf('"', i + 1);
      if (close === -1) {
        val += s.slice(i + 1);
        out.push({ value: val, start: base + start, end: base + n });
        return out;
      }
      val += s.slice(i + 1, close);
      i = close + 1;
      out.push({ value: val, start: base + start, end: base + i });
      continue;
    }
    out.push({ value: val, start: base + start, end: base + i });
    if (i < n && s[i] === '=') {
      i++;
    }
  }
  return out;
}

/** Budget of character comparisons for one glob match; far above any real host name. */
const GLOB_BUDGET = 2_000_000;
/** Shared budget while withGlobBudget() runs (one whole evaluation), so many absurd patterns stay cheap too. */
let sharedGlobSteps = Infinity;

/** Runs fn with at most `steps` glob comparisons in total; past that, patterns stop matching. */
export function withGlobBudget<T>(steps: number, fn: () => T): T {
  const saved = sharedGlobSteps;
  sharedGlobSteps = Math.min(saved, steps);
  try {
    return fn();
  } finally {
    sharedGlobSteps = saved;
  }
}

/**
 * OpenSSH match_pattern(): '*' matches any run of characters, '?' exactly one, everything else
 * itself (case-sensitive). Implemented without recursion (last-star backtracking), so it cannot
 * explode on patterns such as "*a*a*a*b"; a pathological pair beyond the budget counts as no match.
 */
export function matchPattern(s: string, pattern: string): boolean {
  let si = 0;
  let pi = 0;
  let starP = -1;
  let starS = 0;
  let steps = 0;
  while (si < s.length) {
    if (++steps > GLOB_BUDGET || --sharedGlobSteps < 0) return false;
    const pc = pattern[pi];
    if (pc === '*') {
      starP = pi++;
      starS = si;
    } else if (pc !== undefined && (pc === '?' || pc === s[si])) {
      pi++;
      si++;
    } else if (starP !== -1) {
      pi = starP + 1;
      si = ++starS;
    } else {
      return false;
    }
  }
  while (pattern[pi] === '*') pi++;
  return pi === pattern.length;
}

/**
 * OpenSSH match_pattern_list(): a comma-separated list of patterns, each optionally negated with
 * '!'. Returns 1 for a positive match, -1 when a negated pattern matches (negation wins), 0
 * otherwise. With dolower the patterns are lower-cased first (the string is not).
 */
export function matchPatternList(s: string, list: string, dolower: boolean): 1 | 0 | -1 {
  let gotPositive = false;
  let i = 0;
  const len = list.length;
  while (i < len) {
    let negated = false;
    if (list[i] === '!') {
      negated = true;
      i++;
    }
    let j = list.indexOf(',', i);
    if (j === -1) j = len;
    let sub = list.slice(i, j);
    // OpenSSH copies the sub-pattern into a 1024-byte buffer: a longer one fails the whole list.
    if (sub.length >= 1023) return 0;
    if (dolower) sub = asciiLower(sub);
    i = j < len ? j + 1 : j;
    if (matchPattern(s, sub)) {
      if (negated) return -1;
      gotPositive = true;
    }
  }
  return gotPositive ? 1 : 0;
}

// TCP services of Debian's /etc/services (netbase), as getservbyname(name, "tcp") finds them.
const SERVICES_TCP =
  '1 tcpmux|7 echo|9 discard sink null|11 systat users|13 daytime|15 netstat|17 qotd quote|' +
  '19 chargen ttytst source|20 ftp-data|21 ftp|22 ssh|23 telnet|25 smtp mail|37 time timserver|' +
  '43 whois nicname|49 tacacs|53 domain|70 gopher|79 finger|80 http www|' +
  '88 kerberos kerberos5 krb5 kerberos-sec|102 iso-tsap tsap|104 acr-nema dicom|110 pop3 pop-3|' +
  '111 sunrpc portmapper|113 auth authentication tap ident|119 nntp readnews untp|' +
  '135 epmap loc-srv|139 netbios-ssn|143 imap2 imap|161 snmp|162 snmp-trap snmptrap|163 cmip-man|' +
  '164 cmip-agent|174 mailq|179 bgp|199 smux|209 qmtp|210 z3950 wais|345 pawserv|346 zserv|' +
  '369 rpc2portmap|370 codaauth2|389 ldap|427 svrloc|443 https|444 snpp|445 microsoft-ds|' +
  '464 kpasswd|465 submissions ssmtp smtps urd|487 saft|554 rtsp|607 nqs|628 qmqp|631 ipp|646 ldp|' +
  '512 exec|513 login|514 shell cmd syslog|515 printer spooler|538 gdomap|540 uucp uucpd|' +
  '543 klogin|544 kshell krcmd|548 afpovertcp|563 nntps snntp|587 submission|636 ldaps|655 tinc|' +
  '706 silc|749 kerberos-adm|853 domain-s|873 rsync|989 ftps-data|990 ftps|992 telnets|993 imaps|' +
  '995 pop3s|1080 socks|1093 proofd|1094 rootd|1194 openvpn|1099 rmiregistry|' +
  '1352 lotusnote lotusnotes|1433 ms-sql-s|1524 ingreslock|1645 datametrics old-radius|' +
  '1646 sa-msg-port old-radacct|1649 kermit|1677 groupwise|1812 radius|1813 radius-acct radacct|' +
  '2000 cisco-sccp|2049 nfs|2086 gnunet|2101 rtcm-sc104|2119 gsigatekeeper|2135 gris|' +
  '2401 cvspserver|2430 venus|2431 venus-se|2432 codasrv|2433 codasrv-se|2583 mon|2628 dict|' +
  '2792 f5-globalsite|2811 gsiftp|2947 gpsd|3050 gds-db gds_db|3205 isns|3260 iscsi-target|' +
  '3306 mysql|3389 ms-wbt-server|3493 nut|3632 distcc|3689 daap|3690 svn subversion|4031 suucp|' +
  '4094 sysrqd|4190 sieve|4369 epmd|4373 remctl|4353 f5-iquery|4460 ntske|4691 mtn|' +
  '4899 radmin-port|5060 sip|5061 sip-tls|5222 xmpp-client jabber-client|' +
  '5269 xmpp-server jabber-server|5308 cfengine|5432 postgresql postgres|5556 freeciv rptp|' +
  '5671 amqps|5672 amqp|6000 x11 x11-0|6001 x11-1|6002 x11-2|6003 x11-3|6004 x11-4|6005 x11-5|' +
  '6006 x11-6|6007 x11-7|6346 gnutella-svc|6347 gnutella-rtr|6379 redis|' +
  '6444 sge-qmaster sge_qmaster|6445 sge-execd sge_execd|6446 mysql-proxy|6697 ircs-u|7000 bbs|' +
  '7100 font-service xfs|8080 http-alt webcache|8140 puppet|9101 bacula-dir|9102 bacula-fd|' +
  '9103 bacula-sd|9667 xmms2|10809 nbd|10050 zabbix-agent|10051 zabbix-trapper|10080 amanda|' +
  '11112 dicom|11371 hkp|17500 db-lsp|22125 dcap|22128 gsidcap|22273 wnn6|' +
  '750 kerberos4 kerberos-iv kdc|751 kerberos-master|754 krb-prop krb_prop krb5_prop hprop|' +
  '2121 iprop|871 supfilesrv|1127 supfiledbg|106 poppassd|775 moira-db moira_db|' +
  '777 moira-update moira_update|783 spamd|1178 skkserv|1236 rmtcfg|1313 xtel|1314 xtelw|' +
  '2600 zebrasrv|2601 zebra|2602 ripd|2603 ripngd|2604 ospfd|2605 bgpd|2606 ospf6d|2607 ospfapi|' +
  '2608 isisd|4557 fax|4559 hylafax|4949 munin lrrd|5666 nrpe|5667 nsca|5680 canna|6514 syslog-tls|' +
  '6566 sane-port sane saned|6667 ircd|8021 zope-ftp|8081 tproxy|8088 omniorb|' +
  '8990 clc-build-daemon|9098 xinetd|9418 git|9673 zope|10000 webmin|10081 kamanda|10082 amandaidx|' +
  '10083 amidxtape|17004 sgi-cad|24554 binkp|27374 asp|30865 csync2|57000 dircproxy|60177 tfido|' +
  '60179 fido|';

let servicesMap: Map<string, number> | null = null;

/** getservbyname(name, "tcp") against Debian's /etc/services: case-sensitive, first entry wins. */
export function serviceToPort(name: string): number | null {
  if (!servicesMap) {
    servicesMap = new Map();
    for (const ent of SERVICES_TCP.split('|')) {
      const [port, ...names] = ent.split(' ');
      if (!port) continue;
      for (const nm of names) if (!servicesMap.has(nm)) servicesMap.set(nm, Number(port));
    }
  }
  return servicesMap.get(name) ?? null;
}

/**
 * OpenBSD strtonum(s, min, max) as OpenSSH uses it: optional leading white space and sign, decimal
 * digits, nothing after. Returns null when invalid or out of range.
 */
export function strtonum(s: string, min: number, max: number): number | null {
  if (s.length > 64) return null;
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(s);
  if (!m) return null;
  const digits = (m[2] ?? '').replace(/^0+(?=\d)/, '');
  if (digits.length > 18) return null;
  const v = Number(digits) * (m[1] === '-' ? -1 : 1);
  if (v < min || v > max) return null;
  return v === 0 ? 0 : v;
}

/** OpenSSH a2port(): 0–65535 as decimal, else a TCP service name; -1 when neither. */
export function a2port(s: string): number {
  const n = strtonum(s, 0, 65535);
  if (n !== null) return n;
  const svc = serviceToPort(s);
  return svc ?? -1;
}

/** Quotes a user's text for a message, shortening very long values. */
export function q(s: string, max = 80): string {
  const t = s.length > max ? `${s.slice(0, max - 1)}…` : s;
  return `'${t}'`;
}

/** OpenSSH's lowercase() for ASCII only (C locale tolower). */
export function asciiLower(s: string): string {
  // toLowerCase() also maps non-ASCII letters, which C's tolower() in the C locale does not
  return s.replace(/[A-Z]+/g, (c) => c.toLowerCase());
}
