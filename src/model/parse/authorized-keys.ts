/**
 * authorized_keys options as sshd reads them (auth-options.c sshauthopt_parse in 7.7+,
 * auth_parse_options before; Dropbear's svr-authpubkeyoptions.c): comma-separated, option names
 * case-insensitive and matched as prefixes, values in double quotes with \" escapes (commas and
 * spaces allowed inside), the first unquoted blank ends the options. Flags apply in order, so
 * `restrict,port-forwarding` re-enables forwarding and `port-forwarding,restrict` does not. Any
 * unknown or malformed option makes sshd ignore the whole key line.
 */
import type { ParseResult } from '../diagnostics.ts';
import { inNetwork, parseAddress, parseCidr } from '../net.ts';
import { atLeast, DEFAULT_OPENSSH, type ServerVersion } from '../version.ts';
import { a2port, asciiLower, capInput, DiagList, matchPattern, matchPatternList, q, splitLines, strtonum } from './common.ts';
import { parseTunDevice } from './forward-spec.ts';
import type { PermitEntry } from './sshd-config.ts';

export interface KeyOptions {
  restrict: boolean;
  /** Effective: false after no-port-forwarding or restrict (unless port-forwarding follows). */
  portForwarding: boolean;
  permitOpen: PermitEntry[];
  permitListen: PermitEntry[];
  command: string | null;
  /** from="…" patterns, split at commas; null when absent. */
  from: string[] | null;
  noPty: boolean;
  x11Forwarding: boolean;
  agentForwarding: boolean;
  /** No authorized_keys option refuses tun forwarding (only tunnel="N" pins the device), so always true. */
  permitTunnel: boolean;
  /** tunnel="N": the tun device number, or "any". */
  tunnel: string | null;
  environment: string[];
  expiryTime: string | null;
  /** The options text as written. */
  raw: string;
  // ---- additions ----
  userRc: boolean;
  certAuthority: boolean;
  principals: string | null;
  /** Key type and comment when a whole key line was given. */
  keyType: string | null;
  comment: string | null;
  /** 1-based line of the key line used. */
  line: number;
  /** Why sshd ignores this key line (its log text), or null when it accepts it. */
  rejected: string | null;
}

const KEY_TYPES = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'ssh-xmss@openssh.com',
  'ssh-rsa-cert-v01@openssh.com',
  'ssh-dss-cert-v01@openssh.com',
  'ssh-ed25519-cert-v01@openssh.com',
  'ecdsa-sha2-nistp256-cert-v01@openssh.com',
  'ecdsa-sha2-nistp384-cert-v01@openssh.com',
  'ecdsa-sha2-nistp521-cert-v01@openssh.com',
  'sk-ssh-ed25519-cert-v01@openssh.com',
  'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com',
  'ssh-xmss-cert-v01@openssh.com',
]);

function emptyOptions(raw: string): KeyOptions {
  return {
    restrict: false,
    portForwarding: true,
    permitOpen: [],
    permitListen: [],
    command: null,
    from: null,
    noPty: false,
    x11Forwarding: true,
    agentForwarding: true,
    permitTunnel: true,
    tunnel: null,
    environment: [],
    expiryTime: null,
    raw,
    userRc: true,
    certAuthority: false,
    principals: null,
    keyType: null,
    comment: null,
    line: 1,
    rejected: null,
  };
}

/** sshkey_advance_past_options(): end of the options (first blank outside quotes), or -1 for an open quote. */
function optionsEnd(s: string): number {
  let quoted = false;
  let i = 0;
  for (; i < s.length && (quoted || (s[i] !== ' ' && s[i] !== '\t')); i++) {
    if (s[i] === '\\' && s[i + 1] === '"') i++;
    else if (s[i] === '"') quoted = !quoted;
  }
  return quoted ? -1 : i;
}

interface Flag {
  name: string;
  negate: boolean;
  since?: [number, number];
  until?: [number, number];
  apply: (o: KeyOptions, on: boolean) => void;
}

