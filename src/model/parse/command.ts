/**
 * The ssh command line, parsed as a POSIX shell splits it and as ssh(1) (OpenSSH 9.2, ssh.c and
 * readconf.c) reads the words: BSD getopt without permutation, re-run after the destination, so
 * `ssh host -L …` works but options after the first word of a remote command do not;
 * parse_forward() for -L/-R/-D/-W; the first value of an option wins, except the flags that
 * overwrite (-4/-6, -g, -q/-v, -X/-Y/-x, -A/-a, -M, -S).
 *
 * Split like jsonc-parser's scanner and parser: ./shell-words.ts is the scanner (shell words with
 * their spans), ./getopt.ts ssh's option walk, ./forward-spec.ts the -L/-R/-D/-W/-J/-w specs,
 * ./client-options.ts the -o keywords (shared with ~/.ssh/config), and this module assembles the
 * command: the wrappers and prompt in front, the program, autossh's rewrite, what each option
 * does, the destination and the remote command. `readSshCommand` also returns every word it read
 * with its span and meaning, which the explainer walks.
 */
import type { Diagnostic, DiagnosticCode, ParseResult, Severity } from '../diagnostics.ts';
import { badStdioForwarding } from '../messages.ts';
import {
  addForward,
  applyClientOption,
  type ClientState,
  type ControlMaster,
  classifyClientKeyword,
  clientKeywordName,
  emptyClientState,
  LOG_LEVELS,
} from './client-options.ts';
import { a2port, argvSplit, asciiLower, capInput, DiagList, LineIndex, q, splitKeyword } from './common.ts';
import { type Forward, forwardWarnings, parseForwardRaw, parseForwardSpec, parseSshUri, parseTunDevice, validJump } from './forward-spec.ts';
import { type AutosshWord, autosshToSsh } from './autossh.ts';
import { type GetoptEvent, getopt, SSH_OPTSTRING } from './getopt.ts';
import { shellWords, type Word, wordOffset } from './shell-words.ts';

export {
  addForward,
  applyClientOption,
  CLIENT_DEPRECATED,
  CLIENT_KEYWORDS,
  CLIENT_UNSUPPORTED,
  type ClientState,
  type ControlMaster,
  classifyClientKeyword,
  clientKeywordName,
  emptyClientState,
  type OptionContext,
} from './client-options.ts';
export {
  explainBadForward,
  type Forward,
  forwardWarnings,
  parseForwardRaw,
  parseForwardSpec,
  parseSshUri,
  parseTunDevice,
  validJump,
} from './forward-spec.ts';
export { SSH_OPTSTRING } from './getopt.ts';

export interface SshCommand {
  /** "ssh", "autossh", or the program actually typed (then nothing else is parsed). */
  program: string;
  /** As typed: "alice@server.example", "ssh://alice@host:2222". */
  destination: string | null;
  user: string | null;
  host: string | null;
  port: number | null;
  /** -L/-R/-D (and -o LocalForward/RemoteForward/DynamicForward) in command order. */
  forwards: Forward[];
  /** -W host:port */
  stdioForward: { host: string; port: number } | null;
  /** -J (or -o ProxyJump) as typed; a comma list is allowed. "none" disables. */
  jump: string | null;
  /** -w local[:remote]; mode from -o Tunnel (default point-to-point). */
  tunnel: { mode: 'point-to-point' | 'ethernet'; local: string; remote: string } | null;
  /** -N or -o SessionType=none. */
  noCommand: boolean;
  /** No pseudo-terminal requested: -T, -N, -W or -o RequestTTY=no. */
  noTty: boolean;
  /** Number of -t. */
  forceTty: number;
  /** -n or -f. */
  stdinNull: boolean;
  /** -f */
  background: boolean;
  /** -q */
  quiet: boolean;
  /** Number of -v. */
  verbose: number;
  /** -X untrusted, -Y trusted, -x none (last wins; -Y then -X stays trusted, as in ssh). */
  x11: 'none' | 'untrusted' | 'trusted';
  /** -A / -a / -o ForwardAgent. */
  agent: boolean;
  addressFamily: 'any' | 'inet' | 'inet6';
  gatewayPorts: boolean;
  /** -o ExitOnForwardFailure; with -W it defaults to yes. */
  exitOnForwardFailure: boolean;
  identityFiles: string[];
  configFile: string | null;
  /** -o options: keyword lower-cased → the rest of the option as typed; first wins as in ssh. */
  options: Record<string, string>;
  controlMaster: ControlMaster | null;
  controlPath: string | null;
  controlCommand: string | null;
  /** The log level the command line sets: "QUIET" (-q), "DEBUG1".."DEBUG3" (-v), or -o LogLevel. */
  logLevel: string | null;
  remoteCommand: string[];
  // ---- additions ----
  /** autossh's monitoring port (-M); its -L/-R are in `forwards` with implicit 'autossh-monitor'. */
  autossh: { monitorPort: number; echoPort: number | null } | null;
  /** -G prints the configuration, -V the version, -Q a list: ssh does not connect then. */
  mode: 'connect' | 'print-config' | 'version' | 'query';
  /** What ssh prints on stderr when it refuses this command line (it exits 255 without connecting). */
  exitLines: string[] | null;
  /** Lower-case keywords whose value the command line fixed (config files cannot change them). */
  setOnCommandLine: string[];
  /** -o ClearAllForwardings / -W default (null = not set on the command line). */
  clearAllForwardings: boolean | null;
  /** -o ProxyCommand (first wins). */
  proxyCommand: string | null;
  /** -o HostName (first wins). */
  hostName: string | null;
}

