/**
 * sshd_config as OpenSSH's sshd reads it (servconf.c): `Keyword value` or `Keyword=value`,
 * case-insensitive keywords, '#' comments, quoted arguments; for each keyword the first value
 * obtained wins, except that a matching Match block is applied over the global section (and among
 * matching Match blocks the first value wins); only the first PermitOpen/PermitListen line counts.
 * Which keywords exist, and which may appear inside Match, follows the servconf.c keyword table
 * of each release from 6.0 to 10.3 (Debian build: PAM, GSSAPI and Kerberos on, no AFS).
 */
import type { DiagnosticCode, ParseResult } from '../diagnostics.ts';
import { parseCidr, parseAddress, inNetwork } from '../net.ts';
import { atLeast, DEFAULT_OPENSSH, type ServerVersion } from '../version.ts';
import {
  a2port,
  argvSplit,
  asciiLower,
  capInput,
  DiagList,
  matchPattern,
  matchPatternList,
  q,
  splitKeyword,
  splitLines,
  strdelimAll,
  strtonum,
  withGlobBudget,
  type Tok,
} from './common.ts';

export interface Directive {
  /** Canonical spelling, e.g. "AllowTcpForwarding". */
  keyword: string;
  args: string[];
  line: number;
  column: number;
  /** The text after the keyword, as written (ForceCommand uses all of it). */
  rest: string;
}

export interface MatchCriterion {
  kind: 'user' | 'group' | 'host' | 'address' | 'localaddress' | 'localport' | 'rdomain' | 'all' | 'invalid-user' | 'version';
  /** As written. */
  patterns: string;
}

export interface MatchBlock {
  criteria: MatchCriterion[];
  directives: Directive[];
  line: number;
}

export interface SshdConfig {
  global: Directive[];
  matches: MatchBlock[];
}

export interface ConnInfo {
  user: string;
  groups: string[];
  /** Reverse-resolved name; sshd uses it for Match Host only with UseDNS yes, else the address. */
  host: string | null;
  address: string;
  localAddress: string;
  localPort: number;
  /** Routing domain (VRF); absent on most systems. */
  rdomain?: string | null;
}

export interface PermitEntry {
  /** Host as sshd compares it (brackets removed); "*" for a bare PermitListen port. */
  host: string;
  /** Port as written ("*" for any). */
  port: string;
  /** The entry as sshd stores it (sshd -T prints it): as written, a bare PermitListen port as "*:port". */
  text: string;
  /** The port as a number; null for "*". */
  portNumber: number | null;
}

export interface PermitList {
  any: boolean;
  none: boolean;
  list: PermitEntry[];
}

export type Origin = { line: number; match: number | null } | null;

export interface EffectiveSshd {
  allowTcpForwarding: 'yes' | 'no' | 'local' | 'remote';
  disableForwarding: boolean;
  permitOpen: PermitList;
  permitListen: PermitList;
  gatewayPorts: 'no' | 'yes' | 'clientspecified';
  permitTunnel: 'no' | 'yes' | 'point-to-point' | 'ethernet';
  allowStreamLocalForwarding: 'yes' | 'no' | 'local' | 'remote';
  maxSessions: number;
  forceCommand: string | null;
  chrootDirectory: string | null;
  x11Forwarding: boolean;
  addressFamily: 'any' | 'inet' | 'inet6';
  allowAgentForwarding: boolean;
  /** StreamLocalBindUnlink: remove an existing socket file before a socket -R binds its path. */
  streamLocalBindUnlink: boolean;
  /** UseDNS (global only). */
  useDns: boolean;
  /** Indexes (in cfg.matches) of the Match blocks that apply to this connection. */
  matched: number[];
  /** For each field above, where the effective value came from (null: the default). */
  origin: Record<string, Origin>;
}

type Ver = [number, number];
/** [canonical, since, match allowed since, status, status since, removed in, status until] */
type Row = [string, Ver, Ver | null, ('deprecated' | 'unsupported' | 'ignored' | null)?, (Ver | null)?, (Ver | null)?, (Ver | null)?];