function restrictAll(o: KeyOptions): void {
  o.restrict = true;
  o.portForwarding = false;
  o.agentForwarding = false;
  o.x11Forwarding = false;
  o.noPty = true;
  o.userRc = false;
}

/** OpenSSH ≥ 7.2 flags, in the order sshd tries them. */
const FLAGS_NEW: Flag[] = [
  { name: 'restrict', negate: false, apply: (o) => restrictAll(o) },
  {
    name: 'cert-authority',
    negate: false,
    apply: (o) => {
      o.certAuthority = true;
    },
  },
  {
    name: 'port-forwarding',
    negate: true,
    apply: (o, on) => {
      o.portForwarding = on;
    },
  },
  {
    name: 'agent-forwarding',
    negate: true,
    apply: (o, on) => {
      o.agentForwarding = on;
    },
  },
  {
    name: 'x11-forwarding',
    negate: true,
    apply: (o, on) => {
      o.x11Forwarding = on;
    },
  },
  { name: 'touch-required', negate: true, since: [8, 2], apply: () => undefined },
  { name: 'verify-required', negate: true, since: [8, 9], apply: () => undefined },
  {
    name: 'pty',
    negate: true,
    apply: (o, on) => {
      o.noPty = !on;
    },
  },
  {
    name: 'user-rc',
    negate: true,
    apply: (o, on) => {
      o.userRc = on;
    },
  },
];
/** A flag that only switches something off (or on): the older OpenSSH and Dropbear form. */
const flag = (name: string, apply: (o: KeyOptions) => void, since?: [number, number]): Flag => ({ name, negate: false, ...(since ? { since } : {}), apply });

const NO_PORT_FORWARDING = flag('no-port-forwarding', (o) => {
  o.portForwarding = false;
});
const NO_AGENT_FORWARDING = flag('no-agent-forwarding', (o) => {
  o.agentForwarding = false;
});
const NO_X11_FORWARDING = flag('no-x11-forwarding', (o) => {
  o.x11Forwarding = false;
});
const NO_PTY = flag('no-pty', (o) => {
  o.noPty = true;
});

/** OpenSSH < 7.2: only the negative forms. */
const FLAGS_OLD: Flag[] = [
  flag('cert-authority', (o) => {
    o.certAuthority = true;
  }),
  NO_PORT_FORWARDING,
  NO_AGENT_FORWARDING,
  NO_X11_FORWARDING,
  NO_PTY,
  flag('no-user-rc', (o) => {
    o.userRc = false;
  }),
];
const FLAGS_DROPBEAR: Flag[] = [
  NO_PORT_FORWARDING,
  NO_AGENT_FORWARDING,
  NO_X11_FORWARDING,
  NO_PTY,
  flag(
    'restrict',
    (o) => {
      o.restrict = true;
      o.portForwarding = false;
      o.agentForwarding = false;
      o.x11Forwarding = false;
      o.noPty = true;
    },
    [2022, 82],
  ),
  flag('no-touch-required', () => undefined, [2022, 83]),
  flag('verify-required', () => undefined, [2022, 83]),
];

/** Options with a quoted value, per software/version. */
function valueOptions(v: ServerVersion): string[] {
  if (v.software === 'dropbear') {
    if (atLeast(v, 2026, 90)) return ['command', 'permitopen', 'permitlisten'];
    return atLeast(v, 2022, 83) ? ['command', 'permitopen'] : ['command'];
  }
  const out = ['command', 'principals', 'from'];
  if (atLeast(v, 7, 7)) out.push('expiry-time');
  out.push('environment', 'permitopen');
  if (atLeast(v, 7, 8)) out.push('permitlisten');
  out.push('tunnel');
  return out;
}

/** Which release first has an option (for messages). */
const OPTION_SINCE: Record<string, string> = {
  restrict: 'OpenSSH 7.2',
  'port-forwarding': 'OpenSSH 7.2',
  'agent-forwarding': 'OpenSSH 7.2',
  'x11-forwarding': 'OpenSSH 7.2',
  pty: 'OpenSSH 7.2',
  'user-rc': 'OpenSSH 7.2',
  'expiry-time': 'OpenSSH 7.7',
  permitlisten: 'OpenSSH 7.8',
  'touch-required': 'OpenSSH 8.2',
  'verify-required': 'OpenSSH 8.9',
};

