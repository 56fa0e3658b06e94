/**
 * The specs ssh reads after -L, -R, -D, -W, -J and -w, and the destination's ssh:// form, as
 * OpenSSH 9.2 reads them: readconf.c parse_forward()/parse_fwd_field() and parse_jump(), misc.c
 * a2tun(), parse_uri() and hpdelim2(). Pure; every function returns a value or null, never throws.
 */
import { a2port, asciiLower, q, strtonum } from './common.ts';

export interface Forward {
  kind: 'local' | 'remote' | 'dynamic';
  /** The text as typed (for a config line: the arguments after the keyword). */
  spec: string;
  /** null when not given; '*' or '' kept as typed; brackets removed ("[::1]" → "::1"). */
  bindAddress: string | null;
  listenPort: number | null;
  listenPath: string | null;
  /** null for -D and for a dynamic -R. */
  connectHost: string | null;
  connectPort: number | null;
  connectPath: string | null;
  origin: 'command' | 'config';
  /** Line in the ssh config (origin 'config'). */
  line?: number;
  /** True for -D and for -R [bind:]port (the remote side acts as a SOCKS proxy). */
  socks: boolean;
  /** Set on the -L/-R that autossh adds for its monitoring port (-M). */
  implicit?: 'autossh-monitor';
}

export interface RawForward {
  fields: number;
  listenHost: string | null;
  listenPort: number;
  listenPath: string | null;
  connectHost: string | null;
  connectPort: number;
  connectPath: string | null;
}

const PORT_STREAMLOCAL = -2;
const NI_MAXHOST = 1025;
const PATH_MAX_SUN = 108;

interface FwdField {
  arg: string;
  ispath: boolean;
}

/** Splits a forwarding spec into at most 4 fields as parse_fwd_field() does; null on failure. */
function forwardFields(spec: string): { fields: FwdField[]; ok: boolean } {
  let i = 0;
  while (i < spec.length && /[ \t\n\v\f\r]/.test(spec[i] as string)) i++;
  const fields: FwdField[] = [];
  let pos: number | null = i;
  while (fields.length < 4) {
    if (pos === null) break;
    if (pos >= spec.length) {
      pos = null;
      break;
    }
    if (spec[pos] === '[') {
      const close = spec.indexOf(']', pos + 1);
      if (close === -1) break;
      const after = spec[close + 1];
      if (after !== ':' && after !== undefined) break;
      const arg = spec.slice(pos + 1, close);
      fields.push({ arg, ispath: arg.includes('/') });
      pos = after === ':' ? close + 2 : close + 1;
      continue;
    }
    let arg = '';
    let ispath = false;
    let j: number = pos;
    let failed = false;
    while (j < spec.length) {
      const c = spec[j] as string;
      if (c === '\\') {
        if (j + 1 >= spec.length) {
          failed = true;
          break;
        }
        arg += spec[j + 1];
        j += 2;
        continue;
      }
      if (c === '/') ispath = true;
      if (c === ':') {
        j++;
        break;
      }
      arg += c;
      j++;
    }
    if (failed) break;
    fields.push({ arg, ispath });
    pos = j;
  }
  const ok = pos === null || pos >= spec.length;
  return { fields, ok };
}