// Generated from the keywords[] table of servconf.c at every openssh-portable release tag
// V_6_0_P1 … V_10_3_P1 (6.0 means "6.0 or older").
const KEYWORD_TABLE: Row[] = [
  ['AcceptEnv', [6, 0], [6, 1]],
  ['AddressFamily', [6, 0], null],
  ['AFSTokenPassing', [6, 0], null, 'unsupported', [6, 0]],
  ['AllowAgentForwarding', [6, 0], [6, 0]],
  ['AllowGroups', [6, 0], [6, 1]],
  ['AllowStreamLocalForwarding', [6, 7], [6, 7]],
  ['AllowTcpForwarding', [6, 0], [6, 0]],
  ['AllowUsers', [6, 0], [6, 1]],
  ['AuthenticationMethods', [6, 2], [6, 2]],
  ['AuthorizedKeysCommand', [6, 2], [6, 2]],
  ['AuthorizedKeysCommandUser', [6, 2], [6, 2]],
  ['AuthorizedKeysFile', [6, 0], [6, 0]],
  ['AuthorizedKeysFile2', [6, 0], [6, 0], 'deprecated', [6, 0]],
  ['AuthorizedPrincipalsCommand', [6, 9], [6, 9]],
  ['AuthorizedPrincipalsCommandUser', [6, 9], [6, 9]],
  ['AuthorizedPrincipalsFile', [6, 0], [6, 0]],
  ['Banner', [6, 0], [6, 0]],
  ['CASignatureAlgorithms', [7, 9], [7, 9]],
  ['ChallengeResponseAuthentication', [6, 0], [8, 7]],
  ['ChannelTimeout', [9, 2], [9, 2]],
  ['CheckMail', [6, 0], null, 'deprecated', [6, 0]],
  ['ChrootDirectory', [6, 0], [6, 0]],
  ['Ciphers', [6, 0], null],
  ['ClientAliveCountMax', [6, 0], [7, 4]],
  ['ClientAliveInterval', [6, 0], [7, 4]],
  ['Compression', [6, 0], null],
  ['DenyGroups', [6, 0], [6, 1]],
  ['DenyUsers', [6, 0], [6, 1]],
  ['DisableForwarding', [7, 4], [7, 4]],
  ['DSAAuthentication', [6, 0], null],
  ['ExposeAuthInfo', [7, 6], [7, 6]],
  ['FingerprintHash', [6, 8], null],
  ['ForceCommand', [6, 0], [6, 0]],
  ['GatewayPorts', [6, 0], [6, 0]],
  ['GSSAPIAuthentication', [6, 0], [6, 0]],
  ['GSSAPICleanupCredentials', [6, 0], null],
  ['GSSAPIDelegateCredentials', [10, 3], null],
  ['GSSAPIStrictAcceptorCheck', [6, 9], null],
  ['HostbasedAcceptedAlgorithms', [8, 5], [8, 5]],
  ['HostbasedAcceptedKeyTypes', [6, 8], [6, 8]],
  ['HostbasedAuthentication', [6, 0], [6, 0]],
  ['HostbasedUsesNameFromPacketOnly', [6, 0], [6, 0]],
  ['HostCertificate', [6, 0], null],
  ['HostDSAKey', [6, 0], null],
  ['HostKey', [6, 0], null],
  ['HostKeyAgent', [6, 3], null],
  ['HostKeyAlgorithms', [7, 0], null],
  ['IgnoreRhosts', [6, 0], [8, 3]],
  ['IgnoreUserKnownHosts', [6, 0], null],
  ['Include', [8, 2], [8, 2]],
  ['IPQoS', [6, 0], [6, 0]],
  ['KbdInteractiveAuthentication', [6, 0], [6, 0]],
  ['KeepAlive', [6, 0], null],
  ['KerberosAuthentication', [6, 0], [6, 0]],
  ['KerberosGetAFSToken', [6, 0], null, 'unsupported', [6, 0]],
  ['KerberosOrLocalPasswd', [6, 0], null],
  ['KerberosTgtPassing', [6, 0], null, 'unsupported', [6, 0]],
  ['KerberosTicketCleanup', [6, 0], null],
  ['KexAlgorithms', [6, 0], null],
  ['KeyRegenerationInterval', [6, 0], null, 'deprecated', [7, 4]],
  ['ListenAddress', [6, 0], null],
  ['LoginGraceTime', [6, 0], null],
  ['LogLevel', [6, 0], [7, 6]],
  ['LogVerbose', [8, 5], [8, 5]],
  ['MACs', [6, 0], null],
  ['Match', [6, 0], [6, 0]],
  ['MaxAuthTries', [6, 0], [6, 0]],
  ['MaxSessions', [6, 0], [6, 0]],
  ['MaxStartups', [6, 0], null],
  ['ModuliFile', [8, 6], null],
  ['PAMAuthenticationViaKbdInt', [6, 0], null, 'deprecated', [6, 0]],
  ['PAMServiceName', [9, 8], [9, 8]],
  ['PasswordAuthentication', [6, 0], [6, 0]],
  ['PermitEmptyPasswords', [6, 0], [6, 0]],
  ['PermitListen', [7, 8], [7, 8]],
  ['PermitOpen', [6, 0], [6, 0]],
  ['PermitRootLogin', [6, 0], [6, 0]],
  ['PermitTTY', [6, 5], [6, 5]],
  ['PermitTunnel', [6, 0], [6, 0]],
  ['PermitUserEnvironment', [6, 0], null],
  ['PermitUserRC', [6, 7], [6, 7]],
  ['PerSourceMaxStartups', [8, 5], null],
  ['PerSourceNetBlockSize', [8, 5], null],
  ['PerSourcePenalties', [9, 8], null],
  ['PerSourcePenaltyExemptList', [9, 8], null],
  ['PidFile', [6, 0], null],
  ['Port', [6, 0], null],
  ['PrintLastLog', [6, 0], null],
  ['PrintMotd', [6, 0], null],
  ['Protocol', [6, 0], null, 'ignored', [7, 4]],
  ['PubkeyAcceptedAlgorithms', [8, 5], [8, 5]],
  ['PubkeyAcceptedKeyTypes', [6, 8], [6, 8]],
  ['PubkeyAuthentication', [6, 0], [6, 0]],
  ['PubkeyAuthOptions', [8, 2], [8, 2]],
  ['RDomain', [7, 7], [7, 7]],
  ['RefuseConnection', [9, 9], [9, 9]],
  ['RekeyLimit', [6, 3], [6, 3]],
  ['RequiredRSASize', [9, 1], [9, 1]],
  ['ReverseMappingCheck', [6, 0], null, 'deprecated', [6, 0]],
  ['RevokedKeys', [6, 0], [6, 0]],
  ['RhostsAuthentication', [6, 0], null, 'deprecated', [6, 0]],
  ['RhostsRSAAuthentication', [6, 0], [6, 0], 'deprecated', [7, 4]],
  ['RSAAuthentication', [6, 0], [6, 0], 'deprecated', [7, 4]],
  ['SecurityKeyProvider', [8, 2], null],
  ['ServerKeyBits', [6, 0], null, 'deprecated', [7, 4]],
  ['SetEnv', [7, 8], [7, 8]],
  ['SkeyAuthentication', [6, 0], [8, 7], 'deprecated', [7, 8], null, [8, 7]],
  ['SshdAuthPath', [10, 0], null],
  ['SshdSessionPath', [9, 8], null],
  ['StreamLocalBindMask', [6, 7], [6, 7]],
  ['StreamLocalBindUnlink', [6, 7], [6, 7]],
  ['StrictModes', [6, 0], null],
  ['Subsystem', [6, 0], [9, 5]],
  ['SyslogFacility', [6, 0], null],
  ['TCPKeepAlive', [6, 0], null],
  ['TrustedUserCAKeys', [6, 0], [6, 0]],
  ['UnusedConnectionTimeout', [9, 2], [9, 2]],
  ['UseDNS', [6, 0], null],
  ['UseLogin', [6, 0], null, 'deprecated', [7, 4]],
  ['UsePAM', [6, 0], null],
  ['UsePrivilegeSeparation', [6, 0], null, 'deprecated', [7, 5]],
  ['VerifyReverseMapping', [6, 0], null, 'deprecated', [6, 0]],
  ['VersionAddendum', [6, 1], null],
  ['X11DisplayOffset', [6, 0], [6, 0]],
  ['X11Forwarding', [6, 0], [6, 0]],
  ['X11UseLocalhost', [6, 0], [6, 0]],
  ['XAuthLocation', [6, 0], null],
  ['ZeroKnowledgePasswordAuthentication', [6, 0], [6, 0], 'unsupported', [6, 0], [6, 6]],
];