/** Which Dropbear release first has an option (svr-authpubkeyoptions.c; CHANGES). */
const DROPBEAR_OPTION_SINCE: Record<string, string> = {
  restrict: 'Dropbear 2022.82',
  permitopen: 'Dropbear 2022.83',
  permitlisten: 'Dropbear 2026.90',
};

function validExpiry(s: string): boolean {
  let t = s;
  if (t.length > 1 && /z$/i.test(t)) t = t.slice(0, -1);
  else if (t.length > 3 && /utc$/i.test(t)) t = t.slice(0, -3);
  if (!/^\d+$/.test(t) || ![8, 12, 14].includes(t.length)) return false;
  const mo = Number(t.slice(4, 6));
  const d = Number(t.slice(6, 8));
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  if (t.length >= 12 && (Number(t.slice(8, 10)) > 23 || Number(t.slice(10, 12)) > 59)) return false;
  if (t.length === 14 && Number(t.slice(12, 14)) > 61) return false;
  return Number(t.slice(0, 4)) >= 1970;
}

/**
 * Dropbear's permitlisten="port" (2026.90+): a plain port read by strtoul (m_str_to_uint), no host
 * part and no `*`; from 2026.93 a port above 65535 is refused too (before, it is kept and never
 * matches). Anything else: "Badly formatted permitlisten= authorized_keys option".
 */
function dropbearListenPort(value: string, v: ServerVersion): PermitEntry | { error: string } {
  if (!/^[ \t]*\+?\d+$/.test(value)) return { error: 'badly formatted' };
  const n = Number(value.trim());
  if (n > 4294967295 || (n > 65535 && atLeast(v, 2026, 93))) return { error: 'badly formatted' };
  return { host: '*', port: String(n), text: value, portNumber: n };
}

/** handle_permit(): a permitopen/permitlisten value → entry, or a reason. */
function permitValue(opt: string, listen: boolean, dropbear: boolean): PermitEntry | { error: string } {
  let spec = opt;
  if (listen && !opt.includes(':')) spec = `*:${opt}`;
  const text = spec;
  let host: string | null;
  let port: string | null;
  if (spec.startsWith('[')) {
    const close = spec.indexOf(']');
    if (close === -1) return { error: 'invalid permission hostname' };
    const after = spec[close + 1];
    if (after === undefined) {
      host = spec.slice(0, close + 1);
      port = null;
    } else if (after === ':' || (after === '/' && !dropbear)) {
      host = spec.slice(0, close + 1);
      port = spec.slice(close + 2);
    } else return { error: 'invalid permission hostname' };
  } else {
    const m = dropbear ? /:(?=[^:]*$)/.exec(spec) : /[:/]/.exec(spec);
    if (!m) {
      host = spec;
      port = null;
    } else {
      host = spec.slice(0, m.index);
      port = spec.slice(m.index + 1);
    }
  }
  if (host.length >= 1025) return { error: 'invalid permission hostname' };
  const clean = host.length >= 2 && host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (port === null) return { error: 'invalid permission port' };
  if (port === '*') return { host: clean, port, text, portNumber: null };
  const p = dropbear ? strtonum(port, 0, 65535) : a2port(port);
  if (p === null || p <= 0) return { error: 'invalid permission port' };
  return { host: clean, port, text, portNumber: p };
}

/**
 * Parses authorized_keys options: a bare options string (`restrict,port-forwarding`), a whole key
 * line (options, key type, base64, comment), or several lines (the first key line is used). The
 * version decides which options exist; a Dropbear version uses Dropbear's rules. Never throws.
 */
