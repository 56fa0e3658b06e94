/**
 * The client's ~/.ssh/config (ssh 9.2 readconf.c): `Keyword value` or `Keyword=value`,
 * case-insensitive keywords, Host blocks (patterns with * ? and !negation, matched
 * case-sensitively against the host as typed), Match (all, host, originalhost, user, localuser,
 * canonical, final, exec), first value wins — command line first, then the file in order.
 */
import type { ParseResult } from '../diagnostics.ts';
import { addressFamilyOf } from '../net.ts';
import {
  addForward,
  applyClientOption,
  type ClientState,
  type ControlMaster,
  classifyClientKeyword,
  clientKeywordName,
  emptyClientState,
} from './client-options.ts';
import type { SshCommand } from './command.ts';
import type { Forward } from './forward-spec.ts';
import {
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
  withGlobBudget,
  type Tok,
} from './common.ts';

/** One keyword line of the file. */
export interface SshConfigLine {
  /** Lower-case keyword, e.g. "localforward". */
  keyword: string;
  /** The keyword as written. */
  keywordText: string;
  args: string[];
  /** The text after the keyword (and '='), as written. */
  rest: string;
  line: number;
  column: number;
  /** Index in `blocks` of the Host/Match block the line belongs to (0: before any block). */
  block: number;
  /** @internal token positions */
  toks: Tok[];
  /** @internal */
  keywordTok: Tok;
  /** @internal */
  restStart: number;
}

export interface SshConfigMatchCriterion {
  kind: 'all' | 'canonical' | 'final' | 'host' | 'originalhost' | 'user' | 'localuser' | 'exec';
  negated: boolean;
  patterns: string;
}

export interface SshConfigBlock {
  /** 'global' is the part before the first Host or Match line. */
  kind: 'global' | 'host' | 'match';
  /** Host patterns as written (with '!' when negated). */
  patterns: string[];
  criteria: SshConfigMatchCriterion[];
  line: number;
  /** False when the Match line is invalid (ssh refuses the file). */
  valid: boolean;
}

export interface SshConfigFile {
  blocks: SshConfigBlock[];
  lines: SshConfigLine[];
  /** True when the file uses `Match final` (ssh then reads it twice). */
  wantsFinalPass: boolean;
}

export interface EffectiveClient {
  /** The host as typed on the command line. */
  hostArg: string;
  /** The name ssh connects to: HostName (with %h) or the host, lower-cased unless an address. */
  hostName: string;
  /** null: the local user name. */
  user: string | null;
  port: number;
  /** Command line first, then config LocalForward/RemoteForward/DynamicForward; empty with ClearAllForwardings (default with -W). */
  forwards: Forward[];
  proxyJump: string | null;
  proxyCommand: string | null;
  controlMaster: ControlMaster | null;
  controlPath: string | null;
  addressFamily: 'any' | 'inet' | 'inet6';
  gatewayPorts: boolean;
  exitOnForwardFailure: boolean;
  clearAllForwardings: boolean;
  /** INFO by default, QUIET with -q. */
  logLevel: string;
  tunnel: SshCommand['tunnel'];
  /** Lines of the Host/Match blocks that applied. */
  appliedBlocks: number[];
}

const MATCH_KINDS = ['all', 'canonical', 'final', 'host', 'originalhost', 'user', 'localuser', 'exec'] as const;

/** Parses ~/.ssh/config. Never throws; problems ssh would refuse are errors. */
export function parseSshConfig(text: string): ParseResult<SshConfigFile> {
  try {
    return parseSshConfigInner(text);
  } catch (e) {
    return {
      value: { blocks: [{ kind: 'global', patterns: [], criteria: [], line: 0, valid: true }], lines: [], wantsFinalPass: false },
      diagnostics: [
        {
          line: 1,
          column: 1,
          length: 0,
          code: 'ssh-config.internal-error',
          message: `This text could not be analysed (${e instanceof Error ? e.message : String(e)}); please report it.`,
          severity: 'error',
        },
      ],
    };
  }
}

/** What the file has built so far. */
interface ConfigReader {
  diags: DiagList;
  blocks: SshConfigBlock[];
  lines: SshConfigLine[];
  wantsFinalPass: boolean;
  ignoreUnknown: string | null;
  /** Values are checked against a state that is never used (ssh checks values in every block). */
  scratch: ClientState;
}

