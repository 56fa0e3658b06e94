/**
 * The version matrix (harness/matrix.ts): each live scenario against every built server release
 * of its software (jump hosts too) and against the OpenSSH client releases.
 *
 * - model: simulate(cell scenario) must print what that release printed (recordings/<id>/<cell>.json),
 *   except the cells listed in matrix-known-differences.json, which must still differ (so a fix
 *   shows up as a failure asking to remove the entry);
 * - live: every recorded cell of a release marked "rerun" in releases.json (built by
 *   scripts/build-releases.sh) runs again and must print exactly its recording and open (or not)
 *   as it did, LIVE_CONCURRENCY at a time. Cells of "recorded" releases (no registry provides their
 *   source) are model-checked only. TD_MATRIX=smoke re-runs only the working tunnels
 *   (working-local-forward, dropbear-working, jump-host-ok) on every release, for a quicker loop.
 *   A release that is not built is skipped with a message; with CI=true that is a failure.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/machine/channel-open/simulate.ts';
import { checkPrerequisites, LIVE_CONCURRENCY, loadScenarioFiles, runLive } from './harness/index.ts';
import { loadMatrixRecordings, matrixCells } from './harness/matrix.ts';
import { BUILD_CACHE, cachedBuilds, modeOfRelease, modeOfScenario } from './harness/releases.ts';

interface KnownDifference {
  id: string;
  cell: string;
  /** What the real release prints that the model does not (yet). */
  what: string;
}

const known: KnownDifference[] = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'matrix-known-differences.json'), 'utf8'));
const isKnown = (id: string, cell: string) => known.some((k) => k.id === id && k.cell === cell);
const recorded = loadMatrixRecordings();
const files = new Map(loadScenarioFiles().map((f) => [f.id, f]));
const cells = matrixCells([...files.values()]);
const recordedCells = new Set(recorded.map((r) => `${r.id} ${r.cell}`));

describe('version matrix: the model prints what each release printed', () => {
  it('has matrix recordings, each of a cell of a current scenario', () => {
    expect(recorded.length).toBeGreaterThan(0);
    const cellKeys = new Set(cells.map((c) => `${c.id} ${c.cell}`));
    const stale = recorded.filter((r) => !cellKeys.has(`${r.id} ${r.cell}`)).map((r) => `${r.id}/${r.cell}`);
    expect(stale, 'recordings of cells that no longer exist').toEqual([]);
    for (const r of recorded) {
      const cell = cells.find((c) => c.id === r.id && c.cell === r.cell);
      expect(r.rec.scenario, `recordings/${r.id}/${r.cell}.json was made from another scenario: record it again`).toEqual(cell?.file.scenario);
    }
  });

  it('keeps every recorded cell either re-run here (built from a registry source) or marked recorded-only', () => {
    const orphans = recorded.filter((r) => !modeOfScenario(r.rec.scenario)).map((r) => `${r.id}/${r.cell}`);
    expect(orphans, 'cells whose release is in neither list of test/conformance/releases.json').toEqual([]);
    const root = path.join(import.meta.dirname, '../..');
    const listed = execFileSync('bash', [path.join(root, 'scripts/build-releases.sh'), '--list'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ')[0] ?? '');
    const rerun = [...new Set(cells.map((c) => c.release))].filter((r) => modeOfRelease(r) === 'rerun');
    expect(
      rerun.filter((r) => !listed.includes(r)),
      'releases marked rerun that scripts/build-releases.sh does not build',
    ).toEqual([]);
    expect(
      listed.filter((r) => modeOfRelease(r) !== 'rerun'),
      'releases built but not marked rerun',
    ).toEqual([]);
  });

  it('lists only known differences that are recorded', () => {
    expect(known.filter((k) => !recordedCells.has(`${k.id} ${k.cell}`))).toEqual([]);
  });

  for (const { id, cell, rec } of recorded) {
    it(`${id} on ${cell}`, () => {
      const trace = simulate(rec.scenario);
      const got = { clientLines: trace.clientLines, serverLog: trace.serverLog };
      const want = { clientLines: rec.real.clientLines, serverLog: rec.real.serverLog };
      if (isKnown(id, cell)) {
        expect(got, `${id} on ${cell} is listed in matrix-known-differences.json but the model now matches: remove the entry`).not.toEqual(want);
        return;
      }
      // Lines only: a release can make a refused scenario work (see README), so the cause is the model's own.
      expect(got, `what ${cell} printed`).toEqual(want);
    });
  }
});

const pre = checkPrerequisites();
const inCI = process.env.CI === 'true';
const builds = cachedBuilds();
let running = 0;
const queue: Array<() => void> = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= LIVE_CONCURRENCY) await new Promise<void>((r) => queue.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    queue.shift()?.();
  }
}

// TD_MATRIX=smoke (a quicker developer loop) re-runs only the working tunnels on every release;
// the README's test command re-runs every recorded cell.
const SMOKE = new Set(['working-local-forward', 'dropbear-working', 'jump-host-ok']);
const smoke = process.env.TD_MATRIX === 'smoke';
const rerun = cells.filter((c) => modeOfScenario(c.file.scenario) === 'rerun' && recordedCells.has(`${c.id} ${c.cell}`));
const runnable = rerun.filter((c) => !smoke || SMOKE.has(c.id));
const unbuilt = [...new Set(runnable.filter((c) => !builds.has(c.release)).map((c) => c.release))];

if (pre.missing.length && !inCI) {
  const why = `version matrix: real servers not available, skipped (missing: ${pre.missing.join(', ')})`;
  console.warn(why);
  describe.skip(why, () => {
    it('runs the matrix', () => undefined);
  });
} else {
  const started = Date.now();
  let ran = 0;
  afterAll(() => {
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    console.log(
      `version matrix: ${recorded.length} recorded cells, all model-checked (${recorded.length - rerun.length} of releases kept as recorded data only); ${ran} of ${runnable.length} selected cells re-run live in ${secs} s (${LIVE_CONCURRENCY} at a time${smoke ? '; TD_MATRIX=smoke' : ''}); ${builds.size} builds in ${BUILD_CACHE}`,
    );
  });
  describe('version matrix: the real releases still print their recordings', () => {
    it('has every re-run release of the matrix built (CI=true makes a missing build a failure)', () => {
      if (unbuilt.length && !inCI) console.warn(`version matrix: not built, skipped: ${unbuilt.join(', ')} (bash scripts/build-releases.sh)`);
      if (inCI) expect(unbuilt, 'releases not built').toEqual([]);
    });

    describe.concurrent('cells', () => {
      for (const c of runnable) {
        if (!builds.has(c.release)) continue;
        it(`${c.id} on ${c.cell}`, async () => {
          const rec = recorded.find((r) => r.id === c.id && r.cell === c.cell)?.rec;
          if (!rec) return;
          const real = await slot(() => runLive(c.file));
          ran++;
          const where = `\n  harness notes:\n  ${real.raw.notes.join('\n  ')}`;
          expect(real.clientLines, `client lines of ${c.id} on ${c.cell}${where}`).toEqual(rec.real.clientLines);
          expect(real.serverLog, `server log of ${c.id} on ${c.cell}${where}`).toEqual(rec.real.serverLog);
          expect(real.opened, `did the tunnel carry data? (${c.id} on ${c.cell})${where}`).toBe(rec.real.opened);
        });
      }
    });
  });
}