export function parseAuthorizedKeysOptions(text: string, version?: ServerVersion): ParseResult<KeyOptions> {
  try {
    return parseKeysInner(text, version);
  } catch (e) {
    return {
      value: emptyOptions(typeof text === 'string' ? text : ''),
      diagnostics: [
        {
          line: 1,
          column: 1,
          length: 0,
          code: 'keys.internal-error',
          message: `This text could not be analysed (${e instanceof Error ? e.message : String(e)}); please report it.`,
          severity: 'error',
        },
      ],
    };
  }
}

/** The first line that is not blank or a comment (a note when there are more). */
function firstKeyLine(src: string, diags: DiagList): { text: string; number: number } | null {
  const lines = splitLines(src).filter((l) => {
    const t = l.text.replace(/^[ \t]+/, '');
    return t !== '' && !t.startsWith('#');
  });
  const ln = lines[0];
  if (!ln) return null;
  const second = lines[1];
  if (second) {
    const message = `Only the first key line (line ${ln.number}) is used; sshd reads each line separately and the key that logs in decides which line applies.`;
    diags.add(second.number, 1, 0, 'keys.several-lines', message, 'warning');
  }
  return ln;
}

/** A key line cut into its options and its key part ("ssh-ed25519 AAAA… comment"). */
interface KeyLine {
  number: number;
  /** Blanks before the line's text. */
  lead: number;
  line: string;
  optText: string;
  keyPart: string;
}

/** Where the options end (a blank outside quotes); a line that starts with a key type has none. */
function splitKeyLine(ln: { text: string; number: number }, diags: DiagList): KeyLine | { rejected: KeyOptions } {
  const lead = ln.text.length - ln.text.replace(/^[ \t]+/, '').length;
  const line = ln.text.slice(lead);
  const firstTok = line.split(/[ \t]/)[0] ?? '';
  if (KEY_TYPES.has(firstTok)) return { number: ln.number, lead, line, optText: '', keyPart: line };
  const end = optionsEnd(line);
  if (end === -1) {
    const opts = emptyOptions(line);
    opts.line = ln.number;
    opts.rejected = 'missing end quote';
    const message = 'A double quote in the options is never closed, so sshd cannot tell where the options end and ignores this key line.';
    diags.add(ln.number, lead + 1, line.length, 'keys.unterminated-quote', message, 'error');
    return { rejected: opts };
  }
  return { number: ln.number, lead, line, optText: line.slice(0, end), keyPart: line.slice(end).replace(/^[ \t]+/, '') };
}

/** The key type, key and comment after the options. */
function readKeyPart(opts: KeyOptions, kl: KeyLine, diags: DiagList): void {
  if (kl.keyPart === '') return;
  const keyOffset = kl.lead + (kl.line.length - kl.keyPart.length);
  const [type, blob, ...comment] = kl.keyPart.split(/[ \t]+/);
  if (type && KEY_TYPES.has(type)) {
    opts.keyType = type;
    opts.comment = comment.length ? comment.join(' ') : null;
    if (!blob) {
      const message = `The key type ${type} is not followed by the key itself (a long base64 text).`;
      diags.add(kl.number, keyOffset + 1, type.length, 'keys.missing-key', message, 'warning');
    }
    return;
  }
  const looksLikeOptions = /^[A-Za-z-]+(=|,|$)/.test(type ?? '') && !/^AAAA/.test(type ?? '');
  opts.rejected = 'no key type after the options';
  const advice = looksLikeOptions
    ? 'a blank inside the options ends them early — remove the spaces between options'
    : 'the options must be followed by the key type and the key';
  const message = `${q(type ?? '')} is not a key type sshd knows (such as ssh-ed25519 or ssh-rsa), so this line matches no key; ${advice}.`;
  diags.add(kl.number, keyOffset + 1, (type ?? '').length, 'keys.unknown-key-type', message, 'error');
}

/** What the option reader needs: the server's rules and where to report. */
interface KeyCtx {
  ver: ServerVersion;
  dropbear: boolean;
  /** OpenSSH 7.7 rewrote the options parser (auth-options.c sshauthopt_parse) with stricter checks. */
  newParser: boolean;
  /** "OpenSSH 9.2p1" / "Dropbear 2022.83", for messages. */
  sw: string;
  opts: KeyOptions;
  diags: DiagList;
  kl: KeyLine;
  optText: string;
  lowerText: string;
  envNames: Set<string>;
}