type KeywordLine = Exclude<ReturnType<typeof splitKeyword>, null> & { rest: string };

/** Whether ssh uses the line's keyword: unknown, unsupported and obsolete keywords are reported and skipped. */
function keywordIsUsed(r: ConfigReader, lineNo: number, sp: KeywordLine, keyword: string): boolean {
  const kcol = sp.keyword.start + 1;
  const klen = sp.keyword.end - sp.keyword.start;
  const cls = classifyClientKeyword(keyword, r.ignoreUnknown);
  if (cls === 'unknown') {
    const message = `ssh does not know ${q(sp.keyword.value)} and refuses to run with this file ("Bad configuration option: ${keyword}")${suggest(keyword)}.`;
    r.diags.add(lineNo, kcol, klen, 'ssh-config.unknown-keyword', message, 'error');
  } else if (cls === 'unsupported') {
    const message = `ssh no longer supports ${sp.keyword.value}; it prints "Unsupported option" and ignores the line.`;
    r.diags.add(lineNo, kcol, klen, 'ssh-config.unsupported-keyword', message, 'warning');
  } else if (cls === 'deprecated') {
    r.diags.add(lineNo, kcol, klen, 'ssh-config.deprecated-keyword', `${sp.keyword.value} is obsolete; ssh ignores it.`, 'info');
  }
  return cls === 'ok';
}

/** Host patterns…: a new block; an empty pattern makes ssh refuse the file; capitals are a hint. */
function readHostLine(r: ConfigReader, lineNo: number, sp: KeywordLine): void {
  const argv = argvSplit(sp.rest, sp.restStart, true);
  const empty = argv.args.find((t) => t.value === '');
  if (empty) r.diags.add(lineNo, empty.start + 1, 2, 'ssh-config.empty-pattern', 'An empty Host pattern ("") makes ssh refuse the file.', 'error');
  r.blocks.push({ kind: 'host', patterns: argv.args.map((t) => t.value), criteria: [], line: lineNo, valid: !empty });
  for (const t of argv.args) {
    const p = t.value.replace(/^!/, '');
    if (!/[A-Z]/.test(p)) continue;
    const message = `Host patterns are compared case-sensitively with the name you type: ${q(t.value)} matches "ssh ${p}" but not "ssh ${p.toLowerCase()}".`;
    r.diags.add(lineNo, t.start + 1, t.end - t.start, 'ssh-config.host-pattern-case', message, 'info');
  }
}

/** Match criteria…: a new block (Match final asks for the second pass; exec is assumed to fail). */
function readMatchBlockLine(r: ConfigReader, lineNo: number, sp: KeywordLine): void {
  const m = parseMatchLine(sp.rest, sp.restStart);
  if (m.error) r.diags.add(lineNo, m.error.offset + 1, m.error.length, 'ssh-config.bad-match', m.error.message, 'error');
  if (m.criteria.some((c) => c.kind === 'final')) r.wantsFinalPass = true;
  for (const c of m.criteria) {
    if (c.kind !== 'exec') continue;
    const message = `"Match exec" runs a command on your machine; it is assumed to fail here.`;
    r.diags.add(lineNo, sp.restStart + 1, sp.rest.length, 'ssh-config.match-exec', message, 'info');
  }
  r.blocks.push({ kind: 'match', patterns: [], criteria: m.criteria, line: lineNo, valid: !m.error });
}

/** HostName takes only %h and %%; ssh stops on any other %. */
function checkHostNamePercent(r: ConfigReader, lineNo: number, first: Tok | undefined): void {
  const hn = first?.value ?? '';
  for (let k = 0; k < hn.length; k++) {
    if (hn[k] !== '%') continue;
    const nx = hn[k + 1];
    if (nx === 'h' || nx === '%') {
      k++;
      continue;
    }
    const message = `HostName only understands %h (the name you typed) and %% (a percent sign); ssh stops on ${q(`%${nx ?? ''}`)}.`;
    r.diags.add(lineNo, (first?.start ?? 0) + k + 1, nx === undefined ? 1 : 2, 'ssh-config.bad-percent', message, 'error');
    return;
  }
}