interface KeywordInfo {
  name: string;
  since: Ver;
  matchSince: Ver | null;
  status: 'deprecated' | 'unsupported' | 'ignored' | null;
  statusSince: Ver | null;
  removedIn: Ver | null;
  statusUntil: Ver | null;
}

const KEYWORDS: Map<string, KeywordInfo> = new Map(
  KEYWORD_TABLE.map((r) => [
    asciiLower(r[0]),
    {
      name: r[0],
      since: r[1],
      matchSince: r[2],
      status: r[3] ?? null,
      statusSince: r[4] ?? null,
      removedIn: r[5] ?? null,
      statusUntil: r[6] ?? null,
    },
  ]),
);

function ge(v: ServerVersion, x: Ver): boolean {
  return atLeast(v, x[0], x[1]);
}

/** The canonical spelling of an sshd_config keyword (any case), or null when no release knows it. */
export function canonicalSshdKeyword(keyword: string): string | null {
  return KEYWORDS.get(asciiLower(keyword))?.name ?? null;
}

/** How a keyword stands in a release: known (and whether Match allows it), or unknown. */
export function sshdKeywordStatus(
  keyword: string,
  version: ServerVersion = DEFAULT_OPENSSH,
): { known: false } | { known: true; name: string; inMatch: boolean; status: 'deprecated' | 'unsupported' | 'ignored' | null } {
  const info = KEYWORDS.get(asciiLower(keyword));
  if (!info) return { known: false };
  const since = info.since[0] === 6 && info.since[1] === 0 ? null : info.since;
  if (since && !ge(version, since)) return { known: false };
  if (info.removedIn && ge(version, info.removedIn)) return { known: false };
  const inMatch = info.matchSince !== null && (ge(version, info.matchSince) || (info.matchSince[0] === 6 && info.matchSince[1] === 0));
  let status = info.status;
  if (status && info.statusSince && !(ge(version, info.statusSince) || (info.statusSince[0] === 6 && info.statusSince[1] === 0))) status = null;
  if (status && info.statusUntil && ge(version, info.statusUntil)) status = null;
  return { known: true, name: info.name, inMatch, status };
}

// ---------------------------------------------------------------------------------------------
// Values

type ValueSpec =
  | { t: 'flag' }
  | { t: 'multi'; values: string[]; since?: Record<string, Ver> }
  | { t: 'tun' }
  | { t: 'int' }
  | { t: 'loglevel' }
  | { t: 'one' }
  | { t: 'permit' };

const FLAG: ValueSpec = { t: 'flag' };
const TCPFWD: ValueSpec = { t: 'multi', values: ['yes', 'all', 'no', 'remote', 'local'], since: { all: [6, 2], remote: [6, 2], local: [6, 2] } };

const VALUE_SPECS: Record<string, ValueSpec> = {
  allowtcpforwarding: TCPFWD,
  allowstreamlocalforwarding: TCPFWD,
  gatewayports: { t: 'multi', values: ['clientspecified', 'yes', 'no'] },
  addressfamily: { t: 'multi', values: ['inet', 'inet6', 'any'] },
  permitrootlogin: {
    t: 'multi',
    values: ['without-password', 'prohibit-password', 'forced-commands-only', 'yes', 'no'],
    since: { 'prohibit-password': [7, 0] },
  },
  compression: { t: 'multi', values: ['yes', 'delayed', 'no'] },
  permittunnel: { t: 'tun' },
  maxsessions: { t: 'int' },
  maxauthtries: { t: 'int' },
  x11displayoffset: { t: 'int' },
  clientalivecountmax: { t: 'int' },
  loglevel: { t: 'loglevel' },
  chrootdirectory: { t: 'one' },
  permitopen: { t: 'permit' },
  permitlisten: { t: 'permit' },
  x11forwarding: FLAG,
  allowagentforwarding: FLAG,
  disableforwarding: FLAG,
  usedns: FLAG,
  x11uselocalhost: FLAG,
  passwordauthentication: FLAG,
  permitemptypasswords: FLAG,
  pubkeyauthentication: FLAG,
  hostbasedauthentication: FLAG,
  kbdinteractiveauthentication: FLAG,
  challengeresponseauthentication: FLAG,
  printmotd: FLAG,
  printlastlog: FLAG,
  strictmodes: FLAG,
  tcpkeepalive: FLAG,
  keepalive: FLAG,
  permittty: FLAG,
  permituserrc: FLAG,
  usepam: FLAG,
  exposeauthinfo: FLAG,
  streamlocalbindunlink: FLAG,
  gssapiauthentication: FLAG,
  ignoreuserknownhosts: FLAG,
};

const SSHD_LOG_LEVELS = ['QUIET', 'FATAL', 'ERROR', 'INFO', 'VERBOSE', 'DEBUG', 'DEBUG1', 'DEBUG2', 'DEBUG3'];

// ---------------------------------------------------------------------------------------------
// Parsing

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}

