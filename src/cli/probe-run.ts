/**
 * The processes `tunnel-doctor probe` starts on the user's machine, each bounded in time and
 * output: `ssh -G` (reads the configuration, connects nowhere), the forwarding run (the user's
 * command with -v, one test connection through each forward), and a collector login (the
 * read-only script on a hop's standard input). What the remote side prints is kept as bytes,
 * capped, and made safe (sanitize.ts) before anything shows it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import type { Forward } from '../model/parse/forward-spec.ts';
import { forwardRunArgs, type ProbePlan } from './probe-plan.ts';
import { binaryShare, safeLine, safeLines } from './sanitize.ts';
import { runProgram } from './system.ts';

/** Lines of ssh's stderr kept from one run; bytes of a collector's output kept. */
const MAX_RUN_LINES = 3000;
export const MAX_COLLECTOR_BYTES = 1024 * 1024;

export interface ForwardTest {
  /** "-L 8080:db:5432" */
  forward: string;
  result: 'open' | 'refused' | 'no-listener' | 'skipped' | 'untested';
  detail: string;
}

export interface RunResult {
  argv: string[];
  /** ssh's stderr, line by line, made safe. */
  lines: string[];
  exitCode: number | null;
  timedOut: boolean;
  tests: ForwardTest[];
}

export interface CollectorResult {
  hop: number;
  argv: string[];
  /** The collector's output (or what ran instead of it), lines made safe and bounded; empty when binary. */
  stdout: string[];
  stderr: string[];
  exitCode: number | null;
  timedOut: boolean;
  truncated: boolean;
  binary: boolean;
  /** The collector's first line came back: it ran. */
  ran: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `ssh -G` for the user's words: ssh's own reading of its configuration. Connects nowhere. */
export async function sshG(ssh: string, args: string[]): Promise<{ text: string; error: string | null }> {
  const r = await runProgram(ssh, ['-G', ...args], 10_000);
  return { text: r.ok ? r.stdout : '', error: r.ok ? null : r.error };
}

/** Stops a process group: SIGTERM, then SIGKILL after a second. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const kill = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* gone */
    }
  };
  kill('SIGTERM');
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await Promise.race([exited, sleep(1000)]);
  if (child.exitCode === null && child.signalCode === null) kill('SIGKILL');
  await Promise.race([exited, sleep(1000)]);
}

/** A started ssh whose stderr is kept line by line (made safe, bounded). */
function startSsh(ssh: string, argv: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(ssh, argv, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env });
  const lines: string[] = [];
  let partial = '';
  let exited = false;
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    const parts = (partial + d).split('\n');
    partial = (parts.pop() ?? '').slice(0, 65536);
    for (const p of parts) if (lines.length < MAX_RUN_LINES) lines.push(safeLine(p.replace(/\r$/, '')));
  });
  child.stdin!.on('error', () => undefined);
  child.on('exit', () => (exited = true));
  child.on('close', () => {
    if (partial && lines.length < MAX_RUN_LINES) lines.push(safeLine(partial));
  });
  return { child, lines, exited: () => exited };
}

async function until(pred: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await sleep(50);
  }
  return pred();
}

/** The address a -L/-D listener is reached at from this machine. */
function listenAddress(f: Forward): string {
  const b = f.bindAddress;
  if (b === null || b === '' || b === '*' || b === 'localhost' || b === '0.0.0.0') return '127.0.0.1';
  return b === '::' ? '::1' : b;
}

/** "-L 8080:db:5432" as the user would write it. */
export function forwardLabel(f: Forward): string {
  return `-${f.kind === 'local' ? 'L' : f.kind === 'remote' ? 'R' : 'D'} ${f.spec}`;
}

/** Lines that say a channel or forward failed, after index `from`. */
function failureAfter(lines: string[], from: number): string | null {
  return lines.slice(from).find((l) => /open failed|forwarding failed|Could not request|refused by peer|Permission denied|Connection closed/.test(l)) ?? null;
}

/** One TCP connection through a -L (or a SOCKS5 request through a -D); waits for data, a close or a failure line. */
async function tryThrough(f: Forward, lines: string[], socks: { host: string; port: number } | null): Promise<ForwardTest> {
  const forward = forwardLabel(f);
  if (f.listenPath !== null) return { forward, result: 'untested', detail: 'a Unix-socket listener is not tried' };
  if (f.kind === 'dynamic' && !socks) return { forward, result: 'skipped', detail: 'no SOCKS target given (--socks-target HOST:PORT)' };
  const mark = lines.length;
  const outcome = await new Promise<{ state: 'data' | 'closed' | 'quiet' | 'error'; error?: string; reply?: number }>((resolve) => {
    const sock = net.connect({ host: listenAddress(f), port: f.listenPort ?? 0 });
    const timer = setTimeout(() => finish({ state: 'quiet' }), 2500);
    let step = 0;
    function finish(r: { state: 'data' | 'closed' | 'quiet' | 'error'; error?: string; reply?: number }) {
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    }
    sock.once('connect', () => {
      if (f.kind === 'dynamic' && socks) sock.write(Buffer.from([5, 1, 0]));
    });
    sock.on('data', (d: Buffer) => {
      if (f.kind !== 'dynamic' || !socks) return finish({ state: 'data' });
      if (step === 0 && d[0] === 5 && d[1] === 0) {
        step = 1;
        const host = Buffer.from(socks.host, 'utf8');
        sock.write(Buffer.concat([Buffer.from([5, 1, 0, 3, host.length]), host, Buffer.from([socks.port >> 8, socks.port & 255])]));
      } else finish({ state: d[1] === 0 ? 'data' : 'closed', reply: d[1] });
    });
    sock.once('close', () => finish({ state: 'closed' }));
    sock.once('error', (e: NodeJS.ErrnoException) => finish({ state: 'error', error: e.code ?? e.message }));
  });
  await sleep(300);
  const failed = failureAfter(lines, mark);
  if (outcome.state === 'error') return { forward, result: 'no-listener', detail: `nothing listens at ${listenAddress(f)}:${f.listenPort} (${outcome.error})` };
  if (failed) return { forward, result: 'refused', detail: failed };
  if (outcome.state === 'data') return { forward, result: 'open', detail: 'the connection reached the target (data came back)' };
  if (outcome.state === 'quiet')
    return { forward, result: 'open', detail: 'connected; the target sent nothing within 2.5 s (it may wait for the client to speak)' };
  return { forward, result: 'refused', detail: 'ssh closed the connection' };
}