/** Any other keyword: its value checked now (even in blocks that do not apply) and the line kept for later. */
function readOptionLine(r: ConfigReader, lineNo: number, sp: KeywordLine, keyword: string): void {
  const argv = argvSplit(sp.rest, sp.restStart, true);
  if (argv.error) {
    const message = 'A quote on this line is not closed; ssh refuses the file ("invalid quotes").';
    r.diags.add(lineNo, argv.error.offset + 1, 1, 'ssh-config.invalid-quotes', message, 'error');
    return;
  }
  if (keyword === 'ignoreunknown' && r.ignoreUnknown === null && argv.args[0]) r.ignoreUnknown = argv.args[0].value;
  applyClientOption(r.scratch, keyword, sp.keyword, argv.args, sp.rest, {
    active: false,
    origin: 'config',
    line: lineNo,
    report: (code, message, severity, offset, length) => r.diags.add(lineNo, offset + 1, length, `ssh-config.${code}`, message, severity),
  });
  if (keyword === 'hostname') checkHostNamePercent(r, lineNo, argv.args[0]);
  r.lines.push({
    keyword,
    keywordText: sp.keyword.value,
    args: argv.args.map((t) => t.value),
    rest: sp.rest,
    line: lineNo,
    column: sp.keyword.start + 1,
    block: r.blocks.length - 1,
    toks: argv.args,
    keywordTok: sp.keyword,
    restStart: sp.restStart,
  });
}

function readConfigLine(r: ConfigReader, ln: { text: string; number: number }): void {
  const sp = splitKeyword(ln.text);
  if (!sp) return;
  const keyword = asciiLower(sp.keyword.value);
  if (sp.rest === null) {
    const message = `${sp.keyword.value} has no value; ssh stops with "no argument after keyword".`;
    r.diags.add(ln.number, sp.keyword.start + 1, sp.keyword.end - sp.keyword.start, 'ssh-config.missing-value', message, 'error');
    return;
  }
  const line: KeywordLine = { ...sp, rest: sp.rest };
  if (!keywordIsUsed(r, ln.number, line, keyword)) return;
  if (keyword === 'host') readHostLine(r, ln.number, line);
  else if (keyword === 'match') readMatchBlockLine(r, ln.number, line);
  else if (keyword === 'include') {
    const message = `Include ${sp.rest.trim()} is not followed here: paste the included file's lines into this text if they matter.`;
    r.diags.add(ln.number, sp.keyword.start + 1, sp.keyword.end - sp.keyword.start, 'ssh-config.include-not-followed', message, 'warning');
  } else readOptionLine(r, ln.number, line, keyword);
}

function parseSshConfigInner(text: string): ParseResult<SshConfigFile> {
  const diags = new DiagList('ssh-config');
  const src = capInput(typeof text === 'string' ? text : '', diags, 'ssh-config');
  const r: ConfigReader = {
    diags,
    blocks: [{ kind: 'global', patterns: [], criteria: [], line: 0, valid: true }],
    lines: [],
    wantsFinalPass: false,
    ignoreUnknown: null,
    scratch: emptyClientState(),
  };
  for (const ln of splitLines(src)) readConfigLine(r, ln);
  return { value: { blocks: r.blocks, lines: r.lines, wantsFinalPass: r.wantsFinalPass }, diagnostics: diags.finish() };
}

const CLIENT_TYPOS: Record<string, string> = {
  localfoward: 'LocalForward',
  localforwarding: 'LocalForward',
  remotefoward: 'RemoteForward',
  dynamicfoward: 'DynamicForward',
  hostame: 'HostName',
  hostnmae: 'HostName',
  identifyfile: 'IdentityFile',
  proxyjumps: 'ProxyJump',
  gatewayport: 'GatewayPorts',
  serveraliveinternal: 'ServerAliveInterval',
  username: 'User',
  login: 'User',
  portnumber: 'Port',
};
function suggest(keyword: string): string {
  const s = CLIENT_TYPOS[keyword];
  return s ? `; did you mean ${s}?` : '';
}