function suggestKeyword(word: string, version: ServerVersion): string | null {
  const w = asciiLower(word);
  if (w.length > 40) return null;
  let best: string | null = null;
  let bestD = 3;
  for (const [k, info] of KEYWORDS) {
    const st = sshdKeywordStatus(k, version);
    if (!st.known || info.status) continue;
    const d = editDistance(w, k);
    if (d < bestD || (d === bestD && best !== null && info.name.length < best.length)) {
      bestD = d;
      best = info.name;
    }
  }
  return best;
}

const CURLY = /[\u201c\u201d\u2018\u2019\u00ab\u00bb]/;

interface ParsedMatch {
  criteria: MatchCriterion[];
  error: { offset: number; length: number; message: string } | null;
}

function parseMatchCriteria(rest: string, base: number, version: ServerVersion): ParsedMatch {
  const toks = strdelimAll(rest, base);
  const criteria: MatchCriterion[] = [];
  let attributes = 0;
  const fail = (t: Tok, message: string): ParsedMatch => ({ criteria, error: { offset: t.start, length: t.end - t.start, message } });
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    if (t.value === '') continue;
    if (t.value.startsWith('#')) break;
    attributes++;
    const attr = asciiLower(t.value);
    if (attr === 'all') {
      if (!ge(version, [6, 5])) return fail(t, `"Match all" needs OpenSSH 6.5 or newer; ${version.label} stops with "Unsupported Match attribute all".`);
      const next = toks[i + 1];
      if (attributes > 1 || (next && next.value !== '' && !next.value.startsWith('#'))) {
        return fail(t, `'all' cannot be combined with other Match attributes; sshd refuses to start ("Bad Match condition").`);
      }
      criteria.push({ kind: 'all', patterns: '' });
      return { criteria, error: null };
    }
    if (attr === 'invalid-user' && ge(version, [9, 9])) {
      criteria.push({ kind: 'invalid-user', patterns: '' });
      continue;
    }
    const arg = toks[i + 1];
    if (!arg || arg.value === '' || arg.value.startsWith('#')) {
      return fail(
        t,
        `Match ${t.value} needs a value after it (sshd: "Missing Match criteria for ${t.value}"), e.g. "Match ${t.value} ${attr === 'address' ? '10.0.0.0/8' : 'alice'}"; sshd refuses to start.`,
      );
    }
    i++;
    const known: Record<string, { kind: MatchCriterion['kind']; since: Ver }> = {
      user: { kind: 'user', since: [4, 4] },
      group: { kind: 'group', since: [4, 4] },
      host: { kind: 'host', since: [4, 4] },
      address: { kind: 'address', since: [4, 4] },
      localaddress: { kind: 'localaddress', since: [6, 1] },
      localport: { kind: 'localport', since: [6, 1] },
      rdomain: { kind: 'rdomain', since: [7, 7] },
      version: { kind: 'version', since: [10, 0] },
    };
    const k = known[attr];
    if (!k || !ge(version, k.since)) {
      return fail(
        t,
        `OpenSSH ${version.label} has no Match criterion ${q(t.value)} ("Unsupported Match attribute ${t.value}"); sshd refuses to start. Use User, Group, Host, Address${ge(version, [6, 1]) ? ', LocalAddress, LocalPort' : ''}${ge(version, [6, 5]) ? ' or all' : ''}.`,
      );
    }
    if (k.kind === 'address' || k.kind === 'localaddress') {
      const bad = checkAddrList(arg.value);
      if (bad)
        return {
          criteria,
          error: {
            offset: arg.start,
            length: arg.end - arg.start,
            message: `Invalid Match ${k.kind === 'address' ? 'Address' : 'LocalAddress'} argument ${q(arg.value)}: ${bad}; sshd refuses to start.`,
          },
        };
    }
    if (k.kind === 'localport' && a2port(arg.value) === -1) {
      return {
        criteria,
        error: {
          offset: arg.start,
          length: arg.end - arg.start,
          message: `Invalid LocalPort ${q(arg.value)} on Match line: give one port number; sshd refuses to start.`,
        },
      };
    }
    criteria.push({ kind: k.kind, patterns: arg.value });
  }
  if (attributes === 0)
    return {
      criteria,
      error: { offset: base, length: rest.length, message: 'Match needs at least one criterion, e.g. "Match User alice"; sshd refuses to start.' },
    };
  return { criteria, error: null };
}

/** addr_match_list(NULL, list): a reason when sshd rejects the list, else null. */
function checkAddrList(list: string): string | null {
  for (let entry of list.split(',')) {
    if (entry.startsWith('!')) entry = entry.slice(1);
    if (entry === '') return 'an entry is empty (check for a stray comma)';
    const c = parseCidr(entry);
    if (c === 'bad') {
      const slash = entry.indexOf('/');
      return slash === -1
        ? `${q(entry)} is not a valid address`
        : `${q(entry)} has bits set after the /${entry.slice(slash + 1)} prefix (write the network address, e.g. ${suggestNetwork(entry)})`;
    }
  }
  return null;
}

function suggestNetwork(entry: string): string {
  const [addr, len] = entry.split('/') as [string, string];
  const a = parseAddress(addr);
  if (a?.family !== 'inet') return 'the network address';
  let bits = Number(len);
  const out = a.bytes.map((b) => {
    const keep = bits >= 8 ? 0xff : bits <= 0 ? 0 : (0xff << (8 - bits)) & 0xff;
    bits -= 8;
    return b & keep;
  });
  return `${out.join('.')}/${len}`;
}

function hpdelimPermit(arg: string): { host: string; port: string | null } | null {
  let s = arg;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close === -1) return null;
    const after = s[close + 1];
    if (after === undefined) return { host: s.slice(1, close), port: null };
    if (after === '/') return null;
    if (after !== ':') return null;
    return { host: s.slice(1, close), port: s.slice(close + 2) };
  }
  const m = /[:/]/.exec(s);
  if (!m) return { host: s, port: null };
  if (m[0] === '/') return null;
  s = arg;
  return { host: s.slice(0, m.index), port: s.slice(m.index + 1) };
}