/** A -R: the server's answer is in ssh's -v lines. */
function remoteAnswer(f: Forward, lines: string[]): ForwardTest {
  const forward = forwardLabel(f);
  const port = f.listenPort;
  const failed = lines.find((l) => l.includes('remote port forwarding failed for listen') && (port === null || l.includes(` ${port}`)));
  if (failed) return { forward, result: 'refused', detail: failed };
  const ok = lines.find((l) => /remote forward success for: listen/.test(l) && (port === null || l.includes(`listen ${port}`) || l.includes(`:${port}`)));
  if (ok) return { forward, result: 'open', detail: 'the server says it listens' };
  return { forward, result: 'untested', detail: 'ssh reported no answer for it' };
}

/**
 * The forwarding run: the user's command once, with -v, each forward tried once, then stopped.
 * `during` runs after the tries while ssh still holds the tunnel (the collector's -R check).
 */
export async function forwardRun(
  ssh: string,
  plan: ProbePlan,
  opts: { timeoutMs: number; socks: { host: string; port: number } | null; env: NodeJS.ProcessEnv; during?: (run: RunResult) => Promise<void> },
): Promise<RunResult> {
  const argv = forwardRunArgs(plan);
  const run = startSsh(ssh, argv, opts.env);
  const ready = () => run.lines.some((l) => /Entering interactive session|All remote forwarding requests processed|forwarding failed/.test(l));
  const settled = await until(() => run.exited() || ready(), opts.timeoutMs);
  await until(run.exited, 400);
  const tests: ForwardTest[] = [];
  for (const f of plan.forwards) {
    // a -R's answer is in ssh's lines even when ExitOnForwardFailure made ssh exit on it
    if (f.kind === 'remote') tests.push(remoteAnswer(f, run.lines));
    else if (run.exited()) tests.push({ forward: forwardLabel(f), result: 'untested', detail: 'ssh had exited' });
    else tests.push(await tryThrough(f, run.lines, opts.socks));
  }
  if (plan.cmd.stdioForward && !run.exited()) await until(run.exited, 1500);
  if (opts.during) await opts.during({ argv, lines: [...run.lines], exitCode: run.child.exitCode, timedOut: !settled, tests });
  await stop(run.child);
  await until(() => run.child.exitCode !== null || run.child.signalCode !== null, 500);
  for (const t of tests) if (t.result === 'untested' && t.detail === 'ssh had exited') t.detail = `ssh exited before it could be tried`;
  return { argv, lines: [...run.lines], exitCode: run.child.exitCode, timedOut: !settled, tests };
}

/** A collector login: the script on ssh's standard input, its output capped in time and size. */
export async function collectorRun(
  ssh: string,
  hop: number,
  argv: string[],
  script: string,
  opts: { timeoutMs: number; env: NodeJS.ProcessEnv },
): Promise<CollectorResult> {
  const run = startSsh(ssh, argv, opts.env);
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  run.child.stdout!.on('data', (d: Buffer) => {
    if (size >= MAX_COLLECTOR_BYTES) return;
    chunks.push(d.subarray(0, MAX_COLLECTOR_BYTES - size));
    size += d.length;
    if (size >= MAX_COLLECTOR_BYTES) {
      truncated = true;
      void stop(run.child);
    }
  });
  run.child.stdin!.end(script);
  const finished = await until(() => run.child.exitCode !== null || run.child.signalCode !== null, opts.timeoutMs);
  if (!finished) await stop(run.child);
  await until(() => run.child.stdout!.readableEnded || run.child.stdout!.destroyed, 1000);
  const out = Buffer.concat(chunks);
  const binary = binaryShare(out) > 0.1;
  const stdout = binary ? [] : safeLines(out.toString('utf8'), 4000);
  return {
    hop,
    argv,
    stdout,
    stderr: run.lines.slice(0, 200),
    exitCode: run.child.exitCode,
    timedOut: !finished,
    truncated,
    binary,
    ran: stdout.some((l) => l.startsWith('@@ tunnel-doctor-collect ')),
  };
}