function parseMatchLine(
  rest: string,
  base: number,
): { criteria: SshConfigMatchCriterion[]; error: { offset: number; length: number; message: string } | null } {
  const toks = strdelimAll(rest, base);
  const criteria: SshConfigMatchCriterion[] = [];
  let attributes = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    if (t.value.startsWith('#')) break;
    let attr = t.value;
    const negated = attr.startsWith('!');
    if (negated) attr = attr.slice(1);
    const kind = asciiLower(attr);
    if (kind === 'all') {
      const next = toks[i + 1];
      if (attributes > 1 || (next && next.value !== '' && !next.value.startsWith('#'))) {
        return {
          criteria,
          error: { offset: t.start, length: t.end - t.start, message: `'${t.value}' cannot be combined with other Match attributes; ssh refuses the file.` },
        };
      }
      criteria.push({ kind: 'all', negated, patterns: '' });
      return { criteria, error: null };
    }
    attributes++;
    if (kind === 'canonical' || kind === 'final') {
      criteria.push({ kind, negated, patterns: '' });
      continue;
    }
    const arg = toks[i + 1];
    if (!arg || arg.value === '' || arg.value.startsWith('#')) {
      return {
        criteria,
        error: { offset: t.start, length: t.end - t.start, message: `Match ${attr} needs a pattern after it (ssh: "Missing Match criteria for ${attr}").` },
      };
    }
    i++;
    if (!(MATCH_KINDS as readonly string[]).includes(kind)) {
      return {
        criteria,
        error: {
          offset: t.start,
          length: t.end - t.start,
          message: `ssh 9.2 has no Match criterion ${q(attr)} ("Unsupported Match attribute"); use all, host, originalhost, user, localuser, canonical, final or exec.`,
        },
      };
    }
    criteria.push({ kind: kind as SshConfigMatchCriterion['kind'], negated, patterns: arg.value });
  }
  if (attributes === 0 && criteria.length === 0) {
    return {
      criteria,
      error: { offset: base, length: rest.length, message: 'Match needs at least one criterion, e.g. "Match host *.example.com" or "Match all".' },
    };
  }
  return { criteria, error: null };
}

function expandHostName(hostName: string, host: string): string {
  return hostName.replace(/%([h%])/g, (_m, c: string) => (c === 'h' ? host : '%'));
}

function evalMatch(block: SshConfigBlock, st: ClientState, hostArg: string, finalPass: boolean): boolean {
  if (!block.valid) return false;
  const host = st.hostName !== null ? expandHostName(st.hostName, hostArg) : hostArg;
  let result = true;
  for (const c of block.criteria) {
    let r: boolean;
    switch (c.kind) {
      case 'all':
        return result ? !c.negated : false;
      case 'canonical':
      case 'final':
        r = finalPass;
        break;
      case 'host':
        r = matchPatternList(asciiLower(host), c.patterns, true) === 1;
        break;
      case 'originalhost':
        r = matchPatternList(asciiLower(hostArg), c.patterns, true) === 1;
        break;
      case 'user':
        r = st.user !== null && matchPatternList(st.user, c.patterns, false) === 1;
        break;
      case 'localuser':
        r = false;
        break;
      case 'exec':
        r = false;
        break;
    }
    if (r === c.negated) result = false;
  }
  return result;
}

function hostBlockMatches(block: SshConfigBlock, hostArg: string): boolean {
  if (!block.valid) return false;
  let active = false;
  for (const pat of block.patterns) {
    const negated = pat.startsWith('!');
    const p = negated ? pat.slice(1) : pat;
    if (matchPattern(hostArg, p)) {
      if (negated) return false;
      active = true;
    }
  }
  return active;
}

function stateFromCommand(cmd: SshCommand): ClientState {
  const st = emptyClientState();
  const on = new Set(cmd.setOnCommandLine ?? []);
  st.user = cmd.user;
  st.port = cmd.port;
  st.hostName = cmd.hostName ?? null;
  for (const f of cmd.forwards ?? []) addForward(st, f);
  st.proxyJump = cmd.jump;
  st.proxyCommand = cmd.proxyCommand ?? null;
  st.controlMaster = cmd.controlMaster;
  st.controlPath = cmd.controlPath;
  st.addressFamily = on.has('addressfamily') ? cmd.addressFamily : null;
  st.gatewayPorts = on.has('gatewayports') || cmd.gatewayPorts ? cmd.gatewayPorts : null;
  st.exitOnForwardFailure = 'exitonforwardfailure' in (cmd.options ?? {}) ? cmd.exitOnForwardFailure : null;
  st.clearAllForwardings = cmd.clearAllForwardings ?? null;
  st.logLevel = cmd.logLevel;
  if (cmd.tunnel) {
    st.tunnel = cmd.tunnel.mode;
    st.tunnelDevice = on.has('tunneldevice') ? { local: cmd.tunnel.local, remote: cmd.tunnel.remote } : null;
  } else if (on.has('tunnel')) {
    st.tunnel = 'no';
  }
  st.identityFiles = [...(cmd.identityFiles ?? [])];
  return st;
}

