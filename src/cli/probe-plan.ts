/**
 * What `tunnel-doctor probe` runs, decided from the user's ssh command as the model reads it
 * (readSshCommand) and from ssh's own view of its configuration (`ssh -G`, read with the model's
 * ssh_config parser): the hops, the forwards to try, the argument lists of the forwarding run and
 * of each collector login, and the collector's arguments. Pure: nothing here runs anything.
 */
import { type CommandWord, readSshCommand, type SshCommand } from '../model/parse/command.ts';
import type { Forward } from '../model/parse/forward-spec.ts';
import { effectiveClientConfig, parseSshConfig } from '../model/parse/ssh-config.ts';

/** One machine the connection logs in to: the jump hosts in order, then the SSH server. */
export interface Hop {
  /** "jump 1", "jump 2" …, or "server". */
  role: 'jump' | 'server';
  /** As given: the -J element, or the destination. */
  spec: string;
  /** The name ssh connects to (HostName for the server). */
  host: string;
  port: number | null;
  user: string | null;
}

export interface ProbePlan {
  /** The user's argv, after the program name. */
  args: string[];
  cmd: SshCommand;
  hops: Hop[];
  /** Forwards to try, command line first, then the ssh_config ones `ssh -G` reports. */
  forwards: Forward[];
  /** Where the connection finally goes from the server, for the collector: -L targets, -W, the SOCKS target. */
  serverTargets: { host: string; port: number }[];
  /** The -R ports the server listens on. */
  remotePorts: number[];
}