/** ssh 9.2's usage text, printed after a getopt error. */
export const SSH_USAGE: readonly string[] = [
  'usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]',
  '           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]',
  '           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]',
  '           [-i identity_file] [-J [user@]host[:port]] [-L address]',
  '           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]',
  '           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]',
  '           [-w local_tun[:remote_tun]] destination [command [argument ...]]',
];

/** Where a word the parser read sits in the text: 0-based offsets, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * One thing the parser read, in the form an explanation names it (`text`: "-N", "-L 8080:h:80",
 * "alice@server", "sudo -u bob") with its span in the pasted text and what ssh makes of it.
 */
export type CommandWord = Span & { text: string } & (
    | { kind: 'prompt' }
    | { kind: 'environment'; name: string; value: string }
    | { kind: 'wrapper'; program: string; args: string[] }
    | { kind: 'program'; program: 'ssh' | 'autossh' }
    | { kind: 'not-ssh'; program: string }
    | { kind: 'flag'; flag: string }
    | { kind: 'unknown-flag'; flag: string }
    | { kind: 'missing-argument'; flag: string }
    | { kind: 'option'; flag: string; arg: string }
    | { kind: 'forward'; flag: 'L' | 'R' | 'D'; arg: string; result: { forward: Forward } | { error: string } }
    | { kind: 'stdio-forward'; arg: string; target: { host: string; port: number } | null }
    | { kind: 'jump'; arg: string; valid: boolean }
    | { kind: 'tun-device'; arg: string; device: { local: string; remote: string } | null }
    | { kind: 'client-option'; arg: string; keyword: string; value: string }
    | { kind: 'autossh-monitor'; arg: string }
    | { kind: 'end-of-options' }
    | { kind: 'destination' }
    | { kind: 'remote-command'; words: string[] }
  );

/** parseSshCommand's result plus every word it read, in text order. */
export interface ReadCommand extends ParseResult<SshCommand> {
  words: CommandWord[];
}

const PROGRAMS = ['ssh', 'autossh', 'ssh.exe'];
/** Programs that run the next word as the command: `sudo -u bob ssh …`, `nohup ssh …`. */
const WRAPPERS: ReadonlySet<string> = new Set(['sudo', 'exec', 'nohup', 'time', 'command', 'env']);
/** sudo's options that take the next word as their value (sudo -u bob). */
const SUDO_OPTIONS_WITH_VALUE = /^-[ugpCDhRrTt]$/;
const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

function emptyCommand(program: string): SshCommand {
  return {
    program,
    destination: null,
    user: null,
    host: null,
    port: null,
    forwards: [],
    stdioForward: null,
    jump: null,
    tunnel: null,
    noCommand: false,
    noTty: false,
    forceTty: 0,
    stdinNull: false,
    background: false,
    quiet: false,
    verbose: 0,
    x11: 'none',
    agent: false,
    addressFamily: 'any',
    gatewayPorts: false,
    exitOnForwardFailure: false,
    identityFiles: [],
    configFile: null,
    options: {},
    controlMaster: null,
    controlPath: null,
    controlCommand: null,
    logLevel: null,
    remoteCommand: [],
    autossh: null,
    mode: 'connect',
    exitLines: null,
    setOnCommandLine: [],
    clearAllForwardings: null,
    proxyCommand: null,
    hostName: null,
  };
}

function spanOf(words: readonly Word[]): Span {
  const first = words[0] as Word;
  const last = words[words.length - 1] as Word;
  return { start: first.start, end: last.end };
}

/**
 * Skips what runs ssh without being ssh: VAR=value assignments and the wrappers sudo, exec,
 * nohup, time, command and env with their options. Returns the index of the program word.
 */
function skipPrefixes(words: readonly Word[], parts: CommandWord[]): number {
  let k = 0;
  while (k < words.length) {
    const w = words[k] as Word;
    if (ENV_ASSIGNMENT.test(w.value)) {
      const eq = w.value.indexOf('=');
      parts.push({ kind: 'environment', name: w.value.slice(0, eq), value: w.value.slice(eq + 1), text: w.value, start: w.start, end: w.end });
      k++;
      continue;
    }
    if (!WRAPPERS.has(w.value)) break;
    const from = k;
    k++;
    while (k < words.length && (words[k] as Word).value.startsWith('-') && (words[k] as Word).value !== '-') {
      const opt = (words[k] as Word).value;
      k++;
      if (w.value === 'sudo' && SUDO_OPTIONS_WITH_VALUE.test(opt)) k++;
    }
    const taken = words.slice(from, Math.min(k, words.length));
    const args = taken.slice(1).map((x) => x.value);
    parts.push({ kind: 'wrapper', program: w.value, args, text: taken.map((x) => x.value).join(' '), ...spanOf(taken) });
  }
  return k;
}