/** sshd refused the whole key line (the reason is in opts.rejected and a diagnostic). */
const REJECTED = 'rejected';
type Rejected = typeof REJECTED;

function reject(c: KeyCtx, at: number, len: number, reason: string, message: string): Rejected {
  c.opts.rejected = reason;
  c.diags.add(c.kl.number, c.kl.lead + at + 1, len, 'keys.bad-option', message, 'error');
  return REJECTED;
}

/** A flag option (restrict, no-pty, port-forwarding …) at `i`: applied, and the index after it; null when none matches. */
function matchFlag(c: KeyCtx, i: number): number | null {
  const flags = c.dropbear ? FLAGS_DROPBEAR : atLeast(c.ver, 7, 2) ? FLAGS_NEW : FLAGS_OLD;
  for (const f of flags) {
    let j = i;
    let negated = false;
    if (f.negate && c.lowerText.startsWith('no-', j)) {
      j += 3;
      negated = true;
    }
    if (!c.lowerText.startsWith(f.name, j)) continue;
    if (f.since && !atLeast(c.ver, f.since[0], f.since[1])) continue;
    f.apply(c.opts, !negated);
    return j + f.name.length;
  }
  return null;
}

/** The quoted value from the opening quote at `vstart`: \" is a quote (Dropbear keeps every backslash pair). */
function readQuoted(c: KeyCtx, vstart: number): { value: string; close: number } | null {
  const { optText, dropbear } = c;
  const n = optText.length;
  let k = vstart + 1;
  let value = '';
  while (k < n) {
    const ch = optText[k] as string;
    if (ch === '"') return { value, close: k };
    if (ch === '\\' && optText[k + 1] === '"') {
      value += dropbear ? '\\"' : '"';
      k += 2;
    } else if (dropbear && ch === '\\') {
      value += ch + (optText[k + 1] ?? '');
      k += 2;
    } else {
      value += ch;
      k++;
    }
  }
  return null;
}

/** One name="value" option: where it starts and ends, and where its value is (for messages). */
interface ValuedOption {
  name: string;
  value: string;
  start: number;
  end: number;
  vcol: number;
  vlen: number;
}

type ValueHandler = (c: KeyCtx, v: ValuedOption) => Rejected | null;

/** OpenSSH 7.7 on refuses a second command=, principals= or from=; Dropbear a second command=. */
function refuseRepeat(c: KeyCtx, v: ValuedOption, already: boolean): Rejected | null {
  if (!already) return null;
  if (c.newParser) {
    const sshd = v.name === 'command' ? ' (sshd: multiple "command" clauses)' : '';
    return reject(c, v.start, v.end - v.start, `multiple "${v.name}" clauses`, `There are two ${v.name}= options; ${c.sw} ignores this key line${sshd}.`);
  }
  if (c.dropbear && v.name === 'command')
    return reject(c, v.start, v.end - v.start, 'multiple command= options', `There are two command= options; Dropbear ignores this key line.`);
  return null;
}

function readFromOption(c: KeyCtx, v: ValuedOption): Rejected | null {
  if (c.opts.from !== null && c.newParser) return refuseRepeat(c, v, true);
  c.opts.from = v.value.split(',');
  const bad = v.value
    .split(',')
    .map((p) => p.replace(/^!/, ''))
    .find((p) => p === '' || parseCidr(p) === 'bad');
  if (bad !== undefined) {
    const what = bad === '' ? 'an empty entry' : `the network ${q(bad)} with bits set after its prefix`;
    const message = `from="${v.value}" contains ${what}, so sshd refuses every login with this key.`;
    c.diags.add(c.kl.number, c.kl.lead + v.vcol + 1, v.vlen, 'keys.bad-from', message, 'warning');
  }
  return null;
}

