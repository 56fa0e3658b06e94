/**
 * Splits a scenario's ssh command line the way a POSIX shell and ssh(1) 9.2 would, so the harness
 * knows which forwards the command asks for and in which order. It does not decide anything about
 * the outcome: ssh itself runs the command.
 */

/** Shell-like word splitting: single and double quotes, backslash escapes. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else cur += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) cur += text[++i];
      else cur += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote in command`);
  if (inWord) words.push(cur);
  return words;
}

/** A local (-L) or dynamic (-D) forward: each gets listening channels on the client. */
export interface LocalForward {
  kind: 'local' | 'dynamic';
  /** The spec as typed. */
  spec: string;
  /** Bind address as typed (`*`, an address, a name) or null for the default. */
  bind: string | null;
  /** Listen port, or null when listening on a Unix socket path. */
  port: number | null;
  /** Listen path for a Unix-socket listener. */
  path: string | null;
  /** Where the spec sits in the argument list (for rewriting the listen port), if it came from the command. */
  at?: { arg: number; prefix: string };
}

export interface ParsedCommand {
  program: string;
  /** Arguments after the program name, untouched. */
  args: string[];
  forwards: LocalForward[];
  remoteForwards: string[];
  stdio: string | null;
  jump: string | null;
  tunnel: string | null;
  destination: string | null;
  remoteCommand: string[];
  verbose: number;
  quiet: boolean;
  /** -X or -Y given: ssh asks the server for X11 forwarding on its session. */
  x11: boolean;
  /** Options given with -o, in order (`Key=value` or `Key value`). */
  options: string[];
}

/** ssh 9.2's getopt string (ssh.c main). */
const OPTSTRING = '1246ab:c:e:fgi:kl:m:no:p:qstvxAB:CD:E:F:GI:J:KL:MNO:PQ:R:S:TVw:W:XYy';
const WITH_ARG = new Set<string>();
const NO_ARG = new Set<string>();
for (let i = 0; i < OPTSTRING.length; i++) {
  const c = OPTSTRING[i] as string;
  if (c === ':') continue;
  if (OPTSTRING[i + 1] === ':') WITH_ARG.add(c);
  else NO_ARG.add(c);
}

/** Splits `a:b:c` on colons outside square brackets (ssh's hpdelim). */
export function splitFwd(spec: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of spec) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === ':' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.replace(/^\[(.*)\]$/, '$1'));
}

function parsePort(s: string): number | null {
  return /^\d+$/.test(s) ? Number(s) : null;
}

/** Parses the listening side of a -L or -D spec. */
export function parseLocalForward(kind: 'local' | 'dynamic', spec: string): LocalForward {
  const parts = splitFwd(spec);
  const first = parts[0] ?? '';
  if (first.includes('/') && !/^\d+$/.test(first)) return { kind, spec, bind: null, port: null, path: first };
  // -D: [bind:]port ; -L: [bind:]port:host:hostport or [bind:]port:/path
  let listen: string[];
  if (kind === 'dynamic') listen = parts;
  else {
    const targetIsPath = (parts[parts.length - 1] ?? '').startsWith('/');
    listen = targetIsPath ? parts.slice(0, -1) : parts.slice(0, -2);
  }
  if (listen.length === 1) return { kind, spec, bind: null, port: parsePort(listen[0] ?? ''), path: null };
  return { kind, spec, bind: listen[0] ?? null, port: parsePort(listen[1] ?? ''), path: null };
}

/** Parses an ssh command as ssh(1) does (BSD getopt, options also accepted after the destination). */
export function parseSshCommand(command: string): ParsedCommand {
  const words = shellWords(command);
  const program = words[0] ?? '';
  const args = words.slice(1);
  const out: ParsedCommand = {
    program,
    args,
    forwards: [],
    remoteForwards: [],
    stdio: null,
    jump: null,
    tunnel: null,
    destination: null,
    remoteCommand: [],
    verbose: 0,
    quiet: false,
    x11: false,
    options: [],
  };
  let i = 0;
  while (i < args.length) {
    const a = args[i] as string;
    if (a === '--') {
      i++;
      if (out.destination === null && i < args.length) out.destination = args[i++] as string;
      out.remoteCommand = args.slice(i);
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      let j = 1;
      while (j < a.length) {
        const c = a[j] as string;
        if (WITH_ARG.has(c)) {
          let val: string;
          let at: { arg: number; prefix: string };
          if (j + 1 < a.length) {
            val = a.slice(j + 1);
            at = { arg: i, prefix: a.slice(0, j + 1) };
          } else {
            i++;
            val = args[i] ?? '';
            at = { arg: i, prefix: '' };
          }
          applyOpt(out, c, val);
          const last = out.forwards[out.forwards.length - 1];
          if ((c === 'L' || c === 'D') && last) last.at = at;
          break;
        } else if (NO_ARG.has(c)) {
          if (c === 'v') out.verbose++;
          if (c === 'q') out.quiet = true;
          if (c === 'X' || c === 'Y') out.x11 = true;
          if (c === 'x') out.x11 = false;
          j++;
        } else throw new Error(`unknown ssh option -${c}`);
      }
      i++;
      continue;
    }
    if (out.destination === null) {
      out.destination = a;
      i++;
      continue;
    }
    out.remoteCommand = args.slice(i);
    break;
  }
  return out;
}

function applyOpt(out: ParsedCommand, c: string, val: string): void {
  switch (c) {
    case 'L':
      out.forwards.push(parseLocalForward('local', val));
      break;
    case 'D':
      out.forwards.push(parseLocalForward('dynamic', val));
      break;
    case 'R':
      out.remoteForwards.push(val);
      break;
    case 'W':
      out.stdio = val;
      break;
    case 'J':
      out.jump = val;
      break;
    case 'w':
      out.tunnel = val;
      break;
    case 'o':
      out.options.push(val);
      break;
    default:
      break;
  }
}

/** The spec with its listen port replaced (bind address and target unchanged). */
export function withListenPort(f: LocalForward, port: number): string {
  if (f.port === null) return f.spec;
  if (f.bind === null) return f.spec.replace(/^\d+/, String(port));
  const from = f.spec.startsWith('[') ? f.spec.indexOf(']') : 0;
  const i = f.spec.indexOf(`:${f.port}`, from);
  return `${f.spec.slice(0, i)}:${port}${f.spec.slice(i + 1 + String(f.port).length)}`;
}

/** Parses `user@host:port`, `host`, `ssh://user@host:port` (a -J element). */
export function parseJumpSpec(spec: string): { user: string | null; host: string; port: number | null } {
  let s = spec.replace(/^ssh:\/\//, '');
  let user: string | null = null;
  const at = s.lastIndexOf('@');
  if (at >= 0) {
    user = s.slice(0, at);
    s = s.slice(at + 1);
  }
  let port: number | null = null;
  const m = /^\[(.*)\](?::(\d+))?$/.exec(s) ?? /^([^:]*)(?::(\d+))?$/.exec(s);
  if (m) {
    s = m[1] ?? s;
    port = m[2] ? Number(m[2]) : null;
  }
  return { user, host: s, port };
}
