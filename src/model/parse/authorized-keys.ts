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
import { parseTunDevice } from './command.ts';
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
/** OpenSSH < 7.2: only the negative forms. */
const FLAGS_OLD: Flag[] = [
  {
    name: 'cert-authority',
    negate: false,
    apply: (o) => {
      o.certAuthority = true;
    },
  },
  {
    name: 'no-port-forwarding',
    negate: false,
    apply: (o) => {
      o.portForwarding = false;
    },
  },
  {
    name: 'no-agent-forwarding',
    negate: false,
    apply: (o) => {
      o.agentForwarding = false;
    },
  },
  {
    name: 'no-x11-forwarding',
    negate: false,
    apply: (o) => {
      o.x11Forwarding = false;
    },
  },
  {
    name: 'no-pty',
    negate: false,
    apply: (o) => {
      o.noPty = true;
    },
  },
  {
    name: 'no-user-rc',
    negate: false,
    apply: (o) => {
      o.userRc = false;
    },
  },
];
const FLAGS_DROPBEAR: Flag[] = [
  {
    name: 'no-port-forwarding',
    negate: false,
    apply: (o) => {
      o.portForwarding = false;
    },
  },
  {
    name: 'no-agent-forwarding',
    negate: false,
    apply: (o) => {
      o.agentForwarding = false;
    },
  },
  {
    name: 'no-x11-forwarding',
    negate: false,
    apply: (o) => {
      o.x11Forwarding = false;
    },
  },
  {
    name: 'no-pty',
    negate: false,
    apply: (o) => {
      o.noPty = true;
    },
  },
  {
    name: 'restrict',
    negate: false,
    since: [2022, 82],
    apply: (o) => {
      o.restrict = true;
      o.portForwarding = false;
      o.agentForwarding = false;
      o.x11Forwarding = false;
      o.noPty = true;
    },
  },
  { name: 'no-touch-required', negate: false, since: [2022, 83], apply: () => undefined },
  { name: 'verify-required', negate: false, since: [2022, 83], apply: () => undefined },
];