function readEnvironmentOption(c: KeyCtx, v: ValuedOption): Rejected | null {
  const { value } = v;
  if (c.newParser && c.opts.environment.length > 1024)
    return reject(c, v.start, v.end - v.start, 'too many environment strings', `More than 1024 environment= options; ${c.sw} ignores this key line.`);
  const eq = value.indexOf('=');
  if ((eq <= 0 || !/^[A-Za-z0-9_]+$/.test(value.slice(0, eq))) && c.newParser) {
    const message = `environment="${value}" must be NAME=value with a name of letters, digits and _; sshd ignores this key line.`;
    return reject(c, v.vcol, v.vlen, 'invalid environment string', message);
  }
  const nm = value.slice(0, eq + 1);
  if (!c.envNames.has(nm)) {
    c.envNames.add(nm);
    c.opts.environment.push(value);
  }
  return null;
}

/** A permitopen/permitlisten value the server refuses: the key line is ignored, with the server's log text. */
function permitRejected(c: KeyCtx, v: ValuedOption, error: string): Rejected {
  const { name, value } = v;
  const listen = name === 'permitlisten';
  let why: string;
  if (c.dropbear && listen) why = `Dropbear takes a bare port of at most 65535 here, e.g. permitlisten="8080"`;
  else if (error === 'invalid permission port')
    why = `${value === '' ? 'it is empty' : `${q(value)} has no valid port`}; write host:port, e.g. ${name}="localhost:8080"${listen ? ' or a bare port' : ''}`;
  else why = `${q(value)} has no valid host`;
  const logged = c.dropbear ? `Badly formatted ${name}= authorized_keys option` : `bad key options: ${error}`;
  return reject(c, v.vcol, v.vlen, error, `${name}="${value}" is invalid (${why}); ${c.sw} ignores this key line ("${logged}").`);
}

function readPermitOption(c: KeyCtx, v: ValuedOption): Rejected | null {
  const { name, value } = v;
  const listen = name === 'permitlisten';
  const list = listen ? c.opts.permitListen : c.opts.permitOpen;
  if (c.newParser && list.length > 4096)
    return reject(c, v.start, v.end - v.start, 'too many permission directives', `More than 4096 ${name}= options; ${c.sw} ignores this key line.`);
  const e = c.dropbear && listen ? dropbearListenPort(value, c.ver) : permitValue(value, listen, c.dropbear);
  if ('error' in e) return permitRejected(c, v, e.error);
  if (e.portNumber === null && !c.dropbear && !atLeast(c.ver, 6, 0)) {
    return reject(c, v.vcol, v.vlen, 'bad options', `${name}="${value}": the port wildcard needs OpenSSH 6.0 or newer; ${c.sw} ignores this key line.`);
  }
  list.push(e);
  return null;
}

/** What each name="value" option does (auth-options.c; Dropbear's svr-authpubkeyoptions.c). */
const VALUE_HANDLERS: Record<string, ValueHandler> = {
  command: (c, v) => {
    const r = refuseRepeat(c, v, c.opts.command !== null);
    if (r === null) c.opts.command = v.value;
    return r;
  },
  principals: (c, v) => {
    const r = c.newParser ? refuseRepeat(c, v, c.opts.principals !== null) : null;
    if (r === null) c.opts.principals = v.value;
    return r;
  },
  from: readFromOption,
  'expiry-time': (c, v) => {
    if (!validExpiry(v.value)) {
      const message = `expiry-time="${v.value}" is not a time sshd understands (YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, optionally with Z); it ignores this key line.`;
      return reject(c, v.vcol, v.vlen, 'invalid expires time', message);
    }
    if (c.opts.expiryTime === null || v.value < c.opts.expiryTime) c.opts.expiryTime = v.value;
    return null;
  },
  environment: readEnvironmentOption,
  permitopen: readPermitOption,
  permitlisten: readPermitOption,
  tunnel: (c, v) => {
    const dev = parseTunDevice(v.value);
    if (!dev || v.value.includes(':'))
      return reject(c, v.vcol, v.vlen, 'invalid tun device', `tunnel="${v.value}" is not a tun device number; sshd ignores this key line.`);
    c.opts.tunnel = dev.local;
    return null;
  },
};