/** One PermitOpen / PermitListen entry as sshd checks it; a reason when it is rejected. */
export function parsePermitEntry(arg: string, listen: boolean): PermitEntry | { error: string } {
  let spec = arg;
  if (listen && !arg.includes(':')) spec = `*:${arg}`;
  const text = spec;
  const hp = hpdelimPermit(spec);
  if (!hp) return { error: `${q(arg)} has no host part; write host:port` };
  if (hp.port === null) return { error: `${q(arg)} has no port; write ${hp.host}:port (or ${hp.host}:* for any port)` };
  if (hp.port === '*') return { host: hp.host, port: '*', text, portNumber: null };
  const p = a2port(hp.port);
  if (p <= 0) return { error: `${q(hp.port)} in ${q(arg)} is not a port number (1–65535), a service name or *` };
  return { host: hp.host, port: hp.port, text, portNumber: p };
}

/**
 * Parses an sshd_config text for the given OpenSSH release (default 9.2p1). Never throws. Every
 * problem that makes sshd refuse to start is an error; problems sshd only logs are warnings.
 */
export function parseSshdConfig(text: string, version?: ServerVersion): ParseResult<SshdConfig> {
  try {
    return parseSshdInner(text, version);
  } catch (e) {
    return {
      value: { global: [], matches: [] },
      diagnostics: [
        {
          line: 1,
          column: 1,
          length: 0,
          code: 'sshd.internal-error',
          message: `This text could not be analysed (${e instanceof Error ? e.message : String(e)}); please report it.`,
          severity: 'error',
        },
      ],
    };
  }
}

/** What the file has built so far: the global directives, the Match blocks, the scope being read. */
interface SshdReader {
  ver: ServerVersion;
  diags: DiagList;
  global: Directive[];
  matches: MatchBlock[];
  current: MatchBlock | null;
  suggestions: number;
  /** First occurrence of each keyword in the current scope, for duplicate warnings. */
  seen: Map<string, number>;
  indentedSeen: boolean;
}

/** One keyword line being read; `err` reports on it. */
interface SshdLine {
  number: number;
  sp: Exclude<ReturnType<typeof splitKeyword>, null>;
  kw: Tok;
  kcol: number;
  klen: number;
  err: (col: number, len: number, code: DiagnosticCode, msg: string, sev?: 'error' | 'warning' | 'info') => void;
}

/** Why this sshd does not know the keyword: curly quotes, removed, too new, or a likely typo (up to 50 hints). */
function unknownKeywordHint(r: SshdReader, keyword: string): string {
  if (CURLY.test(keyword)) return ' It contains typographic quotes (“ ” ‘ ’), probably copied from a web page; type plain text.';
  if (r.suggestions >= 50) return '';
  r.suggestions++;
  const s = suggestKeyword(keyword, r.ver);
  const any = KEYWORDS.get(asciiLower(keyword));
  if (any)
    return any.removedIn && ge(r.ver, any.removedIn)
      ? ` It was removed in OpenSSH ${any.removedIn[0]}.${any.removedIn[1]}.`
      : ` It needs OpenSSH ${any.since[0]}.${any.since[1]} or newer; this server runs ${r.ver.label}.`;
  return s ? ` Did you mean ${s}?` : '';
}

/** Match criteria: a new scope; a list of only negated patterns is a warning. */
function readSshdMatch(r: SshdReader, l: SshdLine, rest: string): void {
  const m = parseMatchCriteria(rest, l.sp.restStart, r.ver);
  if (m.error) l.err(m.error.offset + 1, m.error.length, 'sshd.bad-match', m.error.message);
  for (const c of m.criteria) {
    if (!c.patterns?.split(',').every((p) => p.startsWith('!'))) continue;
    const message = `Match ${c.kind} ${c.patterns} never matches: a list with only negated patterns matches nothing. Write "*,${c.patterns}" to mean "everyone except".`;
    l.err(l.sp.restStart + 1, rest.length, 'sshd.negation-only', message, 'warning');
  }
  r.current = { criteria: m.error ? [] : m.criteria, directives: [], line: l.number };
  r.matches.push(r.current);
  r.seen = new Map();
  r.indentedSeen = false;
}

/** Whether sshd uses a known keyword here: not Match-only, deprecated, unsupported, ignored or Include. */
function sshdKeywordApplies(r: SshdReader, l: SshdLine, st: { name: string; inMatch: boolean; status: string | null }, rest: string): boolean {
  const { kcol, klen, kw } = l;
  const name = st.name;
  if (r.current && !st.inMatch) {
    const message = `Directive '${name}' is not allowed within a Match block (it follows the Match on line ${r.current.line}); sshd refuses to start. Move it above the first Match line.`;
    l.err(kcol, klen, 'sshd.not-allowed-in-match', message);
  } else if (st.status === 'deprecated') {
    l.err(kcol, klen, 'sshd.deprecated', `sshd ${r.ver.label} ignores ${name} and logs "Deprecated option ${kw.value}".`, 'warning');
  } else if (st.status === 'unsupported') {
    l.err(kcol, klen, 'sshd.unsupported', `This sshd does not support ${name}; it logs "Unsupported option ${kw.value}" and ignores the line.`, 'warning');
  } else if (st.status === 'ignored') {
    l.err(kcol, klen, 'sshd.ignored', `${name} has no effect in OpenSSH ${r.ver.label} (only protocol 2 exists).`, 'info');
  } else if (asciiLower(name) === 'include') {
    const message = `Include ${rest.trim()} is not followed here: paste the included file's lines into this text if they matter.`;
    l.err(kcol, klen, 'sshd.include-not-followed', message, 'warning');
  } else return true;
  return false;
}