/** Why a program that is not ssh cannot be read here, when there is more to say. */
function notSshHint(typed: string, base: string): string {
  if (base === 'scp' || base === 'sftp' || base === 'rsync') return ` (${base} has no -L/-R/-D options)`;
  if (/(init\.d|rc\.d)\//.test(typed) || base === 'service' || base === 'systemctl') return ' (this one starts or stops the ssh server)';
  return '';
}

/** Which program the first word runs: ssh, autossh, nothing (the text starts with options) or another program. */
function identifyProgram(first: Word): { program: 'ssh' | 'autossh'; argsFrom: 0 | 1 } | { notSsh: string; base: string } {
  const base = first.value.replace(/^.*[/\\]/, '');
  if (first.value.startsWith('-')) return { program: 'ssh', argsFrom: 0 };
  if (PROGRAMS.includes(base.toLowerCase()) && !/(^|\/)(init\.d|rc\.d|sv|systemd)\//.test(first.value)) {
    return { program: base.toLowerCase() === 'autossh' ? 'autossh' : 'ssh', argsFrom: 1 };
  }
  return { notSsh: first.value, base };
}

// ---------------------------------------------------------------------------------------------
// What each option does (ssh.c main()'s switch)

/** The settings the command line has made so far; null = not set (the first value wins). */
class CommandReader {
  readonly state: ClientState = emptyClientState();
  readonly setOn = new Set<string>();
  readonly globWarned = new Set<Word>();
  readonly words: CommandWord[];
  exitLines: string[] | null = null;
  x11: boolean | null = null;
  x11Trusted: boolean | null = null;
  agent: boolean | null = null;
  af: 'any' | 'inet' | 'inet6' | null = null;
  gateway: boolean | null = null;
  logLevel: string | null = null;
  debugFlag = 0;
  controlMaster: ControlMaster | null = null;
  controlPath: string | null = null;
  requestTty: 'yes' | 'no' | 'force' | 'auto' | null = null;
  tty = 0;
  sessionType: 'none' | 'subsystem' | 'default' | null = null;
  stdinNull = false;
  fork = false;
  tunDev: { local: string; remote: string } | null = null;
  stdio: { host: string; port: number } | null = null;
  mux: string | null = null;
  jump: string | null = null;

  constructor(
    readonly cmd: SshCommand,
    readonly diags: DiagList,
    readonly index: LineIndex,
    words: CommandWord[],
  ) {
    this.words = words;
  }

  /** Reports at characters `from`..`from+len` of a word (the whole word from `from` when len is not given). */
  reportWord(w: Word, code: DiagnosticCode, msg: string, sev: Severity = 'error', from = 0, len?: number): void {
    const p = this.index.position(wordOffset(w, from));
    const endOff = len !== undefined ? wordOffset(w, Math.max(from, from + len - 1)) + 1 : w.end;
    this.diags.add(p.line, p.column, Math.max(0, endOff - wordOffset(w, from)), code, msg, sev);
  }

  /** ssh exits with these lines (only the first fatal error counts). */
  fatal(lines: string[]): void {
    if (this.exitLines === null) this.exitLines = lines;
  }

  /** The shell may expand * ? [ in an unquoted word; said once per word. */
  warnGlob(w: Word, message: string): void {
    if (!w.glob || w.synthetic || this.globWarned.has(w)) return;
    this.globWarned.add(w);
    this.reportWord(w, 'command.unquoted-glob', message, 'info');
  }
}

/** One option getopt read: `aw` is the word its argument is in (the option's own word for a flag). */
interface Opt {
  ch: string;
  w: Word;
  optarg: string | null;
  aw: Word;
  argFrom: number;
}

type OptAction = (r: CommandReader, o: Opt) => void;

const refuseArg = (r: CommandReader, o: Opt, message: string, exitLine: string): void => {
  r.reportWord(o.aw, 'command.bad-argument', message, 'error', o.argFrom);
  r.fatal([exitLine]);
};

function readForward(r: CommandReader, o: Opt): void {
  const flag = o.ch as 'L' | 'R' | 'D';
  const { aw: w, argFrom: from } = o;
  const spec = o.optarg ?? '';
  const kind = flag === 'L' ? 'local' : flag === 'R' ? 'remote' : 'dynamic';
  if (spec.includes('${')) {
    const message = 'ssh expands $' + '{…} environment variables in forwarding specifications; the value is not known here and is read literally.';
    r.reportWord(w, 'command.env-in-forward', message, 'warning', from);
  }
  const res = parseForwardSpec(spec, kind, 'command');
  if ('error' in res) {
    r.reportWord(w, 'command.bad-forward', `ssh rejects this: "Bad ${kind} forwarding specification '${spec}'" — ${res.error}.`, 'error', from);
    r.fatal([`Bad ${kind} forwarding specification '${spec}'`]);
    return;
  }
  const fwd = res.forward;
  if (w.synthetic === 'autossh-monitor' && !w.value.startsWith('-')) fwd.implicit = 'autossh-monitor';
  for (const warn of forwardWarnings(fwd)) {
    const at = fwd.connectHost ? spec.indexOf(fwd.connectHost) : -1;
    if (warn.code === 'command.user-in-forward' && fwd.connectHost && at !== -1) {
      r.reportWord(w, warn.code, warn.message, 'warning', from + at, fwd.connectHost.length);
    } else if (warn.code === 'command.leading-zero-address' && fwd.connectHost) {
      r.reportWord(w, warn.code, warn.message, 'warning', at !== -1 ? from + at : from, fwd.connectHost.length);
    } else {
      r.reportWord(w, warn.code, warn.message, 'warning', from);
    }
  }
  addForward(r.state, fwd);
}

/** -o Keyword=value: checked as ssh's command-line "line 0" and applied like a config line. */
function readClientOption(r: CommandReader, o: Opt): void {
  const { aw: w, argFrom: from } = o;
  const split = splitKeyword(o.optarg ?? '');
  if (!split) {
    r.reportWord(w, 'command.bad-option', `-o needs an option such as -o ExitOnForwardFailure=yes.`, 'error', from);
    r.fatal(['command-line line 0: no argument after keyword ""']);
    return;
  }
  const typed = split.keyword.value;
  const keyword = asciiLower(typed);
  if (split.rest === null) {
    r.reportWord(w, 'command.bad-option', `-o ${typed} has no value; write -o ${typed}=value.`, 'error', from);
    r.fatal([`command-line line 0: no argument after keyword "${keyword}"`]);
    return;
  }
  if (!clientOptionAllowed(r, o, keyword, split.keyword)) return;
  const argv = argvSplit(split.rest, split.restStart, true);
  if (argv.error) {
    r.reportWord(w, 'command.bad-option', `The quotes in -o ${typed} are not balanced.`, 'error', from);
    r.fatal(['command-line line 0: invalid quotes']);
    return;
  }
  if (!(keyword in r.cmd.options)) r.cmd.options[keyword] = split.rest;
  const ok = applyClientOption(r.state, keyword, split.keyword, argv.args, split.rest, {
    active: true,
    origin: 'command',
    report: (code, message, severity, offset, length) => r.reportWord(w, `command.${code}`, message, severity, from + offset, length),
  });
  if (!ok) {
    r.fatal([`command-line line 0: ${keyword} value rejected`]);
    return;
  }
  r.setOn.add(keyword);
  syncFlagsFromOption(r, keyword);
}

/** Whether ssh takes this keyword on the command line: known (or ignored), and not Host/Match/Include. */
function clientOptionAllowed(r: CommandReader, o: Opt, keyword: string, kw: { value: string; start: number; end: number }): boolean {
  const { aw: w, argFrom: from } = o;
  const cls = classifyClientKeyword(keyword, r.state.ignoreUnknown);
  if (cls === 'unknown') {
    const message = `ssh does not know the option ${q(kw.value)} and refuses to run ("command-line: line 0: Bad configuration option: ${keyword}").`;
    r.reportWord(w, 'command.unknown-option', message, 'error', from + kw.start, kw.end - kw.start);
    r.fatal([`command-line: line 0: Bad configuration option: ${keyword}`]);
    return false;
  }
  if (keyword === 'host' || keyword === 'match' || keyword === 'include') {
    const nm = keyword === 'include' ? 'Include' : 'Host';
    r.reportWord(w, 'command.bad-option', `${clientKeywordName(keyword)} cannot be given with -o; it belongs in a config file.`, 'error', from);
    r.fatal([`${nm} directive not supported as a command-line option`]);
    return false;
  }
  if (cls === 'unsupported') r.reportWord(w, 'command.unsupported-option', `ssh no longer supports ${kw.value} and ignores it.`, 'warning', from);
  return true;
}

/** The -o keywords whose value the flags below also set: the first of -o and the flag wins. */
function syncFlagsFromOption(r: CommandReader, keyword: string): void {
  const st = r.state;
  if (keyword === 'addressfamily' && r.af === null && st.addressFamily !== null) r.af = st.addressFamily;
  if (keyword === 'gatewayports' && r.gateway === null && st.gatewayPorts !== null) r.gateway = st.gatewayPorts;
  if (keyword === 'loglevel' && r.logLevel === null && st.logLevel !== null) r.logLevel = st.logLevel;
  if (keyword === 'controlmaster' && r.controlMaster === null && st.controlMaster !== null) r.controlMaster = st.controlMaster;
  if (keyword === 'controlpath' && r.controlPath === null && st.controlPath !== null) r.controlPath = st.controlPath;
  if (keyword === 'forwardagent' && r.agent === null && st.forwardAgent !== null) r.agent = st.forwardAgent;
  if (keyword === 'forwardx11' && r.x11 === null && st.forwardX11 !== null) r.x11 = st.forwardX11;
  if (keyword === 'forwardx11trusted' && r.x11Trusted === null && st.forwardX11Trusted !== null) r.x11Trusted = st.forwardX11Trusted;
  if (keyword === 'requesttty' && r.requestTty === null && st.requestTty !== null) r.requestTty = st.requestTty;
  if (keyword === 'sessiontype' && r.sessionType === null && st.sessionType !== null) r.sessionType = st.sessionType;
  if (keyword === 'proxyjump' && st.proxyJump !== null) r.jump = st.proxyJump;
  if (keyword === 'tunneldevice' && r.tunDev === null && st.tunnelDevice !== null) r.tunDev = st.tunnelDevice;
  if (keyword === 'stdinnull' && st.stdinNull) r.stdinNull = true;
  if (keyword === 'forkafterauthentication' && st.forkAfterAuthentication) r.fork = true;
}

/** -O ctl_cmd: one multiplexing command, not with -W. */
function readControlCommand(r: CommandReader, o: Opt): void {
  const v = o.optarg ?? '';
  if (r.stdio) refuseArg(r, o, '-O cannot be combined with -W.', 'Cannot specify multiplexing command with -W');
  else if (r.mux !== null) refuseArg(r, o, 'Only one -O command can be given.', 'Multiplexing command already specified');
  else if (!['check', 'forward', 'exit', 'stop', 'cancel', 'proxy'].includes(v))
    refuseArg(r, o, `-O takes check, forward, cancel, exit, stop or proxy, not ${q(v)}.`, 'Invalid multiplex command.');
  else r.mux = v;
}

/** -J: one jump list, not with ProxyCommand, each hop [user@]host[:port]. */
function readJump(r: CommandReader, o: Opt): void {
  const arg = o.optarg ?? '';
  if (r.jump !== null) {
    const message = 'Only one -J can be given; list several jump hosts with commas: -J first,second.';
    refuseArg(r, o, message, 'Only a single -J option is permitted (use commas to separate multiple jump hops)');
  } else if (r.state.proxyCommand !== null) {
    refuseArg(r, o, '-J cannot be combined with a ProxyCommand.', 'Cannot specify -J with ProxyCommand');
  } else if (!validJump(arg)) {
    refuseArg(r, o, `Invalid -J argument ${q(arg)}: write [user@]host[:port], several separated by commas.`, 'Invalid -J argument');
  } else {
    r.jump = o.optarg;
    r.state.proxyJump = o.optarg;
    r.setOn.add('proxyjump');
  }
}

/** -v: the first raises the log level to DEBUG1, each further one a step (up to DEBUG3). */
function readVerbose(r: CommandReader): void {
  r.cmd.verbose++;
  if (r.debugFlag === 0) {
    r.debugFlag = 1;
    r.logLevel = 'DEBUG1';
  } else if (r.logLevel === 'DEBUG1' || r.logLevel === 'DEBUG2') {
    r.logLevel = r.logLevel === 'DEBUG1' ? 'DEBUG2' : 'DEBUG3';
  } else if (r.logLevel !== null && ['QUIET', 'FATAL', 'ERROR', 'INFO', 'VERBOSE'].includes(r.logLevel)) {
    r.logLevel = LOG_LEVELS[LOG_LEVELS.indexOf(r.logLevel) + 1] ?? r.logLevel;
    if (r.logLevel === 'DEBUG') r.logLevel = 'DEBUG1';
  }
  r.setOn.add('loglevel');
}

/** -w local_tun[:remote_tun]; it also sets Tunnel to its default (point-to-point) unless already set. */
function readTunDevice(r: CommandReader, o: Opt): void {
  const dev = parseTunDevice(o.optarg ?? '');
  if (!dev) {
    const message = `Bad tun device ${q(o.optarg ?? '')}: -w takes local_tun[:remote_tun], each a number or "any".`;
    refuseArg(r, o, message, `Bad tun device '${o.optarg ?? ''}'`);
    return;
  }
  r.tunDev = dev;
  if (r.state.tunnel === null) r.state.tunnel = 'point-to-point';
  r.setOn.add('tunneldevice');
}

/** -W host:port: one stdio forward, not with -O; no terminal and no session command. */
function readStdioForward(r: CommandReader, o: Opt): void {
  const arg = o.optarg ?? '';
  if (r.stdio || r.mux !== null) {
    if (r.stdio) refuseArg(r, o, 'Only one -W can be given.', 'stdio forward already specified');
    else refuseArg(r, o, '-W cannot be combined with -O.', 'Cannot specify stdio forward with -O');
    return;
  }
  const raw = parseForwardRaw(arg, true, false);
  if (!raw) {
    const message = `ssh rejects this: "${badStdioForwarding(arg)}" — -W takes host:port, e.g. -W db.internal:5432.`;
    r.reportWord(o.aw, 'command.bad-stdio-forward', message, 'error', o.argFrom);
    r.fatal([badStdioForwarding(arg)]);
    return;
  }
  if (raw.listenHost === null) {
    r.reportWord(o.aw, 'command.bad-stdio-forward', `-W ${q(arg)} names no host; write -W host:port.`, 'error', o.argFrom);
    return;
  }
  r.stdio = { host: raw.listenHost, port: raw.listenPort };
  r.requestTty = 'no';
  r.sessionType = 'none';
}

function readEscapeChar(r: CommandReader, o: Opt): void {
  const v = o.optarg ?? '';
  const okEsc = (v[0] === '^' && v.length === 2 && v.charCodeAt(1) >= 64 && v.charCodeAt(1) < 128) || v.length === 1 || v === 'none';
  if (!okEsc) refuseArg(r, o, `Bad escape character ${q(v)}: -e takes one character, ^X, or none.`, `Bad escape character '${v}'.`);
}

/** -p port: the first port wins (also over the destination's). */
function readPort(r: CommandReader, o: Opt): void {
  if (r.state.port !== null) return;
  const p = a2port(o.optarg ?? '');
  if (p <= 0) {
    const message = `Bad port ${q(o.optarg ?? '')}: -p takes a number from 1 to 65535 (or a service name such as ssh).`;
    r.reportWord(o.aw, 'command.bad-port', message, 'error', o.argFrom);
    r.fatal([`Bad port '${o.optarg ?? ''}'`]);
    return;
  }
  r.state.port = p;
  r.setOn.add('port');
}

/** -N and -s set the session type; each refuses the other (and a SessionType that disagrees). */
function readSessionFlag(r: CommandReader, o: Opt): void {
  const want = o.ch === 'N' ? 'none' : 'subsystem';
  if (r.sessionType !== null && r.sessionType !== want) {
    const message = o.ch === 'N' ? '-N cannot be combined with -s or SessionType.' : '-s cannot be combined with -N or SessionType.';
    r.reportWord(o.w, 'command.bad-argument', message, 'error');
    r.fatal([o.ch === 'N' ? 'Cannot specify -N with -s/SessionType' : 'Cannot specify -s with -N/SessionType']);
  }
  r.sessionType = want;
  if (o.ch === 'N') {
    r.requestTty = 'no';
    r.cmd.noCommand = true;
  }
}

const setAddressFamily =
  (af: 'inet' | 'inet6'): OptAction =>
  (r) => {
    r.af = af;
    r.setOn.add('addressfamily');
  };
const ignored: OptAction = () => undefined;

/** ssh.c main()'s switch: what each option letter does. Letters not listed are accepted and ignored. */
const OPT_ACTIONS: Record<string, OptAction> = {
  '1': (r, o) => {
    r.reportWord(o.w, 'command.protocol-1', 'ssh no longer supports protocol version 1 (-1) and exits.', 'error');
    r.fatal(['SSH protocol v.1 is no longer supported']);
  },
  '4': setAddressFamily('inet'),
  '6': setAddressFamily('inet6'),
  n: (r) => {
    r.stdinNull = true;
  },
  f: (r) => {
    r.fork = true;
    r.stdinNull = true;
  },
  x: (r) => {
    r.x11 = false;
  },
  X: (r) => {
    r.x11 = true;
  },
  Y: (r) => {
    r.x11 = true;
    r.x11Trusted = true;
  },
  g: (r) => {
    r.gateway = true;
    r.setOn.add('gatewayports');
  },
  G: (r) => {
    r.cmd.mode = 'print-config';
  },
  V: (r) => {
    if (r.cmd.mode === 'connect') r.cmd.mode = 'version';
  },
  Q: (r) => {
    if (r.cmd.mode === 'connect') r.cmd.mode = 'query';
  },
  O: readControlCommand,
  a: (r) => {
    r.agent = false;
  },
  A: (r) => {
    r.agent = true;
  },
  i: (r, o) => {
    if (o.optarg !== null) r.state.identityFiles.push(o.optarg);
  },
  J: readJump,
  t: (r) => {
    r.tty++;
  },
  v: readVerbose,
  w: readTunDevice,
  W: readStdioForward,
  q: (r) => {
    r.logLevel = 'QUIET';
    r.cmd.quiet = true;
    r.setOn.add('loglevel');
  },
  e: readEscapeChar,
  M: (r) => {
    r.controlMaster = r.controlMaster === 'yes' ? 'ask' : 'yes';
    r.setOn.add('controlmaster');
  },
  p: readPort,
  l: (r, o) => {
    if (r.state.user !== null) return;
    r.state.user = o.optarg;
    r.setOn.add('user');
  },
  L: readForward,
  R: readForward,
  D: readForward,
  N: readSessionFlag,
  s: readSessionFlag,
  T: (r) => {
    r.requestTty = 'no';
  },
  o: readClientOption,
  S: (r, o) => {
    r.controlPath = o.optarg;
    r.setOn.add('controlpath');
  },
  F: (r, o) => {
    r.cmd.configFile = o.optarg;
  },
  2: ignored,
};

// ---------------------------------------------------------------------------------------------
// The words the parser read, for the explainer

/** The span of the option character at `at` (with its '-' when it opens the word). */
function optionStart(w: Word, at: number): number {
  return w.synthetic || at === 1 ? w.start : wordOffset(w, at);
}

/** What an option with an argument means, read with the same functions ssh's rules use. */
function optionMeaning(ch: string, arg: string, span: Span & { text: string }): CommandWord {
  if (ch === 'L' || ch === 'R' || ch === 'D') {
    const kind = ch === 'L' ? 'local' : ch === 'R' ? 'remote' : 'dynamic';
    return { kind: 'forward', flag: ch, arg, result: parseForwardSpec(arg, kind), ...span };
  }
  if (ch === 'W') {
    const raw = parseForwardRaw(arg, true, false);
    const target = raw && raw.listenHost !== null ? { host: raw.listenHost, port: raw.listenPort } : null;
    return { kind: 'stdio-forward', arg, target, ...span };
  }
  if (ch === 'J') return { kind: 'jump', arg, valid: validJump(arg), ...span };
  if (ch === 'w') return { kind: 'tun-device', arg, device: parseTunDevice(arg), ...span };
  if (ch === 'o') {
    const split = splitKeyword(arg);
    return { kind: 'client-option', arg, keyword: split?.keyword.value ?? arg, value: split?.rest ?? '', ...span };
  }
  return { kind: 'option', flag: ch, arg, ...span };
}

/** Records what getopt read, unless autossh made the word up (its monitoring forwards). */
function recordOption(words: CommandWord[], e: GetoptEvent): void {
  if (e.word.synthetic === 'autossh-monitor') return;
  if (e.kind === 'end-of-options') {
    words.push({ kind: 'end-of-options', text: '--', start: e.word.start, end: e.word.end });
    return;
  }
  const start = optionStart(e.word, e.at);
  const charEnd = e.word.synthetic ? e.word.end : wordOffset(e.word, e.at) + 1;
  const text = `-${e.ch}`;
  if (e.kind === 'flag') words.push({ kind: 'flag', flag: e.ch, text, start, end: charEnd });
  else if (e.kind === 'unknown-option') words.push({ kind: 'unknown-flag', flag: e.ch, text, start, end: charEnd });
  else if (e.kind === 'missing-argument') words.push({ kind: 'missing-argument', flag: e.ch, text, start, end: charEnd });
  else words.push(optionMeaning(e.ch, e.optarg, { text: `${text} ${e.argFrom === 0 ? (e.argWord.typed ?? e.optarg) : e.optarg}`, start, end: e.argWord.end }));
}

// ---------------------------------------------------------------------------------------------
// The walk: options, destination, options again, remote command

const MISSING_ARG_EXAMPLE: Record<string, string> = { L: ', e.g. -L 8080:localhost:80', D: ', e.g. -D 1080', R: ', e.g. -R 9000:localhost:22' };

/** Reports what getopt found wrong, or hands the option to its action. */
function onGetopt(r: CommandReader, e: GetoptEvent): void {
  recordOption(r.words, e);
  if (e.kind === 'end-of-options') return;
  const { ch, word: w, at } = e;
  if (e.kind === 'unknown-option') {
    r.reportWord(w, 'command.unknown-option', `ssh has no option -${ch} ("unknown option -- ${ch}") and exits with its usage text.`, 'error', at, 1);
    r.fatal([`unknown option -- ${ch}`, ...SSH_USAGE]);
    return;
  }
  if (e.kind === 'missing-argument') {
    const message = `-${ch} needs a value after it (ssh: "option requires an argument -- ${ch}")${MISSING_ARG_EXAMPLE[ch] ?? ''}.`;
    r.reportWord(w, 'command.missing-argument', message, 'error', at, 1);
    r.fatal([`option requires an argument -- ${ch}`, ...SSH_USAGE]);
    return;
  }
  const opt: Opt = e.kind === 'flag' ? { ch, w, optarg: null, aw: w, argFrom: at } : { ch, w, optarg: e.optarg, aw: e.argWord, argFrom: e.argFrom };
  if (e.kind === 'argument' && e.argWord !== w) {
    const message = `The shell may replace ${q(e.argWord.value)} with matching file names because of * ? or [ ]; quote it ('${e.argWord.value}') to be safe.`;
    r.warnGlob(e.argWord, message);
  }
  const action = Object.hasOwn(OPT_ACTIONS, ch) ? OPT_ACTIONS[ch] : undefined;
  action?.(r, opt);
}

/** The destination: user@host, ssh://[user@]host[:port] or a host; the user and port count only if not set yet. */
function readDestination(r: CommandReader, hw: Word): void {
  const { cmd, state } = r;
  const dest = hw.value;
  cmd.destination = dest;
  r.words.push({ kind: 'destination', text: hw.typed ?? dest, start: hw.start, end: hw.end });
  const uri = parseSshUri(dest);
  if (uri === 'invalid') {
    r.reportWord(hw, 'command.bad-destination', `${q(dest)} is not a valid ssh:// address; write ssh://[user@]host[:port].`, 'error');
    r.fatal([...SSH_USAGE]);
  } else if (uri !== null) {
    if (state.user === null && uri.user !== null) state.user = uri.user;
    if (state.port === null && uri.port !== null) state.port = uri.port;
    cmd.host = uri.host;
  } else {
    readUserAtHost(r, hw);
  }
  r.warnGlob(hw, `The shell may replace ${q(hw.value)} with matching file names because of * ? or [ ]; quote it to be safe.`);
}

function readUserAtHost(r: CommandReader, hw: Word): void {
  const { cmd, state } = r;
  const dest = hw.value;
  const at = dest.lastIndexOf('@');
  if (at === 0) {
    r.reportWord(hw, 'command.bad-destination', `${q(dest)} has nothing before the @; write user@host.`, 'error');
    r.fatal([...SSH_USAGE]);
    cmd.host = dest.slice(1);
  } else if (at > 0) {
    if (state.user === null) state.user = dest.slice(0, at);
    cmd.host = dest.slice(at + 1);
  } else {
    cmd.host = dest;
  }
  if (cmd.host === '') {
    r.reportWord(hw, 'command.empty-host', `${q(dest)} names no host after the @, so ssh cannot connect ("Could not resolve hostname").`, 'error');
  } else if (/^\[[A-Za-z][\w -]*\]$/.test(cmd.host) || /^<.*>$/.test(cmd.host)) {
    r.reportWord(hw, 'command.placeholder', `${q(cmd.host)} looks like a placeholder copied from documentation; write the real server name.`, 'warning');
  }
}

/** getopt, the destination, getopt again (ssh.c "goto again"); returns the remote command's words. */
function readArguments(r: CommandReader, args: Word[], src: string): Word[] {
  const visit = (e: GetoptEvent): void => onGetopt(r, e);
  let { next, terminated } = getopt(args, 0, SSH_OPTSTRING, visit);
  let rest: Word[] = [];
  if (next < args.length) {
    // ssh.c takes the user and port from the destination before reading the options after it
    readDestination(r, args[next] as Word);
    next++;
    if (next < args.length && !terminated) ({ next, terminated } = getopt(args, next, SSH_OPTSTRING, visit));
    rest = args.slice(next);
  } else if (r.cmd.mode === 'connect') {
    const endPos = r.index.position(src.trimEnd().length);
    const message = 'The command names no server to connect to; add user@host at the end, e.g. ssh -N -L 8080:localhost:80 user@server.';
    r.diags.add(endPos.line, endPos.column, 0, 'command.no-destination', message, 'error');
    r.fatal([...SSH_USAGE]);
  }
  return rest;
}

/** The words after the destination's options: sent to the server as the command. */
function readRemoteCommand(r: CommandReader, rest: Word[]): void {
  r.cmd.remoteCommand = rest.map((w) => w.value);
  if (rest.length === 0) return;
  r.words.push({ kind: 'remote-command', words: r.cmd.remoteCommand, text: rest.map((w) => w.typed ?? w.value).join(' '), ...spanOf(rest) });
  const misplaced = rest.find((w) => /^-[LRDWNwJ]/.test(w.value));
  if (misplaced) {
    const message = `${q(misplaced.value)} comes after the remote command ${q(rest[0]?.value ?? '')}, so ssh sends it to the server as part of that command instead of reading it as an option. Put options before the command.`;
    r.reportWord(misplaced, 'command.option-after-command', message, 'warning');
  }
}

// ---------------------------------------------------------------------------------------------
// The result

/** Connection settings: user, port, forwards, jump, tunnel, control socket. */
function fillConnection(r: CommandReader): void {
  const { cmd, state, setOn } = r;
  cmd.user = state.user;
  cmd.port = state.port;
  cmd.forwards = state.forwards;
  cmd.stdioForward = r.stdio;
  cmd.jump = r.jump;
  cmd.proxyCommand = state.proxyCommand;
  cmd.hostName = state.hostName;
  const tunMode = state.tunnel;
  if (tunMode !== null && tunMode !== 'no') {
    const dev = r.tunDev ?? { local: 'any', remote: 'any' };
    cmd.tunnel = { mode: tunMode === 'ethernet' ? 'ethernet' : 'point-to-point', local: dev.local, remote: dev.remote };
  }
  if (tunMode !== null) setOn.add('tunnel');
  cmd.addressFamily = r.af ?? 'any';
  cmd.gatewayPorts = r.gateway ?? false;
  cmd.exitOnForwardFailure = state.exitOnForwardFailure ?? r.stdio !== null;
  cmd.clearAllForwardings = state.clearAllForwardings;
  cmd.identityFiles = state.identityFiles;
  cmd.controlMaster = r.controlMaster;
  cmd.controlPath = r.controlPath;
  cmd.controlCommand = r.mux;
}

/** Session settings: command or not, terminal, stdin, background, X11, agent, log level. */
function fillSession(r: CommandReader): void {
  const { cmd, state, setOn } = r;
  const sessionType = r.sessionType ?? state.sessionType;
  cmd.noCommand = sessionType === 'none';
  const requestTty = r.requestTty ?? state.requestTty;
  cmd.noTty = requestTty === 'no';
  cmd.forceTty = r.tty;
  cmd.stdinNull = r.stdinNull || state.stdinNull === true;
  cmd.background = cmd.background || r.fork || state.forkAfterAuthentication === true;
  cmd.x11 = r.x11 ? (r.x11Trusted ? 'trusted' : 'untrusted') : 'none';
  if (r.x11 !== null) setOn.add('forwardx11');
  if (r.x11Trusted !== null) setOn.add('forwardx11trusted');
  cmd.agent = r.agent ?? false;
  if (r.agent !== null) setOn.add('forwardagent');
  cmd.logLevel = r.logLevel;
}

function noConnectNote(cmd: SshCommand, diags: DiagList): void {
  if (cmd.mode === 'print-config') {
    diags.add(1, 1, 0, 'command.no-connect', 'With -G ssh only prints its configuration and does not connect.', 'info');
  } else if (cmd.mode === 'version' || cmd.mode === 'query') {
    diags.add(1, 1, 0, 'command.no-connect', `With ${cmd.mode === 'version' ? '-V' : '-Q'} ssh prints information and exits without connecting.`, 'info');
  }
}

function sortDiagnostics(d: Diagnostic[]): Diagnostic[] {
  return d
    .map((x, i) => ({ x, i }))
    .sort((a, b) => a.x.line - b.x.line || a.x.column - b.x.column || a.i - b.i)
    .map((e) => e.x);
}

function sortWords(words: CommandWord[]): CommandWord[] {
  return words
    .map((x, i) => ({ x, i }))
    .sort((a, b) => a.x.start - b.x.start || a.i - b.i)
    .map((e) => e.x);
}

/**
 * Parses an ssh command line (ssh, /usr/bin/ssh, autossh, or just the options) as ssh 9.2 reads
 * it. Never throws.
 */
export function parseSshCommand(text: string): ParseResult<SshCommand> {
  const { value, diagnostics } = readSshCommand(text);
  return { value, diagnostics };
}

/** parseSshCommand, plus every word it read with its span and meaning (for the explainer). Never throws. */
export function readSshCommand(text: string): ReadCommand {
  const diags = new DiagList('command');
  const words: CommandWord[] = [];
  try {
    const result = readCommandText(typeof text === 'string' ? text : '', diags, words);
    return { ...result, words: sortWords(words) };
  } catch (e) {
    diags.add(1, 1, 0, 'command.internal-error', `The command could not be analysed (${e instanceof Error ? e.message : String(e)}).`, 'error');
    return { value: emptyCommand('ssh'), diagnostics: diags.finish(), words: [] };
  }
}

/** Which program the words run (after the prompt and wrappers); null after reporting that there is none or it is not ssh. */
function programWords(all: Word[], diags: DiagList, index: LineIndex, parts: CommandWord[]): { program: 'ssh' | 'autossh'; args: Word[] } | SshCommand {
  const words = all.slice(skipPrefixes(all, parts));
  if (words.length === 0) {
    diags.add(1, 1, 0, 'command.empty', 'There is no command: paste the ssh command you ran, e.g. ssh -N -L 8080:localhost:80 user@server.', 'error');
    const cmd = emptyCommand('ssh');
    cmd.exitLines = [...SSH_USAGE];
    return cmd;
  }
  const first = words[0] as Word;
  const found = identifyProgram(first);
  const p = index.position(wordOffset(first, 0));
  if ('notSsh' in found) {
    parts.push({ kind: 'not-ssh', program: first.value, text: first.value, start: first.start, end: first.end });
    const message = `${q(first.value)} is not ssh: this tool reads ssh command lines such as "ssh -N -L 8080:localhost:80 user@server"${notSshHint(first.value, found.base)}.`;
    diags.add(p.line, p.column, Math.max(0, first.end - wordOffset(first, 0)), 'command.not-ssh', message, 'error');
    return emptyCommand(first.value);
  }
  if (found.argsFrom === 0) {
    diags.add(p.line, p.column, 0, 'command.no-program', 'The command starts with an option; it is read as the arguments of ssh.', 'info');
  } else {
    parts.push({ kind: 'program', program: found.program, text: first.value, start: first.start, end: first.end });
  }
  return { program: found.program, args: words.slice(found.argsFrom) };
}

function readCommandText(input: string, diags: DiagList, parts: CommandWord[]): ParseResult<SshCommand> {
  const src = capInput(input, diags, 'command');
  const index = new LineIndex(src);
  const { words: allWords, prompt } = shellWords(src, diags, index);
  if (prompt) parts.push({ kind: 'prompt', text: prompt.text.trimEnd(), start: prompt.start, end: prompt.start + prompt.text.trimEnd().length });
  const found = programWords(allWords, diags, index, parts);
  if (!('args' in found)) return { value: found, diagnostics: diags.finish() };
  const cmd = emptyCommand(found.program);
  let args = found.args;
  if (found.program === 'autossh') {
    const autosshWords: AutosshWord[] = [];
    args = autosshToSsh(found.args, diags, index, cmd, autosshWords);
    parts.push(...autosshWords);
  }
  const r = new CommandReader(cmd, diags, index, parts);
  readRemoteCommand(r, readArguments(r, args, src));
  fillConnection(r);
  fillSession(r);
  cmd.setOnCommandLine = [...r.setOn].sort();
  cmd.exitLines = r.exitLines;
  noConnectNote(cmd, diags);
  return { value: cmd, diagnostics: sortDiagnostics(diags.finish()) };
}