/** The name="value" option at `i`, if one of this server's names matches (Dropbear also needs the quote). */
function matchValued(c: KeyCtx, i: number): string | null {
  for (const name of valueOptions(c.ver)) {
    if (!c.lowerText.startsWith(`${name}=`, i)) continue;
    if (c.dropbear && c.optText[i + name.length + 1] !== '"') continue;
    return name;
  }
  return null;
}

/** Reads name="value" at `start`; returns the index after it. */
function readValuedOption(c: KeyCtx, name: string, start: number): number | Rejected {
  const vstart = start + name.length + 1;
  if (c.optText[vstart] !== '"') {
    const message = `The value of ${name}= must be in double quotes, e.g. ${name}="…"; sshd ignores this key line ("bad key options: missing start quote").`;
    return reject(c, vstart, 1, 'missing start quote', message);
  }
  const q2 = readQuoted(c, vstart);
  if (!q2)
    return reject(c, vstart, c.optText.length - vstart, 'missing end quote', `The value of ${name}= has no closing double quote; sshd ignores this key line.`);
  const end = q2.close + 1;
  const handler = Object.hasOwn(VALUE_HANDLERS, name) ? VALUE_HANDLERS[name] : undefined;
  const r = handler?.(c, { name, value: q2.value, start, end, vcol: vstart, vlen: end - vstart }) ?? null;
  return r ?? end;
}

const KNOWN_OPTIONS = [
  'restrict',
  'cert-authority',
  'port-forwarding',
  'agent-forwarding',
  'x11-forwarding',
  'pty',
  'user-rc',
  'command',
  'principals',
  'from',
  'expiry-time',
  'environment',
  'permitopen',
  'permitlisten',
  'tunnel',
  'touch-required',
  'verify-required',
];

/** A word at `i` that is no option of this server: why (too old, Dropbear lacks it, no value, unknown). */
function unknownOption(c: KeyCtx, i: number): Rejected {
  const { optText, dropbear, sw, ver, newParser } = c;
  let wordEnd = i;
  while (wordEnd < optText.length && optText[wordEnd] !== ',') wordEnd++;
  const word = optText.slice(i, wordEnd);
  const base = asciiLower(word.replace(/=.*/, '')).replace(/^no-/, '');
  const since = dropbear ? DROPBEAR_OPTION_SINCE[base] : OPTION_SINCE[base];
  let why: string;
  if (since && !dropbear) why = `${q(word)} needs ${since} or newer; this server runs ${sw}`;
  else if (dropbear && KNOWN_OPTIONS.includes(base)) why = `Dropbear ${ver.label} does not support ${q(word)}${since ? ` (it needs ${since})` : ''}`;
  else if (/^(permitopen|permitlisten|command|from|environment|principals|tunnel|expiry-time)$/.test(base) && !word.includes('='))
    why = `${q(word)} needs a value: ${base}="…"`;
  else why = `${q(word)} is not an authorized_keys option`;
  const reason = newParser ? 'unknown key option' : 'bad options';
  const quoted = dropbear ? ' ("Bad public key options")' : newParser ? ' ("bad key options: unknown key option")' : ' ("Bad options in authorized_keys file")';
  return reject(c, i, Math.max(1, word.length), reason, `${why}; ${sw} ignores this whole key line${quoted}.`);
}

/** The comma-separated options, left to right; sshd refuses the whole line at the first bad one. */
function readKeyOptions(c: KeyCtx): Rejected | null {
  const { optText, newParser, sw, kl } = c;
  const n = optText.length;
  let i = 0;
  while (i < n) {
    let next = matchFlag(c, i);
    if (next === null) {
      const name = matchValued(c, i);
      if (name === null) return unknownOption(c, i);
      const r = readValuedOption(c, name, i);
      if (r === REJECTED) return r;
      next = r;
    }
    i = next;
    if (i >= n) break;
    if (optText[i] !== ',') {
      const rest = optText.slice(i).split(',')[0] ?? '';
      const message = `Unexpected ${q(rest)} after an option (options are separated by commas, without spaces); ${sw} ignores this key line.`;
      return reject(c, i, Math.max(1, rest.length), newParser ? 'unknown key option' : 'bad options', message);
    }
    i++;
    if (i >= n && newParser && kl.keyPart === '' && optText.length === kl.line.length) {
      // sshd accepts "opt, ssh-ed25519 …" (the blank ends the options) but not a comma at the very end
      return reject(c, i - 1, 1, 'unexpected end-of-options', `The options end with a comma; ${sw} ignores this key line ("unexpected end-of-options").`);
    }
  }
  return null;
}