/** A directive's place: an unindented line after indented ones in a Match block; a repeated keyword counts once. */
function placeDirective(r: SshdReader, l: SshdLine, dir: Directive): void {
  const { kcol, klen } = l;
  const lower = asciiLower(dir.keyword);
  const name = dir.keyword;
  if (r.current) {
    if (kcol > 1) r.indentedSeen = true;
    else if (r.indentedSeen) {
      const message = `This line is part of the Match block on line ${r.current.line} (everything after a Match line belongs to it, whatever the indentation), so it only applies to connections that match it.`;
      l.err(kcol, klen, 'sshd.directive-in-match', message, 'warning');
    }
  }
  const prev = r.seen.get(lower);
  if (prev !== undefined && !MULTI.has(lower)) {
    const message =
      lower === 'permitopen' || lower === 'permitlisten'
        ? `Only the first ${name} line counts (line ${prev}); this one is ignored. List all targets on one line: ${name} a:1 b:2.`
        : `sshd uses the first ${name} (line ${prev}); this line has no effect.`;
    l.err(kcol, klen, 'sshd.duplicate-ignored', message, 'warning');
  } else if (prev === undefined) r.seen.set(lower, l.number);
  (r.current ? r.current.directives : r.global).push(dir);
}

/** A directive's value: quotes balanced, curly quotes noted, value valid for its keyword. */
function readSshdValue(r: SshdReader, l: SshdLine, name: string, rest: string): Directive | null {
  const argv = argvSplit(rest, l.sp.restStart, true);
  if (argv.error) {
    l.err(argv.error.offset + 1, 1, 'sshd.invalid-quotes', 'A quote on this line is not closed; sshd refuses to start ("invalid quotes").');
    return null;
  }
  if (CURLY.test(rest)) {
    const message = 'This value contains typographic quotes (“ ” ‘ ’), probably copied from a web page; sshd reads them as part of the value.';
    l.err(l.sp.restStart + 1, rest.length, 'sshd.curly-quotes', message, 'warning');
  }
  const at = (t: Tok | null | undefined): Tok => t ?? l.kw;
  if (!validateValue(asciiLower(name), name, argv.args, r.ver, (t, msg) => l.err(at(t).start + 1, at(t).end - at(t).start, 'sshd.bad-value', msg))) return null;
  return { keyword: name, args: argv.args.map((t) => t.value), line: l.number, column: l.kcol, rest };
}

function readSshdLine(r: SshdReader, ln: { text: string; number: number }): void {
  const sp = splitKeyword(ln.text);
  if (!sp) return;
  const kw = sp.keyword;
  const l: SshdLine = {
    number: ln.number,
    sp,
    kw,
    kcol: kw.start + 1,
    klen: kw.end - kw.start,
    err: (col, len, code, msg, sev = 'error') => r.diags.add(ln.number, col, len, code, msg, sev),
  };
  const st = sshdKeywordStatus(kw.value, r.ver);
  if (!st.known) {
    const message = `sshd ${r.ver.label} does not know ${q(kw.value)} and refuses to start ("Bad configuration option: ${kw.value}").${unknownKeywordHint(r, kw.value)}`;
    l.err(l.kcol, l.klen, 'sshd.unknown-keyword', message);
    return;
  }
  if (sp.rest === null) {
    l.err(l.kcol, l.klen, 'sshd.missing-value', `${st.name} has no value; sshd refuses to start (sshd: no argument after keyword "${kw.value}").`);
    return;
  }
  if (asciiLower(st.name) === 'match') {
    readSshdMatch(r, l, sp.rest);
    return;
  }
  if (!sshdKeywordApplies(r, l, st, sp.rest)) return;
  const dir = readSshdValue(r, l, st.name, sp.rest);
  if (dir) placeDirective(r, l, dir);
}

function parseSshdInner(text: string, version?: ServerVersion): ParseResult<SshdConfig> {
  const ver = version && version.software === 'openssh' ? version : DEFAULT_OPENSSH;
  const diags = new DiagList('sshd');
  const src = capInput(typeof text === 'string' ? text : '', diags, 'sshd');
  const r: SshdReader = { ver, diags, global: [], matches: [], current: null, suggestions: 0, seen: new Map(), indentedSeen: false };
  for (const ln of splitLines(src)) readSshdLine(r, ln);
  return { value: { global: r.global, matches: r.matches }, diagnostics: diags.finish() };
}

/** Keywords that may repeat usefully (lists that accumulate). */
const MULTI = new Set([
  'port',
  'listenaddress',
  'hostkey',
  'hostcertificate',
  'acceptenv',
  'setenv',
  'subsystem',
  'allowusers',
  'denyusers',
  'allowgroups',
  'denygroups',
  'logverbose',
  'channeltimeout',
  'authorizedkeysfile',
  'hostdsakey',
]);

/** One value being checked: the keyword (lower-cased and as named), its arguments, the server and where to report. */
interface ValueCheck {
  lower: string;
  name: string;
  args: Tok[];
  /** The first argument (present and not empty). */
  a: Tok;
  ver: ServerVersion;
  fail: (t: Tok | null, msg: string) => void;
}

/** A keyword that takes one value refuses a second one ("extra arguments at end of line"). */
function noExtra(c: ValueCheck): boolean {
  const x = c.args[1];
  if (!x) return true;
  const hint = /^[A-Z][A-Za-z]+$/.test(x.value) ? ' Put each keyword on its own line.' : '';
  c.fail(
    x,
    `${c.name} takes one value; ${q(x.value)} and what follows is extra, and sshd refuses to start ("keyword ${c.name} extra arguments at end of line").${hint}`,
  );
  return false;
}

function checkFlag(c: ValueCheck): boolean {
  const v = asciiLower(c.a.value);
  if (v === 'yes' || v === 'no') return noExtra(c);
  c.fail(c.a, `${c.name} accepts yes or no, not ${q(c.a.value)}; sshd refuses to start (sshd: unsupported option "${c.a.value}").`);
  return false;
}