/** The user's words joined into one command line, with the span of each word in it. */
export function joinArgs(program: string, args: string[]): { text: string; spans: { start: number; end: number }[] } {
  let text = program;
  const spans: { start: number; end: number }[] = [];
  for (const a of args) {
    text += ' ';
    const quoted = /^[\w@%+=:,./[\]-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
    spans.push({ start: text.length, end: text.length + quoted.length });
    text += quoted;
  }
  return { text, spans };
}

/** What stops `probe` from running this command, in one sentence, or null. */
export function commandProblem(cmd: SshCommand): string | null {
  if (cmd.program !== 'ssh')
    return `the command must be ssh (not ${cmd.program || 'empty'}); give it as typed, e.g. probe -- ssh -N -L 8080:db:5432 alice@server`;
  if (cmd.exitLines?.length) return `ssh would refuse this command line: ${cmd.exitLines[0]}`;
  if (cmd.mode !== 'connect') return 'this ssh command does not connect (-G, -V or -Q)';
  if (!cmd.destination) return 'the command has no destination (user@host)';
  if (cmd.controlCommand) return 'probe cannot run a ControlMaster command (-O)';
  if (cmd.tunnel && cmd.forwards.length === 0) return 'probe tries port forwards (-L, -D, -R, -W); a -w tunnel needs root on both ends';
  return null;
}

/** Splits a ProxyJump element ([user@]host[:port] or ssh://user@host:port). */
export function jumpHop(spec: string): Hop {
  const bare = spec.replace(/^ssh:\/\//, '');
  const at = bare.lastIndexOf('@');
  const user = at >= 0 ? bare.slice(0, at) : null;
  const hostPort = bare.slice(at + 1);
  const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(hostPort) ?? /^([^:]+)(?::(\d{1,5}))?$/.exec(hostPort);
  return { role: 'jump', spec, host: m?.[1] ?? hostPort, port: m?.[2] ? Number(m[2]) : null, user };
}

/** The plan from the user's argv and the output of `ssh -G` for it (empty: the command line alone). */
export function planProbe(args: string[], sshG: string, socksTarget: { host: string; port: number } | null): ProbePlan {
  const { text } = joinArgs('ssh', args);
  const cmd = readSshCommand(text).value;
  const eff = effectiveClientConfig(cmd, parseSshConfig(sshG).value);
  const jumps = eff.proxyJump ? eff.proxyJump.split(',').map(jumpHop) : [];
  const server: Hop = { role: 'server', spec: cmd.destination ?? '', host: eff.hostName || cmd.host || '', port: eff.port, user: eff.user ?? cmd.user };
  const forwards = eff.forwards.filter((f) => !f.implicit);
  const serverTargets: { host: string; port: number }[] = [];
  for (const f of forwards)
    if (f.kind === 'local' && f.connectHost !== null && f.connectPort !== null) serverTargets.push({ host: f.connectHost, port: f.connectPort });
  if (cmd.stdioForward) serverTargets.push(cmd.stdioForward);
  if (socksTarget && forwards.some((f) => f.kind === 'dynamic')) serverTargets.push(socksTarget);
  const remotePorts = forwards.flatMap((f) => (f.kind === 'remote' && f.listenPort ? [f.listenPort] : []));
  return { args, cmd, hops: [...jumps, server], forwards, serverTargets, remotePorts };
}

/** Option words that make ssh not run the collector (-N, -f, -n, -W, a remote command, forwards): left out of its login. */
const SESSION_KEYWORDS = new Set([
  'sessiontype',
  'stdinnull',
  'forkafterauthentication',
  'requesttty',
  'remotecommand',
  'localforward',
  'remoteforward',
  'dynamicforward',
  'permitlocalcommand',
  'localcommand',
  'controlmaster',
  'controlpersist',
]);

function dropForLogin(w: CommandWord): boolean {
  if (w.kind === 'forward' || w.kind === 'stdio-forward' || w.kind === 'remote-command' || w.kind === 'tun-device') return true;
  if (w.kind === 'flag') return ['N', 'f', 'n', 's', 't', 'M'].includes(w.flag.replace(/^-/, ''));
  if (w.kind === 'client-option') return SESSION_KEYWORDS.has(w.keyword.toLowerCase());
  return false;
}

function dropForRun(w: CommandWord): boolean {
  if (w.kind === 'flag') return ['f'].includes(w.flag.replace(/^-/, ''));
  if (w.kind === 'client-option') return ['forkafterauthentication', 'controlmaster', 'controlpersist'].includes(w.keyword.toLowerCase());
  return false;
}

/**
 * The user's argv without the words `drop` selects: a word wholly inside dropped text goes; an
 * option cluster (-vNL) keeps its other letters; a quoted word goes as a whole or stays.
 */
export function argsWithout(args: string[], drop: (w: CommandWord) => boolean): string[] {
  const { text, spans } = joinArgs('ssh', args);
  const dropped = new Uint8Array(text.length);
  for (const w of readSshCommand(text).words) if (drop(w)) dropped.fill(1, w.start, w.end);
  const out: string[] = [];
  args.forEach((a, i) => {
    const { start, end } = spans[i]!;
    let kept = '';
    for (let c = start; c < end; c++) if (!dropped[c]) kept += text[c];
    if (kept === '' || (kept === '-' && a.startsWith('-'))) return;
    if (kept === text.slice(start, end)) out.push(a);
    else if (a.startsWith('-') && text.slice(start, end) === a) out.push(kept.startsWith('-') ? kept : `-${kept}`);
  });
  return out;
}

/** The forwarding run: the command as typed with -v and ExitOnForwardFailure=yes, in the foreground, -N unless it runs a command. */
export function forwardRunArgs(plan: ProbePlan): string[] {
  const kept = argsWithout(plan.args, dropForRun);
  const quiet = plan.cmd.remoteCommand.length === 0 && !plan.cmd.noCommand && !plan.cmd.stdioForward;
  return ['-v', '-o', 'ExitOnForwardFailure=yes', ...(quiet ? ['-N'] : []), ...kept];
}

/** A word the remote shell reads as itself; anything else is single-quoted. */
export function shellWord(w: string): string {
  return /^[\w@%+=:,./[\]-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/**
 * Options of every collector login. BatchMode, unless the forwarding run logged in to that hop with
 * a password: then ssh may ask for it once more, the way it asked the first time.
 */
function loginOptions(password: boolean): string[] {
  const batch = password ? ['-o', 'BatchMode=no', '-o', 'NumberOfPasswordPrompts=1'] : ['-o', 'BatchMode=yes'];
  return ['-T', ...batch, '-o', 'ClearAllForwardings=yes', '-o', 'ExitOnForwardFailure=no', '-o', 'ConnectTimeout=15'];
}

/** The collector's login on the SSH server: the user's argv minus forwards and session words, then `sh -s` with the collector's arguments. */
export function serverLoginArgs(plan: ProbePlan, scriptArgs: string[], password = false): string[] {
  return [...loginOptions(password), ...argsWithout(plan.args, dropForLogin), 'sh', '-s', '--', ...scriptArgs.map(shellWord)];
}

/**
 * The collector's login on jump host `index`: as ssh's ProxyJump logs in to it (the config file,
 * the address family, the jump hosts before it), then `sh -s`.
 */
export function jumpLoginArgs(plan: ProbePlan, index: number, scriptArgs: string[], password = false): string[] {
  const hop = plan.hops[index]!;
  const before = plan.hops.slice(0, index).map((h) => h.spec);
  const out = loginOptions(password);
  if (plan.cmd.configFile) out.push('-F', plan.cmd.configFile);
  if (plan.cmd.addressFamily === 'inet') out.push('-4');
  if (plan.cmd.addressFamily === 'inet6') out.push('-6');
  if (before.length) out.push('-J', before.join(','));
  if (hop.user) out.push('-l', hop.user);
  if (hop.port) out.push('-p', String(hop.port));
  return [...out, hop.host, 'sh', '-s', '--', ...scriptArgs.map(shellWord)];
}

/**
 * The collector's arguments for a hop: what it resolves and connects to from there, the key that
 * logged in, and on the SSH server the -R ports (it connects to each, while the tunnel is open).
 */
export function collectorArgs(plan: ProbePlan, index: number, keySha256: string | null): string[] {
  const next = plan.hops[index + 1];
  const targets = next ? [{ host: next.host, port: next.port ?? 22 }] : plan.serverTargets;
  const out: string[] = [];
  for (const t of targets.slice(0, 8)) out.push('--target', `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`);
  if (!next) for (const p of plan.remotePorts.slice(0, 8)) out.push('--listen-port', String(p));
  if (keySha256) out.push('--key-sha256', keySha256);
  return out;
}
