/**
 * Host side of a live run: starts driver.ts in fresh namespaces, then filters and normalises what
 * it reports (normalise.ts).
 */
import { serverFamily } from '../../../src/model/software/index.ts';
import { spawn } from 'node:child_process';
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../../src/model/scenario.ts';
import { clientLines, ephemeralPorts, serverLog } from './normalise.ts';
import { checkPrerequisites } from './prereq.ts';
import { releaseOf } from './releases.ts';
import type { DriverResult, Probe, RealOutput, ScenarioFile } from './types.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..', '..');
const BUNDLE_DIR = path.join(REPO, 'build', 'conformance');

let bundled: string | null = null;
/**
 * driver.ts bundled into one plain JavaScript file (build/conformance/driver.mjs, with the syslog
 * receiver beside it), made once per test process: Node then neither strips types nor resolves
 * modules at each start, which took about a third of a scenario's CPU time. Written to a temporary
 * name and renamed, so test processes that start together never run a half-written file.
 */
function driverScript(): string {
  if (bundled) return bundled;
  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  const out = path.join(BUNDLE_DIR, 'driver.mjs');
  const tmp = `${out}.${process.pid}.tmp`;
  buildSync({
    entryPoints: [path.join(HERE, 'driver.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile: tmp,
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(HERE, 'syslog-receiver.py'), path.join(BUNDLE_DIR, `syslog-receiver.py.${process.pid}.tmp`));
  fs.renameSync(path.join(BUNDLE_DIR, `syslog-receiver.py.${process.pid}.tmp`), path.join(BUNDLE_DIR, 'syslog-receiver.py'));
  fs.renameSync(tmp, out);
  bundled = out;
  return out;
}

/** A Node that strips TypeScript types (22.18+): the project's own, else the running one. */
function nodeBinary(): string {
  const local = path.join(REPO, 'node_modules', 'node', 'bin', 'node');
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 18)) return process.execPath;
  return fs.existsSync(local) ? local : process.execPath;
}

/** Runs the driver for one scenario in private network, mount and PID namespaces. */
export function runDriver(scenario: Scenario, timeoutMs = 8000, probe?: Probe): Promise<DriverResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'unshare',
      ['--net', '--mount', '--pid', '--fork', '--kill-child', '--mount-proc', '--propagation', 'private', nodeBinary(), '--no-warnings', driverScript()],
      { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
    );
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const killer = setTimeout(() => {
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }, timeoutMs + 15_000);
    child.on('error', (e) => {
      clearTimeout(killer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(killer);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as DriverResult);
      } catch {
        reject(new Error(`driver exited ${code} without a result: ${err.trim() || out.trim()}`));
      }
    });
    child.stdin.end(JSON.stringify({ scenario, timeoutMs, ...(probe ? { probe } : {}) }));
  });
}

/** Runs a scenario against the real programs and returns what is recorded. */
export async function runLive(file: ScenarioFile, timeoutMs = 8000): Promise<RealOutput & { raw: DriverResult }> {
  if (file.sourceOnly) throw new Error(`${file.id} is source-only and cannot run live`);
  const raw = await runDriver(file.scenario, timeoutMs);
  if (!raw.ok) throw new Error(`${file.id}: ${raw.error ?? 'failed'}\n  ${raw.notes.join('\n  ')}`);
  const pre = checkPrerequisites();
  const ports = ephemeralPorts(raw);
  const software = raw.software;
  const release = releaseOf(software, file.scenario.server?.version);
  const client = releaseOf('openssh', file.scenario.client.version);
  return {
    software,
    version: (release === 'system' ? (software === 'dropbear' ? pre.dropbearVersion : pre.opensshVersion) : release.replace(/^[a-z]+-/, '')) ?? 'unknown',
    ...(client === 'system' ? {} : { client: client.replace(/^openssh-/, '') }),
    clientLines: clientLines(raw, ports),
    serverLog: serverLog(raw, serverFamily(file.scenario.jump?.software), ports),
    opened: raw.opened,
    raw,
  };
}

/**
 * How many scenarios run at once (TD_CONFORMANCE_CONCURRENCY, default 4). A run spends most of its
 * second waiting on the programs, so 4 keep 2 cores busy: the 1,566 matrix cells take about 9 min.
 */
export const LIVE_CONCURRENCY = Math.max(1, Number(process.env.TD_CONFORMANCE_CONCURRENCY ?? 4) || 4);

/** Runs many scenarios, at most `concurrency` at a time, in input order of results. */
export async function runMany<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