function checkMulti(c: ValueCheck, spec: Extract<ValueSpec, { t: 'multi' }>): boolean {
  const v = asciiLower(c.a.value);
  const since = spec.since?.[v];
  if (spec.values.includes(v) && !(since && !ge(c.ver, since))) return noExtra(c);
  const allowed = spec.values.filter((x) => !spec.since?.[x] || ge(c.ver, spec.since[x] as Ver));
  const tooNew = spec.values.includes(v) && since ? ` ("${v}" needs OpenSSH ${since[0]}.${since[1]}; this server runs ${c.ver.label})` : '';
  c.fail(c.a, `${c.name} accepts ${allowed.join(', ')}, not ${q(c.a.value)}${tooNew}; sshd refuses to start (sshd: unsupported option "${c.a.value}").`);
  return false;
}

function checkTun(c: ValueCheck): boolean {
  const modes = ['yes', 'no', 'point-to-point', 'ethernet'];
  if (modes.includes(c.a.value)) return noExtra(c);
  const lowerOk = modes.includes(asciiLower(c.a.value));
  c.fail(
    c.a,
    `PermitTunnel accepts yes, no, point-to-point or ethernet${lowerOk ? ' in lower case' : ''}, not ${q(c.a.value)}; sshd refuses to start ("bad PermitTunnel argument ${c.a.value}").`,
  );
  return false;
}

function checkInt(c: ValueCheck): boolean {
  if (strtonum(c.a.value, 0, 2147483647) !== null) return noExtra(c);
  c.fail(c.a, `${c.name} takes a whole number, not ${q(c.a.value)}; sshd refuses to start ("${c.name} integer value invalid.").`);
  return false;
}

function checkLogLevel(c: ValueCheck): boolean {
  if (SSHD_LOG_LEVELS.includes(c.a.value.toUpperCase()) && /^[A-Za-z0-9]+$/.test(c.a.value)) return noExtra(c);
  c.fail(c.a, `LogLevel accepts QUIET, FATAL, ERROR, INFO, VERBOSE or DEBUG1–DEBUG3, not ${q(c.a.value)}; sshd refuses to start.`);
  return false;
}

/** PermitOpen/PermitListen: any or none alone, else host:port entries (the * port needs 6.0, none 6.1). */
function checkPermit(c: ValueCheck): boolean {
  const { a, ver, name } = c;
  const listen = c.lower === 'permitlisten';
  if (a.value === 'any' || a.value === 'none') {
    if (a.value === 'none' && !listen && !ge(ver, [6, 1])) {
      c.fail(a, `"PermitOpen none" needs OpenSSH 6.1 or newer; ${ver.label} refuses to start.`);
      return false;
    }
    return noExtra(c);
  }
  for (const t of c.args) {
    if (t.value === '') break;
    const e = parsePermitEntry(t.value, listen);
    if ('error' in e) {
      const lowerAny = asciiLower(t.value) === 'any' || asciiLower(t.value) === 'none';
      const why = lowerAny ? `${q(t.value)} must be written in lower case (any, none) and alone on the line` : e.error;
      c.fail(t, `${name}: ${why}; sshd refuses to start ("${name} bad port number").`);
      return false;
    }
    if (e.portNumber === null && !ge(ver, [6, 0])) {
      c.fail(t, `${name}: the port wildcard in ${q(t.value)} needs OpenSSH 6.0 or newer; ${ver.label} refuses to start ("bad port number").`);
      return false;
    }
  }
  return true;
}

