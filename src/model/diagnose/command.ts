/**
 * Finds the ssh command line inside a paste (after a shell prompt, `sudo`, in a quoted line of
 * prose, an autossh call) and flattens what ssh(1)'s own parser (src/model/parse/command.ts) reads
 * from it into the few facts the diagnoser uses: the forwards and their targets, -J/-W/-w/-X,
 * multiplexing, the destination. This file does no parsing of its own beyond locating the command
 * and keeping prose out; it never throws.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { isLoopback } from '../net.ts';
import { lookupHosts, parseHosts } from '../parse/hosts.ts';
import { DEFAULT_SERVER_HOSTS } from '../resolve.ts';
import { parseForwardSpec, parseSshCommand, type Forward, type SshCommand as ParsedCommand } from '../parse/command.ts';

/** One -L/-R/-D forward (or LocalForward/RemoteForward line), as the diagnoser uses it. */
export interface ForwardSpec {
  kind: 'L' | 'R' | 'D';
  /** The spec as written (a config line's two values joined with ':'). */
  spec: string;
  bind: string | null;
  listenPort: number | null;
  listenPath: string | null;
  /** Host the server connects to (-L) or the client connects to (-R); null for -D, a dynamic -R and path targets. */
  host: string | null;
  port: number | null;
  /** Unix socket path on the far side. */
  path: string | null;
  /** Added by autossh's -M monitoring port rather than typed. */
  implied?: boolean;
  /** ssh refuses this spec ("Bad local forwarding specification"); only `kind` and `spec` are set. */
  refused?: boolean;
}

/** The command line found in a paste, reduced to what the diagnoser reads. */
export interface SshCommand {
  program: 'ssh' | 'autossh';
  /** The command as found (from the program name to the end of the line or its closing quote, trimmed). */
  text: string;
  /** 0-based column where it starts in its line. */
  offset: number;
  user: string | null;
  /** The host part of the destination (no user, no ssh:// or port). */
  destination: string | null;
  port: number | null;
  /** Typed forwards in command order, then autossh's monitoring forwards. */
  forwards: ForwardSpec[];
  jump: string | null;
  /** -W as host:port ([host]:port for an IPv6 address). */
  stdio: string | null;
  /** -w (or -o Tunnel) as local[:remote]. */
  tunnel: string | null;
  x11: boolean;
  noCommand: boolean;
  multiplexing: boolean;
  /** -L/-R/-D given without an argument (the spec was lost in the paste). */
  emptyForward: boolean;
}

const KIND = { local: 'L', remote: 'R', dynamic: 'D' } as const;

function toForwardSpec(f: Forward): ForwardSpec {
  const out: ForwardSpec = {
    kind: KIND[f.kind],
    spec: f.spec,
    bind: f.bindAddress,
    listenPort: f.listenPort,
    listenPath: f.listenPath,
    host: f.connectHost,
    port: f.connectPort,
    path: f.connectPath,
  };
  if (f.implicit) out.implied = true;
  return out;
}

/** A LocalForward/RemoteForward line of an ssh config ("port host:port"); null when ssh rejects it. */
export function configForwardSpec(kind: 'L' | 'R', listen: string, target: string): ForwardSpec | null {
  const res = parseForwardSpec(`${listen}:${target}`, kind === 'L' ? 'local' : 'remote', 'config');
  return 'forward' in res ? toForwardSpec(res.forward) : null;
}