/**
 * The client's effective settings for this command: the command line wins, then the config file
 * in order (each keyword's first value), with Host and Match blocks applied as ssh does.
 */
export function effectiveClientConfig(cmd: SshCommand, config: SshConfigFile): EffectiveClient {
  try {
    return withGlobBudget(20_000_000, () => effectiveClientInner(cmd, config));
  } catch {
    return effectiveClientInner(cmd, { blocks: [], lines: [], wantsFinalPass: false });
  }
}

function effectiveClientInner(cmd: SshCommand, config: SshConfigFile): EffectiveClient {
  const hostArg = cmd.host ?? '';
  const st = stateFromCommand(cmd);
  const applied = new Set<number>();
  const blocks = config?.blocks ?? [];
  const lines = config?.lines ?? [];
  const passes = config?.wantsFinalPass ? [false, true] : [false];
  for (const finalPass of passes) {
    const active: boolean[] = blocks.map(() => false);
    // Activity of a block is decided when its Host/Match line is read (Match may depend on earlier values).
    let lineIdx = 0;
    for (let b = 0; b < blocks.length; b++) {
      const block = blocks[b] as SshConfigBlock;
      if (block.kind === 'global') active[b] = true;
      else if (block.kind === 'host') active[b] = hostBlockMatches(block, hostArg);
      else active[b] = evalMatch(block, st, hostArg, finalPass);
      if (active[b] && block.kind !== 'global') applied.add(block.line);
      while (lineIdx < lines.length && (lines[lineIdx] as SshConfigLine).block === b) {
        const l = lines[lineIdx] as SshConfigLine;
        lineIdx++;
        if (!active[b]) continue;
        try {
          applyClientOption(st, l.keyword, l.keywordTok, l.toks, l.rest, {
            active: true,
            origin: 'config',
            line: l.line,
            report: () => undefined,
          });
        } catch {
          // a bad line counts as not applied
        }
      }
    }
  }
  const stdio = cmd.stdioForward !== null && cmd.stdioForward !== undefined;
  const clear = st.clearAllForwardings ?? stdio;
  let hostName = st.hostName !== null ? expandHostName(st.hostName, hostArg) : hostArg;
  if (addressFamilyOf(hostName) === null) hostName = asciiLower(hostName);
  let tunnel: SshCommand['tunnel'] = null;
  if (!clear && st.tunnel !== null && st.tunnel !== 'no') {
    const dev = st.tunnelDevice ?? (cmd.tunnel ? { local: cmd.tunnel.local, remote: cmd.tunnel.remote } : { local: 'any', remote: 'any' });
    tunnel = { mode: st.tunnel, local: dev.local, remote: dev.remote };
  }
  const jump = st.proxyJump !== null && asciiLower(st.proxyJump) !== 'none' ? st.proxyJump : null;
  const cpath = st.controlPath !== null && asciiLower(st.controlPath) !== 'none' ? st.controlPath : null;
  return {
    hostArg,
    hostName,
    user: st.user,
    port: st.port ?? 22,
    forwards: clear ? [] : st.forwards,
    proxyJump: jump,
    proxyCommand: st.proxyCommand !== null && asciiLower(st.proxyCommand) !== 'none' ? st.proxyCommand : null,
    controlMaster: st.controlMaster ?? 'no',
    controlPath: cpath,
    addressFamily: st.addressFamily ?? 'any',
    gatewayPorts: st.gatewayPorts ?? false,
    exitOnForwardFailure: st.exitOnForwardFailure ?? stdio,
    clearAllForwardings: clear,
    logLevel: st.logLevel ?? 'INFO',
    tunnel,
    appliedBlocks: [...applied].sort((a, b) => a - b),
  };
}

/** Human-readable name of a client keyword. */
export { clientKeywordName };