/** Whether sshd accepts the value of a keyword it checks (servconf.c process_server_config_line). */
function validateValue(lower: string, name: string, args: Tok[], ver: ServerVersion, fail: (t: Tok | null, msg: string) => void): boolean {
  const spec = Object.hasOwn(VALUE_SPECS, lower) ? VALUE_SPECS[lower] : undefined;
  if (!spec) return true;
  const a = args[0];
  if (!a || a.value === '') {
    fail(null, `${name} needs a value; sshd refuses to start ("missing argument").`);
    return false;
  }
  const c: ValueCheck = { lower, name, args, a, ver, fail };
  switch (spec.t) {
    case 'flag':
      return checkFlag(c);
    case 'multi':
      return checkMulti(c, spec);
    case 'tun':
      return checkTun(c);
    case 'int':
      return checkInt(c);
    case 'loglevel':
      return checkLogLevel(c);
    case 'one':
      return noExtra(c);
    case 'permit':
      return checkPermit(c);
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

function addrMatchList(addr: string, list: string): 1 | 0 | -1 | -2 {
  const a = parseAddress(addr);
  if (!a) return 0;
  let ret: 1 | 0 | -1 | -2 = 0;
  for (let entry of list.split(',')) {
    const neg = entry.startsWith('!');
    if (neg) entry = entry.slice(1);
    if (entry === '') return -2;
    const c = parseCidr(entry);
    if (c === 'bad') return -2;
    let hit = false;
    if (c !== null) hit = inNetwork(a, c.net, c.masklen);
    else hit = matchPattern(addr, entry);
    if (hit) {
      if (neg) return -1;
      ret = 1;
    }
  }
  return ret;
}

function globalUseDns(cfg: SshdConfig): boolean {
  const d = cfg.global.find((x) => x.keyword === 'UseDNS');
  return d ? asciiLower(d.args[0] ?? '') === 'yes' : false;
}

/** Whether a Match block applies to the connection (servconf.c match_cfg_line). */
export function matchBlockApplies(block: MatchBlock, conn: ConnInfo, useDns = false, version: ServerVersion = DEFAULT_OPENSSH): boolean {
  if (block.criteria.length === 0) return false;
  let result = true;
  for (const c of block.criteria) {
    switch (c.kind) {
      case 'all':
        return result;
      case 'invalid-user':
        result = false;
        break;
      case 'user':
        if (matchPatternList(conn.user ?? '', c.patterns, false) !== 1) result = false;
        break;
      case 'group': {
        let found = false;
        let negated = false;
        for (const g of conn.groups ?? []) {
          const r = matchPatternList(g, c.patterns, false);
          if (r === -1) negated = true;
          if (r === 1) found = true;
        }
        if (negated || !found) result = false;
        break;
      }
      case 'host': {
        const host = useDns && conn.host ? conn.host : conn.address;
        if (matchPatternList(asciiLower(host ?? ''), c.patterns, true) !== 1) result = false;
        break;
      }
      case 'address':
        if (addrMatchList(conn.address ?? '', c.patterns) !== 1) result = false;
        break;
      case 'localaddress':
        if (addrMatchList(conn.localAddress ?? '', c.patterns) !== 1) result = false;
        break;
      case 'localport':
        if (a2port(c.patterns) !== conn.localPort) result = false;
        break;
      case 'rdomain':
        if (!conn.rdomain || matchPatternList(conn.rdomain, c.patterns, false) !== 1) result = false;
        break;
      case 'version':
        if (matchPatternList(`OpenSSH_${version.label}`, c.patterns, false) !== 1) result = false;
        break;
    }
  }
  return result;
}

function permitFrom(d: Directive): PermitList {
  const listen = d.keyword === 'PermitListen';
  const first = d.args[0] ?? '';
  if (first === 'any') return { any: true, none: false, list: [] };
  if (first === 'none') return { any: false, none: true, list: [] };
  const list: PermitEntry[] = [];
  for (const a of d.args) {
    if (a === '') break;
    const e = parsePermitEntry(a, listen);
    if (!('error' in e)) list.push(e);
  }
  return { any: false, none: false, list };
}

const TCPFWD_MAP: Record<string, 'yes' | 'no' | 'local' | 'remote'> = { yes: 'yes', all: 'yes', no: 'no', local: 'local', remote: 'remote' };

/**
 * The settings sshd uses for one connection: global values (first wins), then the matching Match
 * blocks over them (the first matching block that sets a keyword wins), then the defaults of
 * OpenSSH 9.2. ForceCommand / ChrootDirectory "none" mean unset.
 */
export function effectiveSshdConfig(cfg: SshdConfig, conn: ConnInfo, version?: ServerVersion): EffectiveSshd {
  try {
    return withGlobBudget(20_000_000, () => effectiveSshdInner(cfg, conn, version));
  } catch {
    return effectiveSshdInner({ global: [], matches: [] }, conn, version);
  }
}

function effectiveSshdInner(cfg: SshdConfig, conn: ConnInfo, version?: ServerVersion): EffectiveSshd {
  const ver = version && version.software === 'openssh' ? version : DEFAULT_OPENSSH;
  const chosen = new Map<string, { d: Directive; match: number | null }>();
  for (const d of cfg?.global ?? []) {
    if (!chosen.has(d.keyword)) chosen.set(d.keyword, { d, match: null });
  }
  const useDns = globalUseDns(cfg ?? { global: [], matches: [] });
  const matched: number[] = [];
  const fromMatch = new Map<string, { d: Directive; match: number }>();
  (cfg?.matches ?? []).forEach((m, idx) => {
    if (!matchBlockApplies(m, conn, useDns, ver)) return;
    matched.push(idx);
    for (const d of m.directives) {
      if (!fromMatch.has(d.keyword)) fromMatch.set(d.keyword, { d, match: idx });
    }
  });
  for (const [k, v] of fromMatch) chosen.set(k, v);
  const origin: Record<string, Origin> = {};
  const get = (keyword: string, field: string): Directive | null => {
    const c = chosen.get(keyword);
    origin[field] = c ? { line: c.d.line, match: c.match } : null;
    return c ? c.d : null;
  };
  const arg0 = (d: Directive | null): string | null => (d ? asciiLower(d.args[0] ?? '') : null);
  const flag = (d: Directive | null, def: boolean): boolean => {
    const v = arg0(d);
    return v === null ? def : v === 'yes';
  };
  const atf = get('AllowTcpForwarding', 'allowTcpForwarding');
  const asf = get('AllowStreamLocalForwarding', 'allowStreamLocalForwarding');
  const gp = get('GatewayPorts', 'gatewayPorts');
  const pt = get('PermitTunnel', 'permitTunnel');
  const ms = get('MaxSessions', 'maxSessions');
  const fc = get('ForceCommand', 'forceCommand');
  const cd = get('ChrootDirectory', 'chrootDirectory');
  const af = get('AddressFamily', 'addressFamily');
  const po = get('PermitOpen', 'permitOpen');
  const pl = get('PermitListen', 'permitListen');
  const fcText = fc ? fc.rest.replace(/^[ \t\r\n]+/, '') : null;
  const cdText = cd ? (cd.args[0] ?? null) : null;
  const gpv = arg0(gp);
  const ptv = pt ? (pt.args[0] ?? 'no') : 'no';
  const afv = arg0(af);
  return {
    allowTcpForwarding: TCPFWD_MAP[arg0(atf) ?? 'yes'] ?? 'yes',
    disableForwarding: flag(get('DisableForwarding', 'disableForwarding'), false),
    permitOpen: po ? permitFrom(po) : { any: true, none: false, list: [] },
    permitListen: pl ? permitFrom(pl) : { any: true, none: false, list: [] },
    gatewayPorts: gpv === 'yes' || gpv === 'clientspecified' ? gpv : 'no',
    permitTunnel: ptv === 'yes' || ptv === 'point-to-point' || ptv === 'ethernet' ? ptv : 'no',
    allowStreamLocalForwarding: TCPFWD_MAP[arg0(asf) ?? 'yes'] ?? 'yes',
    maxSessions: ms ? (strtonum(ms.args[0] ?? '', 0, 2147483647) ?? 10) : 10,
    forceCommand: fcText !== null && asciiLower(fcText) !== 'none' ? fcText : null,
    chrootDirectory: cdText !== null && asciiLower(cdText) !== 'none' ? cdText : null,
    x11Forwarding: flag(get('X11Forwarding', 'x11Forwarding'), false),
    addressFamily: afv === 'inet' || afv === 'inet6' ? afv : 'any',
    allowAgentForwarding: flag(get('AllowAgentForwarding', 'allowAgentForwarding'), true),
    streamLocalBindUnlink: flag(get('StreamLocalBindUnlink', 'streamLocalBindUnlink'), false),
    useDns,
    matched,
    origin,
  };
}