/** readconf.c parse_forward(): the forward, or null when ssh rejects the spec. */
export function parseForwardRaw(spec: string, dynamic: boolean, remote: boolean): RawForward | null {
  const { fields, ok } = forwardFields(spec);
  const n = ok ? fields.length : 0;
  const f = (k: number): FwdField => fields[k] as FwdField;
  const fwd: RawForward = { fields: n, listenHost: null, listenPort: 0, listenPath: null, connectHost: null, connectPort: 0, connectPath: null };
  switch (n) {
    case 1:
      if (f(0).ispath) {
        fwd.listenPath = f(0).arg;
        fwd.listenPort = PORT_STREAMLOCAL;
      } else {
        fwd.listenPort = a2port(f(0).arg);
      }
      fwd.connectHost = 'socks';
      break;
    case 2:
      if (f(0).ispath && f(1).ispath) {
        fwd.listenPath = f(0).arg;
        fwd.listenPort = PORT_STREAMLOCAL;
        fwd.connectPath = f(1).arg;
        fwd.connectPort = PORT_STREAMLOCAL;
      } else if (f(1).ispath) {
        fwd.listenPort = a2port(f(0).arg);
        fwd.connectPath = f(1).arg;
        fwd.connectPort = PORT_STREAMLOCAL;
      } else {
        fwd.listenHost = f(0).arg;
        fwd.listenPort = a2port(f(1).arg);
        fwd.connectHost = 'socks';
      }
      break;
    case 3:
      if (f(0).ispath) {
        fwd.listenPath = f(0).arg;
        fwd.listenPort = PORT_STREAMLOCAL;
        fwd.connectHost = f(1).arg;
        fwd.connectPort = a2port(f(2).arg);
      } else if (f(2).ispath) {
        fwd.listenHost = f(0).arg;
        fwd.listenPort = a2port(f(1).arg);
        fwd.connectPath = f(2).arg;
        fwd.connectPort = PORT_STREAMLOCAL;
      } else {
        fwd.listenPort = a2port(f(0).arg);
        fwd.connectHost = f(1).arg;
        fwd.connectPort = a2port(f(2).arg);
      }
      break;
    case 4:
      fwd.listenHost = f(0).arg;
      fwd.listenPort = a2port(f(1).arg);
      fwd.connectHost = f(2).arg;
      fwd.connectPort = a2port(f(3).arg);
      break;
    default:
      return null;
  }
  if (dynamic) {
    if (!(n === 1 || n === 2)) return null;
  } else {
    if (!(n === 3 || n === 4) && fwd.connectPath === null && fwd.listenPath === null) return null;
    if (fwd.connectPort <= 0 && fwd.connectPath === null) return null;
  }
  if ((fwd.listenPort < 0 && fwd.listenPath === null) || (!remote && fwd.listenPort === 0)) return null;
  if (fwd.connectHost !== null && fwd.connectHost.length >= NI_MAXHOST) return null;
  if (fwd.connectPath !== null && fwd.connectPath.length >= PATH_MAX_SUN) return null;
  if (fwd.listenHost !== null && fwd.listenHost.length >= NI_MAXHOST) return null;
  if (fwd.listenPath !== null && fwd.listenPath.length >= PATH_MAX_SUN) return null;
  return fwd;
}

const KIND_FLAG = { local: '-L', remote: '-R', dynamic: '-D' } as const;
const KIND_FORM = {
  local: '[bind_address:]port:host:hostport (for example 8080:localhost:80)',
  remote: '[bind_address:]port:host:hostport or [bind_address:]port (for example 9000:localhost:22)',
  dynamic: '[bind_address:]port (for example 1080)',
} as const;

