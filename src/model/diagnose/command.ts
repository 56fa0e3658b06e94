/**
 * A small, lenient reader for the ssh command line found inside a paste (a shell prompt, a quoted
 * line in prose, an autossh call). It extracts what the diagnoser needs: the forwards and their
 * targets, -J/-W/-w/-D/-R/-X, multiplexing, the destination. It is not ssh(1)'s full parser
 * (src/model/parse/command.ts is); it never throws and gives up quietly on prose.
 */

export interface ForwardSpec {
  kind: 'L' | 'R' | 'D';
  /** The spec as written. */
  spec: string;
  bind: string | null;
  listenPort: number | null;
  listenPath: string | null;
  /** Host the server connects to (-L) or the client connects to (-R); null for -D and path targets. */
  host: string | null;
  port: number | null;
  /** Unix socket path on the far side. */
  path: string | null;
  /** Column (0-based) of the spec in its line. */
  offset: number;
  /** Added by autossh's -M monitoring port rather than typed. */
  implied?: boolean;
}

export interface SshCommand {
  program: 'ssh' | 'autossh';
  /** The command as found (from the program name to the end of the line, trimmed). */
  text: string;
  /** 0-based column where it starts in its line. */
  offset: number;
  user: string | null;
  destination: string | null;
  port: number | null;
  forwards: ForwardSpec[];
  jump: string | null;
  stdio: string | null;
  tunnel: string | null;
  x11: boolean;
  noCommand: boolean;
  multiplexing: boolean;
  /** autossh -M port. */
  monitorPort: number | null;
  /** -L/-R/-D given without an argument (the spec was lost in the paste). */
  emptyForward: boolean;
  /** Tokens with their offsets, for highlighting. */
  tokens: { text: string; offset: number }[];
}

const WITH_ARG = new Set('BbcDEeFIiJLlmOoPpQRSWw'.split(''));

interface Token {
  text: string;
  offset: number;
}

/** Splits shell-ish words (single and double quotes, backslash escapes); bounded by the line. */
function words(s: string, base: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
    if (i >= n) break;
    const start = i;
    let text = '';
    while (i < n && s[i] !== ' ' && s[i] !== '\t') {
      const c = s[i]!;
      if (c === "'" || c === '"' || c === '“' || c === '”') {
        const close = c === '“' ? '”' : c;
        const end = s.indexOf(close, i + 1);
        if (end < 0) {
          text += s.slice(i + 1);
          i = n;
          break;
        }
        text += s.slice(i + 1, end);
        i = end + 1;
      } else if (c === '\\' && i + 1 < n) {
        text += s[i + 1];
        i += 2;
      } else if (c === ';' || c === '|' || c === '&') {
        break;
      } else {
        text += c;
        i++;
      }
    }
    if (i === start) {
      // a shell separator ends the command
      break;
    }
    out.push({ text, offset: base + start });
  }
  return out;
}

function toPort(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,5}$/.test(s)) return null;
  const n = Number(s);
  return n <= 65535 ? n : null;
}

/** Splits a forward spec on ':' outside [brackets]; also accepts '/' as in `8080/host/80`. */
function splitSpec(spec: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of spec) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ':' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => (p.startsWith('[') && p.endsWith(']') ? p.slice(1, -1) : p));
}

export function parseForwardSpec(kind: 'L' | 'R' | 'D', spec: string, offset = 0): ForwardSpec {
  const f: ForwardSpec = { kind, spec, bind: null, listenPort: null, listenPath: null, host: null, port: null, path: null, offset };
  const parts = spec.includes(':') || spec.includes('[') ? splitSpec(spec) : spec.split(/(?<=^\d+)\/|\/(?=\d+$)/);
  if (kind === 'D') {
    if (parts.length === 1) f.listenPort = toPort(parts[0]);
    else {
      f.bind = parts[0] ?? null;
      f.listenPort = toPort(parts[1]);
    }
    return f;
  }
  // a path on either side: [bind:]port:/path, /local:/remote, /local:host:port
  if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    if (a.startsWith('/')) f.listenPath = a;
    else f.listenPort = toPort(a);
    if (b.startsWith('/')) f.path = b;
    else f.port = toPort(b); // -R port:port is not valid; leave host null
    return f;
  }
  if (parts.length === 3) {
    const [a, b, c] = parts as [string, string, string];
    if (c.startsWith('/')) {
      f.bind = a;
      f.listenPort = toPort(b);
      f.path = c;
    } else {
      if (a.startsWith('/')) f.listenPath = a;
      else f.listenPort = toPort(a);
      f.host = b;
      f.port = toPort(c);
    }
    return f;
  }
  if (parts.length >= 4) {
    const [a, b, c, d] = parts as [string, string, string, string];
    f.bind = a;
    f.listenPort = toPort(b);
    f.host = c;
    f.port = toPort(d);
  }
  return f;
}