/** Options with a quoted value, per software/version. */
function valueOptions(v: ServerVersion): string[] {
  if (v.software === 'dropbear') return atLeast(v, 2022, 83) ? ['command', 'permitopen'] : ['command'];
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

function parseKeysInner(text: string, version?: ServerVersion): ParseResult<KeyOptions> {
  const ver = version ?? DEFAULT_OPENSSH;
  const dropbear = ver.software === 'dropbear';
  const diags = new DiagList('keys');
  const src = capInput(typeof text === 'string' ? text : '', diags, 'keys');
  const lines = splitLines(src).filter((l) => {
    const t = l.text.replace(/^[ \t]+/, '');
    return t !== '' && !t.startsWith('#');
  });
  if (lines.length === 0) return { value: emptyOptions(''), diagnostics: diags.finish() };
  const ln = lines[0] as { text: string; number: number };
  if (lines.length > 1) {
    diags.add(
      (lines[1] as { number: number }).number,
      1,
      0,
      'keys.several-lines',
      `Only the first key line (line ${ln.number}) is used; sshd reads each line separately and the key that logs in decides which line applies.`,
      'warning',
    );
  }
  const lead = ln.text.length - ln.text.replace(/^[ \t]+/, '').length;
  const line = ln.text.slice(lead);
  const firstTok = line.split(/[ \t]/)[0] ?? '';
  let optText = '';
  let keyPart = '';
  if (KEY_TYPES.has(firstTok)) {
    keyPart = line;
  } else {
    const end = optionsEnd(line);
    if (end === -1) {
      const opts = emptyOptions(line);
      opts.line = ln.number;
      opts.rejected = 'missing end quote';
      diags.add(
        ln.number,
        lead + 1,
        line.length,
        'keys.unterminated-quote',
        'A double quote in the options is never closed, so sshd cannot tell where the options end and ignores this key line.',
        'error',
      );
      return { value: opts, diagnostics: diags.finish() };
    }
    optText = line.slice(0, end);
    keyPart = line.slice(end).replace(/^[ \t]+/, '');
  }
  const opts = emptyOptions(optText);
  opts.line = ln.number;
  const keyOffset = lead + (line.length - keyPart.length);
  if (keyPart !== '') {
    const [type, blob, ...comment] = keyPart.split(/[ \t]+/);
    if (type && KEY_TYPES.has(type)) {
      opts.keyType = type;
      opts.comment = comment.length ? comment.join(' ') : null;
      if (!blob) {
        diags.add(
          ln.number,
          keyOffset + 1,
          type.length,
          'keys.missing-key',
          `The key type ${type} is not followed by the key itself (a long base64 text).`,
          'warning',
        );
      }
    } else {
      const looksLikeOptions = /^[A-Za-z-]+(=|,|$)/.test(type ?? '') && !/^AAAA/.test(type ?? '');
      opts.rejected = 'no key type after the options';
      diags.add(
        ln.number,
        keyOffset + 1,
        (type ?? '').length,
        'keys.unknown-key-type',
        `${q(type ?? '')} is not a key type sshd knows (such as ssh-ed25519 or ssh-rsa), so this line matches no key; ${looksLikeOptions ? 'a blank inside the options ends them early — remove the spaces between options' : 'the options must be followed by the key type and the key'}.`,
        'error',
      );
    }
  }
  if (optText === '') return { value: opts, diagnostics: diags.finish() };

  const flags = dropbear ? FLAGS_DROPBEAR : atLeast(ver, 7, 2) ? FLAGS_NEW : FLAGS_OLD;
  const valued = valueOptions(ver);
  const newParser = !dropbear && atLeast(ver, 7, 7);
  const sw = dropbear ? `Dropbear ${ver.label}` : `OpenSSH ${ver.label}`;
  let i = 0;
  const n = optText.length;
  const col = (k: number): number => lead + k + 1;
  const reject = (at: number, len: number, reason: string, message: string): ParseResult<KeyOptions> => {
    opts.rejected = reason;
    diags.add(ln.number, col(at), len, 'keys.bad-option', message, 'error');
    return { value: opts, diagnostics: diags.finish() };
  };
  const lowerText = asciiLower(optText);
  const envNames = new Set<string>();
  while (i < n) {
    const start = i;
    let matched = false;
    for (const f of flags) {
      let j = i;
      let negated = false;
      if (f.negate && lowerText.startsWith('no-', j)) {
        j += 3;
        negated = true;
      }
      if (!lowerText.startsWith(f.name, j)) continue;
      if (f.since && !atLeast(ver, f.since[0], f.since[1])) continue;
      f.apply(opts, !negated);
      i = j + f.name.length;
      matched = true;
      break;
    }
    if (!matched) {
      for (const name of valued) {
        if (!lowerText.startsWith(`${name}=`, i)) continue;
        if (dropbear && optText[i + name.length + 1] !== '"') continue;
        matched = true;
        const vstart = i + name.length + 1;
        if (optText[vstart] !== '"') {
          return reject(
            vstart,
            1,
            'missing start quote',
            `The value of ${name}= must be in double quotes, e.g. ${name}="…"; sshd ignores this key line ("bad key options: missing start quote").`,
          );
        }
        let k = vstart + 1;
        let value = '';
        let closed = false;
        while (k < n) {
          const c = optText[k] as string;
          if (c === '"') {
            closed = true;
            break;
          }
          if (c === '\\' && optText[k + 1] === '"') {
            value += dropbear ? '\\"' : '"';
            k += 2;
            continue;
          }
          if (dropbear && c === '\\') {
            value += c + (optText[k + 1] ?? '');
            k += 2;
            continue;
          }
          value += c;
          k++;
        }
        if (!closed) return reject(vstart, n - vstart, 'missing end quote', `The value of ${name}= has no closing double quote; sshd ignores this key line.`);
        i = k + 1;
        const vcol = vstart;
        const vlen = k + 1 - vstart;
        switch (name) {
          case 'command':
            if (opts.command !== null && newParser)
              return reject(
                start,
                i - start,
                'multiple "command" clauses',
                `There are two command= options; ${sw} ignores this key line (sshd: multiple "command" clauses).`,
              );
            if (opts.command !== null && dropbear)
              return reject(start, i - start, 'multiple command= options', `There are two command= options; Dropbear ignores this key line.`);
            opts.command = value;
            break;
          case 'principals':
            if (opts.principals !== null && newParser)
              return reject(start, i - start, 'multiple "principals" clauses', `There are two principals= options; ${sw} ignores this key line.`);
            opts.principals = value;
            break;
          case 'from': {
            if (opts.from !== null && newParser)
              return reject(start, i - start, 'multiple "from" clauses', `There are two from= options; ${sw} ignores this key line.`);
            opts.from = value.split(',');
            const bad = value
              .split(',')
              .map((p) => p.replace(/^!/, ''))
              .find((p) => p === '' || parseCidr(p) === 'bad');
            if (bad !== undefined) {
              diags.add(
                ln.number,
                col(vcol),
                vlen,
                'keys.bad-from',
                `from="${value}" contains ${bad === '' ? 'an empty entry' : `the network ${q(bad)} with bits set after its prefix`}, so sshd refuses every login with this key.`,
                'warning',
              );
            }
            break;
          }
          case 'expiry-time':
            if (!validExpiry(value))
              return reject(
                vcol,
                vlen,
                'invalid expires time',
                `expiry-time="${value}" is not a time sshd understands (YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, optionally with Z); it ignores this key line.`,
              );
            if (opts.expiryTime === null || value < opts.expiryTime) opts.expiryTime = value;
            break;
          case 'environment': {
            if (newParser && opts.environment.length > 1024)
              return reject(start, i - start, 'too many environment strings', `More than 1024 environment= options; ${sw} ignores this key line.`);
            const eq = value.indexOf('=');
            if (eq <= 0 || !/^[A-Za-z0-9_]+$/.test(value.slice(0, eq))) {
              if (newParser)
                return reject(
                  vcol,
                  vlen,
                  'invalid environment string',
                  `environment="${value}" must be NAME=value with a name of letters, digits and _; sshd ignores this key line.`,
                );
            }
            const nm = value.slice(0, eq + 1);
            if (!envNames.has(nm)) {
              envNames.add(nm);
              opts.environment.push(value);
            }
            break;
          }
          case 'permitopen':
          case 'permitlisten': {
            const listen = name === 'permitlisten';
            if (newParser && (listen ? opts.permitListen : opts.permitOpen).length > 4096)
              return reject(start, i - start, 'too many permission directives', `More than 4096 ${name}= options; ${sw} ignores this key line.`);
            const e = permitValue(value, listen, dropbear);
            if (!('error' in e) && e.portNumber === null && !dropbear && !atLeast(ver, 6, 0)) {
              return reject(vcol, vlen, 'bad options', `${name}="${value}": the port wildcard needs OpenSSH 6.0 or newer; ${sw} ignores this key line.`);
            }
            if ('error' in e) {
              const why =
                e.error === 'invalid permission port'
                  ? `${value === '' ? 'it is empty' : `${q(value)} has no valid port`}; write host:port, e.g. ${name}="localhost:8080"${listen ? ' or a bare port' : ''}`
                  : `${q(value)} has no valid host`;
              return reject(vcol, vlen, e.error, `${name}="${value}" is invalid (${why}); ${sw} ignores this key line ("bad key options: ${e.error}").`);
            }
            (listen ? opts.permitListen : opts.permitOpen).push(e);
            break;
          }
          case 'tunnel': {
            const dev = parseTunDevice(value);
            if (!dev || value.includes(':'))
              return reject(vcol, vlen, 'invalid tun device', `tunnel="${value}" is not a tun device number; sshd ignores this key line.`);
            opts.tunnel = dev.local;
            break;
          }
        }
        break;
      }
    }
    if (!matched) {
      const wordEnd = (() => {
        let k = i;
        while (k < n && optText[k] !== ',') k++;
        return k;
      })();
      const word = optText.slice(i, wordEnd);
      const base = asciiLower(word.replace(/=.*/, '')).replace(/^no-/, '');
      const since =
        OPTION_SINCE[base] ?? (dropbear && base === 'permitopen' ? 'Dropbear 2022.83' : dropbear && base === 'restrict' ? 'Dropbear 2022.82' : null);
      const known = [
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
      let why: string;
      if (since && !dropbear) why = `${q(word)} needs ${since} or newer; this server runs ${sw}`;
      else if (dropbear && known.includes(base)) why = `Dropbear ${ver.label} does not support ${q(word)}${since ? ` (it needs ${since})` : ''}`;
      else if (/^(permitopen|permitlisten|command|from|environment|principals|tunnel|expiry-time)$/.test(base) && !word.includes('='))
        why = `${q(word)} needs a value: ${base}="…"`;
      else why = `${q(word)} is not an authorized_keys option`;
      const reason = newParser ? 'unknown key option' : 'bad options';
      return reject(
        i,
        Math.max(1, word.length),
        reason,
        `${why}; ${sw} ignores this whole key line${dropbear ? ' ("Bad public key options")' : newParser ? ' ("bad key options: unknown key option")' : ' ("Bad options in authorized_keys file")'}.`,
      );
    }
    if (i >= n) break;
    if (optText[i] !== ',') {
      const rest = optText.slice(i).split(',')[0] ?? '';
      return reject(
        i,
        Math.max(1, rest.length),
        newParser ? 'unknown key option' : 'bad options',
        `Unexpected ${q(rest)} after an option (options are separated by commas, without spaces); ${sw} ignores this key line.`,
      );
    }
    i++;
    if (i >= n && newParser && keyPart === '' && optText.length === line.length) {
      // sshd accepts "opt, ssh-ed25519 …" (the blank ends the options) but not a comma at the very end
      return reject(i - 1, 1, 'unexpected end-of-options', `The options end with a comma; ${sw} ignores this key line ("unexpected end-of-options").`);
    }
  }
  if (opts.certAuthority) {
    diags.add(
      ln.number,
      lead + 1,
      optText.length,
      'keys.cert-authority',
      'cert-authority: this line accepts certificates signed by this key, not the key itself.',
      'info',
    );
  }
  if (!opts.portForwarding && (opts.permitOpen.length > 0 || opts.permitListen.length > 0)) {
    diags.add(
      ln.number,
      lead + 1,
      optText.length,
      'keys.permitopen-without-forwarding',
      `permitopen/permitlisten have no effect here: ${opts.restrict ? 'restrict' : 'no-port-forwarding'} turns port forwarding off${opts.restrict ? ' (add port-forwarding after restrict to allow the listed targets)' : ''}.`,
      'warning',
    );
  }
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