/** Explains, in words, why parse_forward() rejects a spec. */
export function explainBadForward(spec: string, kind: 'local' | 'remote' | 'dynamic'): string {
  const { fields, ok } = forwardFields(spec);
  const flag = KIND_FLAG[kind];
  if (!ok) {
    if (fields.length >= 4) return `it has more than four ':'-separated parts; ${flag} takes ${KIND_FORM[kind]}`;
    if (/\[/.test(spec)) return `a '[' has no matching ']' directly before a ':' (brackets are only for IPv6 addresses such as [::1])`;
    return `it ends with a lone backslash`;
  }
  const placeholder = fields.find((x) => /^[a-z][a-z_-]*[a-z]$/i.test(x.arg) && spec.includes(`[${x.arg}]`));
  if (placeholder)
    return `'[${placeholder.arg}]' looks like a placeholder copied from documentation; write a real value there, e.g. ${flag} ${kind === 'dynamic' ? '1080' : '8080:localhost:80'}`;
  const n = fields.length;
  const wantN = kind === 'dynamic' ? '1 or 2' : kind === 'remote' ? '1, 2, 3 or 4' : '3 or 4';
  const noPaths = !fields.some((x) => x.ispath);
  if (kind === 'dynamic' && n > 2) return `${flag} takes only a port, optionally with a bind address: ${KIND_FORM[kind]}`;
  if (kind === 'local' && n < 3 && noPaths) {
    return n === 0
      ? `it is empty; ${flag} takes ${KIND_FORM[kind]}`
      : `it names no target: ${flag} needs the port to listen on, then the host and port the server should connect to: ${KIND_FORM[kind]}`;
  }
  const portFields: { idx: number; role: string }[] = [];
  if (n === 1 && !fields[0]?.ispath) portFields.push({ idx: 0, role: 'listen port' });
  if (n === 2 && noPaths) portFields.push({ idx: 1, role: 'listen port' });
  if (n === 2 && fields[1]?.ispath && !fields[0]?.ispath) portFields.push({ idx: 0, role: 'listen port' });
  if (n === 3 && fields[0]?.ispath) portFields.push({ idx: 2, role: 'target port' });
  else if (n === 3 && fields[2]?.ispath) portFields.push({ idx: 1, role: 'listen port' });
  else if (n === 3) portFields.push({ idx: 0, role: 'listen port' }, { idx: 2, role: 'target port' });
  if (n === 4) portFields.push({ idx: 1, role: 'listen port' }, { idx: 3, role: 'target port' });
  for (const pf of portFields) {
    const arg = fields[pf.idx]?.arg ?? '';
    const p = a2port(arg);
    if (p < 0) {
      return arg === '' ? `the ${pf.role} is empty` : `${q(arg)} is not a port number (0–65535) or a known service name, so it cannot be the ${pf.role}`;
    }
    if (p === 0 && (pf.role === 'target port' || kind !== 'remote')) return `port 0 cannot be the ${pf.role} for ${flag}`;
  }
  for (const x of fields) {
    if (x.arg.length >= NI_MAXHOST) return 'a host name in it is longer than 1024 characters';
    if (x.ispath && x.arg.length >= PATH_MAX_SUN) return 'a socket path in it is longer than 107 characters';
  }
  return `${flag} takes ${KIND_FORM[kind]}; this has ${n} part${n === 1 ? '' : 's'} (${wantN} expected)`;
}

export function rawToForward(raw: RawForward, kind: 'local' | 'remote' | 'dynamic', spec: string, origin: 'command' | 'config', socks: boolean): Forward {
  const isSocks = socks;
  return {
    kind,
    spec,
    bindAddress: raw.listenHost,
    listenPort: raw.listenPath !== null ? null : raw.listenPort,
    listenPath: raw.listenPath,
    connectHost: isSocks ? null : raw.connectHost,
    connectPort: isSocks || raw.connectPath !== null ? null : raw.connectPort,
    connectPath: isSocks ? null : raw.connectPath,
    origin,
    socks: isSocks,
  };
}

/**
 * Parses one forwarding spec as ssh does for -L (local), -R (remote: first as a normal forward,
 * then as a dynamic one) and -D (dynamic). Returns the forward or a reason in words.
 */
export function parseForwardSpec(
  spec: string,
  kind: 'local' | 'remote' | 'dynamic',
  origin: 'command' | 'config' = 'command',
): { forward: Forward } | { error: string } {
  if (kind === 'local') {
    const raw = parseForwardRaw(spec, false, false);
    if (raw) return { forward: rawToForward(raw, 'local', spec, origin, false) };
  } else if (kind === 'dynamic') {
    const raw = parseForwardRaw(spec, true, false);
    if (raw) return { forward: rawToForward(raw, 'dynamic', spec, origin, true) };
  } else {
    const raw = parseForwardRaw(spec, false, true);
    if (raw) return { forward: rawToForward(raw, 'remote', spec, origin, false) };
    const dyn = parseForwardRaw(spec, true, true);
    if (dyn) return { forward: rawToForward(dyn, 'remote', spec, origin, true) };
  }
  return { error: explainBadForward(spec, kind) };
}

/** The identity ssh's duplicate check compares (add_local_forward/add_remote_forward). */
export function forwardKey(f: Forward): string {
  return JSON.stringify([f.kind === 'remote' ? 'r' : 'l', f.bindAddress, f.listenPort, f.listenPath, f.connectHost, f.connectPort, f.connectPath, f.socks]);
}

/** A forward ssh accepts that will not do what the user meant. */
export interface ForwardWarning {
  code: 'command.user-in-forward' | 'command.leading-zero-address';
  message: string;
}

/** Warnings about forwards ssh accepts but that will not do what the user meant. */
export function forwardWarnings(fwd: Forward): ForwardWarning[] {
  const out: ForwardWarning[] = [];
  const host = fwd.connectHost;
  if (host?.includes('@')) {
    const at = host.lastIndexOf('@');
    const bare = host.slice(at + 1);
    out.push({
      code: 'command.user-in-forward',
      message: `The target host is taken literally as ${q(host)}: a forward has no user part, so the server tries to resolve the name "${host}" and fails ("Name or service not known"). Write ${q(bare)} instead; the login user belongs to the destination (user@server).`,
    });
  }
  if (host !== null && /^\d{1,3}(\.\d{1,3}){3}$/.test(host) && host.split('.').some((p) => p.length > 1 && p.startsWith('0'))) {
    const bad = host.split('.').some((p) => /^0\d*[89]/.test(p));
    out.push({
      code: 'command.leading-zero-address',
      message: bad
        ? `${q(host)} is not an IP address to the server's resolver: a part with a leading zero is read as octal and 8 or 9 are not octal digits, so it is looked up as a host name and fails. Write it without leading zeros.`
        : `${q(host)} has a part with a leading zero, which the server's resolver reads as octal (for example 010 is 8). Write it without leading zeros.`,
    });
  }
  return out;
}

/** misc.c a2tun(): "any" or 0..0x7ffffffd; with a remote part "local:remote". */
export function parseTunDevice(s: string): { local: string; remote: string } | null {
  const one = (x: string): string | null => {
    if (asciiLower(x) === 'any') return 'any';
    const n = strtonum(x, 0, 0x7ffffffd);
    return n === null ? null : String(n);
  };
  const colon = s.indexOf(':');
  if (colon === -1) {
    const l = one(s);
    return l === null ? null : { local: l, remote: 'any' };
  }
  const r = one(s.slice(colon + 1));
  const l = one(s.slice(0, colon));
  if (r === null || l === null) return null;
  return { local: l, remote: r };
}

/** readconf.c parse_jump(): validates "[user@]host[:port]" or ssh:// hops separated by commas. */
export function validJump(s: string): boolean {
  let t = s;
  const hash = t.indexOf('#');
  if (hash !== -1) t = t.slice(0, hash);
  t = t.replace(/[ \t\r\n]+$/, '');
  if (asciiLower(s) === 'none') return true;
  const hops = t.split(',');
  for (const hop of hops) {
    const uri = parseSshUri(hop);
    if (uri === 'invalid') return false;
    if (uri !== null) continue;
    if (!parseUserHostPort(hop)) return false;
  }
  return true;
}

function hpdelimSplit(s: string): { host: string; rest: string | null; delim: string } | null {
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close === -1) return null;
    const after = s[close + 1];
    if (after === undefined) return { host: s, rest: null, delim: '' };
    if (after !== ':' && after !== '/') return null;
    return { host: s.slice(0, close + 1), rest: s.slice(close + 2), delim: after };
  }
  const m = /[:/]/.exec(s);
  if (!m) return { host: s, rest: null, delim: '' };
  return { host: s.slice(0, m.index), rest: s.slice(m.index + 1), delim: m[0] };
}