/** Where `ssh`/`autossh` starts a command in a line, or -1. */
function findProgram(line: string): { at: number; program: 'ssh' | 'autossh' } | null {
  const re = /(^|[\s$#>`('"])(autossh|ssh)(?=\s)/g;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = re.exec(line)) !== null && guard++ < 20) {
    const at = m.index + m[1]!.length;
    return { at, program: m[2] as 'ssh' | 'autossh' };
  }
  return null;
}

/** Reads an ssh/autossh command out of one line; null when the line does not look like one. */
export function extractCommand(line: string): SshCommand | null {
  if (line.length > 4000) return null;
  const found = findProgram(line);
  if (!found) return null;
  const rest = line.slice(found.at);
  const toks = words(rest, found.at);
  if (toks.length < 2) return null;
  const cmd: SshCommand = {
    program: found.program,
    text: rest.trim(),
    offset: found.at,
    user: null,
    destination: null,
    port: null,
    forwards: [],
    jump: null,
    stdio: null,
    tunnel: null,
    x11: false,
    noCommand: false,
    multiplexing: false,
    monitorPort: null,
    emptyForward: false,
    tokens: toks,
  };
  let options = 0;
  let i = 1;
  let bogus = 0;
  const addForward = (k: 'L' | 'R' | 'D', spec: string, off: number) => {
    if (spec === '') {
      cmd.emptyForward = true;
      return;
    }
    const f = parseForwardSpec(k, spec, off);
    if (f.listenPort === null && f.listenPath === null) {
      bogus++;
      return;
    }
    cmd.forwards.push(f);
  };
  const sshOption = (key: string, value: string, off: number) => {
    const k = key.toLowerCase();
    if (k === 'localforward' || k === 'remoteforward') {
      const spec = value.trim().replace(/\s+/, ':');
      addForward(k === 'localforward' ? 'L' : 'R', spec, off);
    } else if (k === 'dynamicforward') addForward('D', value.trim(), off);
    else if (k === 'proxyjump') cmd.jump = value;
    else if (k === 'controlmaster' || k === 'controlpath' || k === 'controlpersist') cmd.multiplexing = true;
    else if (k === 'port') cmd.port = toPort(value);
    else if (k === 'user') cmd.user = value;
    else if (k === 'tunnel' && value !== 'no') cmd.tunnel = value;
    else if (k === 'forwardx11' && value === 'yes') cmd.x11 = true;
  };
  let positional: Token[] = [];
  while (i < toks.length) {
    const t = toks[i]!;
    if (t.text === '--') {
      positional = toks.slice(i + 1);
      break;
    }
    if (t.text.startsWith('-') && t.text.length > 1 && positional.length === 0) {
      options++;
      const flags = t.text.slice(1);
      for (let j = 0; j < flags.length; j++) {
        const f = flags[j]!;
        const takesArg = WITH_ARG.has(f) && !(f === 'M' && cmd.program === 'ssh');
        if (cmd.program === 'autossh' && f === 'M') {
          const attached = flags.slice(j + 1);
          let arg = attached;
          if (arg === '' && i + 1 < toks.length) arg = toks[++i]!.text;
          cmd.monitorPort = toPort(arg.split(':')[0]);
          break;
        }
        if (takesArg) {
          const attached = flags.slice(j + 1);
          let arg = attached;
          let off = t.offset + 2 + j;
          if (arg === '') {
            const next = toks[i + 1];
            if (next && !(next.text.startsWith('-') && next.text.length > 1 && (f === 'L' || f === 'R' || f === 'D'))) {
              arg = next.text;
              off = next.offset;
              i++;
            } else if (!next || next.text.startsWith('-')) {
              if (f === 'L' || f === 'R' || f === 'D') cmd.emptyForward = true;
              break;
            }
          }
          if (f === 'L' || f === 'R' || f === 'D') addForward(f, arg, off);
          else if (f === 'J') cmd.jump = arg;
          else if (f === 'W') cmd.stdio = arg;
          else if (f === 'w') cmd.tunnel = arg;
          else if (f === 'p') cmd.port = toPort(arg);
          else if (f === 'l') cmd.user = arg;
          else if (f === 'S') cmd.multiplexing = true;
          else if (f === 'o') {
            const eq = arg.search(/[=\s]/);
            if (eq > 0) sshOption(arg.slice(0, eq), arg.slice(eq + 1).replace(/^[=\s]+/, ''), off);
            else if (i + 1 < toks.length) sshOption(arg, toks[++i]!.text, off);
          }
          break;
        }
        if (f === 'X' || f === 'Y') cmd.x11 = true;
        else if (f === 'N') cmd.noCommand = true;
        else if (f === 'M' && cmd.program === 'ssh') cmd.multiplexing = true;
      }
      i++;
      continue;
    }
    positional.push(t);
    i++;
    break;
  }
  // ssh.c goes back to option parsing after the destination: handle the `host -L spec` order
  for (let k = i; k < toks.length; k++) {
    const t = toks[k]!.text;
    const m = /^-([NnTfgqvXxYCA46]*)([LRDJWwplo])(.*)$/.exec(t);
    if (!m) continue;
    const f = m[2]!;
    let arg = m[3]!;
    let off = toks[k]!.offset + 1 + m[1]!.length + 1;
    if (arg === '') {
      const next = toks[k + 1];
      if (next && !next.text.startsWith('-')) {
        arg = next.text;
        off = next.offset;
        k++;
      } else {
        if (f === 'L' || f === 'R' || f === 'D') cmd.emptyForward = true;
        continue;
      }
    }
    options++;
    if (f === 'L' || f === 'R' || f === 'D') addForward(f, arg, off);
    else if (f === 'J') cmd.jump = arg;
    else if (f === 'W') cmd.stdio = arg;
    else if (f === 'w') cmd.tunnel = arg;
    else if (f === 'p') cmd.port = toPort(arg);
    else if (f === 'l') cmd.user = arg;
    else if (f === 'o') {
      const eq = arg.search(/[=\s]/);
      if (eq > 0) sshOption(arg.slice(0, eq), arg.slice(eq + 1).replace(/^[=\s]+/, ''), off);
    }
  }
  const dest = positional[0]?.text ?? null;
  if (dest !== null) {
    const at = dest.lastIndexOf('@');
    const d = dest.replace(/^ssh:\/\//, '');
    if (at > 0) {
      cmd.user ??= d.slice(0, d.lastIndexOf('@'));
      cmd.destination = d.slice(d.lastIndexOf('@') + 1);
    } else cmd.destination = d;
  }
  // prose guard: a real command has options, or a user@host destination
  const looksLikeHost = dest !== null && /^[A-Za-z0-9_.@:[\]%-]+$/.test(dest) && !/[.:,]$/.test(dest);
  if (bogus > 0 && cmd.forwards.length === 0 && !(dest !== null && dest.includes('@'))) return null;
  if (options === 0 && !(dest !== null && dest.includes('@') && looksLikeHost)) return null;
  if (dest !== null && !looksLikeHost && options === 0) return null;
  if (cmd.program === 'autossh' && cmd.monitorPort !== null && cmd.monitorPort > 0) {
    const p = cmd.monitorPort;
    cmd.forwards.push({ kind: 'L', spec: `${p}:127.0.0.1:${p}`, bind: null, listenPort: p, listenPath: null, host: '127.0.0.1', port: p, path: null, offset: cmd.offset, implied: true });
    if (p < 65535)
      cmd.forwards.push({ kind: 'R', spec: `${p}:127.0.0.1:${p + 1}`, bind: null, listenPort: p, listenPath: null, host: '127.0.0.1', port: p + 1, path: null, offset: cmd.offset, implied: true });
  }
  return cmd;
}

/** Names that mean the server itself. */
export function isLocalhostName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h === 'localhost.localdomain' || h === 'ip6-localhost' || h === 'ip6-loopback';
}

export function isLoopbackAddress(host: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}

/**
 * Whether `host` is written as a dotted number that the resolver will not take as an address: a
 * part with a leading zero is octal, so `08`/`09` are not numbers at all, and a part over 255 is out
 * of range. Such a "name" goes to DNS and fails. Returns the offending part, or null.
 */
export function invalidIpLiteral(host: string): string | null {
  if (!/^\d{1,10}(\.\d{1,10}){1,3}$/.test(host)) return null;
  const parts = host.split('.');
  for (const p of parts) {
    if (p.length > 1 && p.startsWith('0') && /[89]/.test(p)) return p;
  }
  if (parts.length === 4 && parts.some((p) => !(p.length > 1 && p.startsWith('0')) && Number(p) > 255)) return parts.find((p) => Number(p) > 255) ?? null;
  return null;
}

/** A dotted number with a valid octal part (010 = 8): it resolves, but to another address than meant. */
export function octalIpLiteral(host: string): boolean {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return false;
  return host.split('.').some((p) => p.length > 1 && p.startsWith('0') && !/[89]/.test(p));
}