/** Notes on options that do not do what they seem to: cert-authority, permitopen under restrict. */
function noteOptionEffects(c: KeyCtx): void {
  const { opts, kl } = c;
  if (opts.certAuthority) {
    const message = 'cert-authority: this line accepts certificates signed by this key, not the key itself.';
    c.diags.add(kl.number, kl.lead + 1, c.optText.length, 'keys.cert-authority', message, 'info');
  }
  if (!opts.portForwarding && (opts.permitOpen.length > 0 || opts.permitListen.length > 0)) {
    const off = opts.restrict ? 'restrict' : 'no-port-forwarding';
    const hint = opts.restrict ? ' (add port-forwarding after restrict to allow the listed targets)' : '';
    const message = `permitopen/permitlisten have no effect here: ${off} turns port forwarding off${hint}.`;
    c.diags.add(kl.number, kl.lead + 1, c.optText.length, 'keys.permitopen-without-forwarding', message, 'warning');
  }
}

function parseKeysInner(text: string, version?: ServerVersion): ParseResult<KeyOptions> {
  const ver = version ?? DEFAULT_OPENSSH;
  const dropbear = ver.software === 'dropbear';
  const diags = new DiagList('keys');
  const src = capInput(typeof text === 'string' ? text : '', diags, 'keys');
  const ln = firstKeyLine(src, diags);
  if (!ln) return { value: emptyOptions(''), diagnostics: diags.finish() };
  const kl = splitKeyLine(ln, diags);
  if ('rejected' in kl) return { value: kl.rejected, diagnostics: diags.finish() };
  const opts = emptyOptions(kl.optText);
  opts.line = ln.number;
  readKeyPart(opts, kl, diags);
  if (kl.optText === '') return { value: opts, diagnostics: diags.finish() };
  const sw = dropbear ? `Dropbear ${ver.label}` : `OpenSSH ${ver.label}`;
  const c: KeyCtx = {
    ver,
    dropbear,
    newParser: !dropbear && atLeast(ver, 7, 7),
    sw,
    opts,
    diags,
    kl,
    optText: kl.optText,
    lowerText: asciiLower(kl.optText),
    envNames: new Set(),
  };
  if (readKeyOptions(c) !== REJECTED) noteOptionEffects(c);
  return { value: opts, diagnostics: diags.finish() };
}

/**
 * from="…" as sshd checks it (match_host_and_ip): the client's address against the address/CIDR
 * patterns, and its host name (sshd uses the address again when UseDNS is off) against the name
 * patterns; a matching negated entry refuses.
 */
export function fromAllows(patterns: string[] | string, address: string, host: string | null = null): boolean {
  const list = Array.isArray(patterns) ? patterns.join(',') : patterns;
  const a = parseAddress(address);
  let mip: 1 | 0 | -1 = 0;
  for (let entry of list.split(',')) {
    const neg = entry.startsWith('!');
    if (neg) entry = entry.slice(1);
    if (entry === '') return false;
    const c = parseCidr(entry);
    if (c === 'bad') return false;
    const hit = a ? (c !== null ? inNetwork(a, c.net, c.masklen) : matchPattern(address, entry)) : false;
    if (hit) {
      if (neg) {
        mip = -1;
        break;
      }
      mip = 1;
    }
  }
  if (mip === -1) return false;
  const mhost = matchPatternList(asciiLower(host ?? address), list, true);
  if (mhost === -1) return false;
  return mhost === 1 || mip === 1;
}