const PROGRAM = /(^|[\s$#>`('"])(autossh|ssh)(?=\s)/g;
const CLOSER: Record<string, string> = { '`': '`', "'": "'", '"': '"', '(': ')' };
/** Places in one line where a command may start; prose that mentions ssh is tried and skipped. */
const MAX_CANDIDATES = 8;

interface Candidate {
  at: number;
  /** Where a quote (or parenthesis) opened just before the program name closes, else the line end. */
  end: number;
  program: 'ssh' | 'autossh';
}

function* candidates(line: string): Generator<Candidate> {
  PROGRAM.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let k = 0; k < MAX_CANDIDATES && (m = PROGRAM.exec(line)) !== null; k++) {
    const at = m.index + m[1]!.length;
    const closer = CLOSER[m[1]!];
    const close = closer === undefined ? -1 : line.indexOf(closer, at);
    yield { at, end: close < 0 ? line.length : close, program: m[2] as 'ssh' | 'autossh' };
    PROGRAM.lastIndex = at + m[2]!.length;
  }
}

function flatten(
  p: ParsedCommand,
): Pick<SshCommand, 'user' | 'destination' | 'port' | 'forwards' | 'jump' | 'stdio' | 'tunnel' | 'x11' | 'noCommand' | 'multiplexing'> {
  const stdio = p.stdioForward;
  const tun = p.tunnel;
  return {
    user: p.user,
    destination: p.host,
    port: p.port,
    forwards: [...p.forwards.filter((f) => !f.implicit), ...p.forwards.filter((f) => f.implicit)].map(toForwardSpec),
    jump: p.jump,
    stdio: stdio ? (stdio.host.includes(':') ? `[${stdio.host}]:${stdio.port}` : `${stdio.host}:${stdio.port}`) : null,
    tunnel: tun ? (tun.remote === 'any' ? tun.local : `${tun.local}:${tun.remote}`) : null,
    x11: p.x11 !== 'none',
    // -W also turns the session off; the diagnoser means a typed -N (or SessionType=none) here
    noCommand: p.noCommand && stdio === null,
    multiplexing: p.controlMaster !== null || p.controlPath !== null || p.controlCommand !== null || 'controlpersist' in p.options,
  };
}

/** Characters the full parse may still read (shared across the lines of one paste). */
export interface ParseBudget {
  chars: number;
}

/**
 * Reads an ssh/autossh command out of one line; null when the line does not look like one. With a
 * budget, each full parse spends the length of its text, and nothing is parsed once it is spent.
 */
export function extractCommand(line: string, budget?: ParseBudget): SshCommand | null {
  if (line.length > 4000) return null;
  for (const c of candidates(line)) {
    const cmd = readCandidate(line, c, budget);
    if (cmd) return cmd;
  }
  return null;
}

/** What ssh refused on the command line but the paste still tells: kept as typed, for the rebuilt command. */
interface Refused {
  forwards: ForwardSpec[];
  stdio: string | null;
  tunnel: string | null;
  jump: string | null;
  /** -L/-R/-D whose spec went missing (-L at the end, or followed by the next option). */
  emptyForward: boolean;
  /** A spec with neither digits nor a path: prose ("ssh -L with a tunnel") rather than a forward. */
  bogus: boolean;
}

/** Reads the parser's complaints back onto the words they point at (`text` is one line). */
function refused(text: string, diagnostics: readonly Diagnostic[]): Refused {
  const out: Refused = { forwards: [], stdio: null, tunnel: null, jump: null, emptyForward: false, bogus: false };
  for (const d of diagnostics) {
    if (d.line !== 1 || !REFUSALS.has(d.code)) continue;
    const start = d.column - 1;
    const span = text.slice(start, start + d.length);
    if (d.code === 'command.missing-argument') {
      if (span === 'L' || span === 'R' || span === 'D') out.emptyForward = true;
      continue;
    }
    const typed = span.replace(/^(['"])(.*)\1$/, '$2');
    // the option letter the value belongs to: `-L spec` or `-Lspec`
    const flag = /-[A-Za-z0-9]*$/.exec(text.slice(Math.max(0, start - 40), start).trimEnd())?.[0].slice(-1) ?? '';
    if (d.code === 'command.bad-forward') {
      if (typed === '' || typed.startsWith('-')) out.emptyForward = true;
      else if (!/[\d/]/.test(typed)) out.bogus = true;
      else if (flag === 'L' || flag === 'R' || flag === 'D') {
        out.forwards.push({ kind: flag, spec: typed, bind: null, listenPort: null, listenPath: null, host: null, port: null, path: null, refused: true });
      }
    } else if (d.code === 'command.bad-stdio-forward' && flag === 'W') out.stdio ??= typed;
    else if (flag === 'w') out.tunnel ??= typed;
    else if (flag === 'J') out.jump ??= typed;
  }
  return out;
}

const REFUSALS = new Set(['command.missing-argument', 'command.bad-forward', 'command.bad-stdio-forward', 'command.bad-argument']);

/**
 * Whether the words after the program can pass the prose guard below: an option first, a user@host
 * first, or a destination followed by an option. Anything else ends ssh's option reading at the
 * second word (it starts the remote command), so the full parse is skipped.
 */
const PLAUSIBLE = /^[ \t]+(?:['"]?-|[^\s@]*@|\S+[ \t]+['"]?-)/;

function readCandidate(line: string, found: Candidate, budget: ParseBudget | undefined): SshCommand | null {
  const text = line.slice(found.at, found.end).trim();
  if (!PLAUSIBLE.test(text.slice(found.program.length))) return null;
  if (budget) {
    if (budget.chars <= 0) return null;
    budget.chars -= text.length;
  }
  const { value: p, diagnostics } = parseSshCommand(text);
  const r = refused(text, diagnostics);

  // Prose guard: a real command has options, or a user@host destination.
  const dest = p.destination;
  const userAtHost = dest?.includes('@');
  const looksLikeHost = dest !== null && /^[A-Za-z0-9_.@:[\]%-]+$/.test(dest) && !/[.:,]$/.test(dest);
  const forwards = p.forwards.length + r.forwards.length;
  const hasOptions =
    text.slice(found.program.length).trimStart().startsWith('-') ||
    p.setOnCommandLine.length > 0 ||
    forwards > 0 ||
    p.stdioForward !== null ||
    p.noCommand ||
    r.emptyForward ||
    r.bogus;
  if (r.bogus && forwards === 0 && !userAtHost) return null;
  if (!hasOptions && !(userAtHost && looksLikeHost)) return null;

  const cmd: SshCommand = { program: found.program, text, offset: found.at, ...flatten(p), emptyForward: r.emptyForward };
  // ssh would stop at these; the rebuilt command keeps them so the simulator stops there too
  if (r.forwards.length > 0) {
    const typed = cmd.forwards.filter((f) => !f.implied);
    cmd.forwards = [...typed, ...r.forwards, ...cmd.forwards.filter((f) => f.implied)];
  }
  cmd.stdio ??= r.stdio;
  cmd.tunnel ??= r.tunnel;
  cmd.jump ??= r.jump;
  return cmd;
}

/**
 * Names that mean the server itself: those a stock /etc/hosts (the model's default server hosts,
 * resolve.ts) maps to loopback addresses only.
 */
export function isLocalhostName(host: string): boolean {
  const addresses = lookupHosts(DEFAULT_HOSTS, host.replace(/\.$/, ''), 'any');
  return addresses.length > 0 && addresses.every(isLoopback);
}

const DEFAULT_HOSTS = parseHosts(DEFAULT_SERVER_HOSTS).value;

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