function cleanHostname(h: string): string {
  return h.length >= 2 && h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

function parseUserHostPort(s: string): { user: string | null; host: string; port: number | null } | null {
  let tmp = s;
  let user: string | null = null;
  const at = tmp.lastIndexOf('@');
  if (at !== -1) {
    if (at === 0) return null;
    user = tmp.slice(0, at);
    tmp = tmp.slice(at + 1);
  }
  const hp = hpdelimSplit(tmp);
  if (!hp || hp.delim === '/' || hp.host === '') return null;
  let port: number | null = null;
  if (hp.rest !== null && hp.rest !== '') {
    const p = a2port(hp.rest);
    if (p <= 0) return null;
    port = p;
  }
  return { user, host: cleanHostname(hp.host), port };
}

function validDomain(name: string): boolean {
  if (name.length === 0) return false;
  if (!/^[A-Za-z0-9]/.test(name)) return false;
  if (name.includes('..')) return false;
  return /^[A-Za-z0-9._-]+$/.test(name);
}

function urldecode(s: string): string | null {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '+') out += ' ';
    else if (c === '%') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(h)) return null;
      out += String.fromCharCode(parseInt(h, 16));
      i += 2;
    } else out += c;
  }
  return out;
}

/** misc.c parse_uri("ssh", …): null when not an ssh:// URI, 'invalid' when malformed. */
export function parseSshUri(s: string): { user: string | null; host: string; port: number | null } | 'invalid' | null {
  if (!s.startsWith('ssh://')) return null;
  let tmp = s.slice(6);
  let user: string | null = null;
  const at = tmp.indexOf('@');
  if (at !== -1) {
    let u = tmp.slice(0, at);
    const semi = u.indexOf(';');
    if (semi !== -1) u = u.slice(0, semi);
    if (u === '') return 'invalid';
    user = urldecode(u);
    if (user === null) return 'invalid';
    tmp = tmp.slice(at + 1);
  }
  const hp = hpdelimSplit(tmp);
  if (!hp || hp.host === '') return 'invalid';
  let host = cleanHostname(hp.host);
  if (!validDomain(host)) return 'invalid';
  if (host.endsWith('.')) host = host.slice(0, -1);
  let port: number | null = null;
  let rest = hp.rest;
  if (rest !== null && rest !== '') {
    if (hp.delim === ':') {
      const slash = rest.indexOf('/');
      const portText = slash === -1 ? rest : rest.slice(0, slash);
      const p = a2port(portText);
      if (p <= 0) return 'invalid';
      port = p;
      rest = slash === -1 ? null : rest.slice(slash + 1);
    }
    if (rest !== null && rest !== '') return 'invalid'; // a path is not allowed
  }
  return { user, host, port };
}
