/**
 * Runs every live scenario against the real servers again and checks that they still print exactly
 * what test/conformance/recordings/ says. Needs root, util-linux unshare, iproute2, OpenSSH and
 * Dropbear (see README.md). Without them: skipped with a message, or a failure when CI=true.
 */
import { describe, expect, it } from 'vitest';
import { checkPrerequisites, LIVE_CONCURRENCY, loadRecordings, loadScenarioFiles, runLive } from './harness/index.ts';
import { cachedBuilds, modeOfScenario, releasesOf } from './harness/releases.ts';
import type { ScenarioFile } from './harness/types.ts';

const pre = checkPrerequisites();
const inCI = process.env.CI === 'true';
const recordings = new Map(loadRecordings().map((r) => [r.id, r]));
const real = loadScenarioFiles().filter((f) => !f.sourceOnly);
// A scenario that needs a release kept as recorded data (test/conformance/releases.json) is not
// re-run: model.test.ts checks the model against its recording on every run.
const recordedOnly = real.filter((f) => modeOfScenario(f.scenario) === 'recorded');
const live = real.filter((f) => !recordedOnly.includes(f));
if (recordedOnly.length) console.log(`conformance: recorded data only, not re-run: ${recordedOnly.map((f) => f.id).join(', ')}`);
/** Releases a scenario names that are not built (scripts/build-releases.sh); skipped unless CI=true. */
const builds = cachedBuilds();
const unbuilt = (f: ScenarioFile): string[] => releasesOf(f.scenario).filter((r) => !builds.has(r));

/** At most this many scenarios run at once (each has its own namespaces, so they cannot collide). */
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

if (pre.missing.length && !inCI) {
  const why = `conformance: real servers not available, live scenarios skipped (missing: ${pre.missing.join(', ')})`;
  console.warn(why);
  describe.skip(why, () => {
    it('runs the live scenarios', () => undefined);
  });
} else {
  describe('real servers print what was recorded', () => {
    it('has everything a live run needs (CI=true makes a missing piece a failure)', () => {
      expect(pre.missing, `missing: ${pre.missing.join(', ')}`).toEqual([]);
    });

    it('has the server versions the recordings were made with', () => {
      expect(pre.opensshVersion).toBe('9.2p1');
      expect(pre.dropbearVersion).toBe('2022.83');
    });

    describe.concurrent('scenarios', () => {
      for (const file of live) {
        const missing = unbuilt(file);
        if (missing.length && !inCI) {
          console.warn(`conformance: ${file.id} skipped: ${missing.join(', ')} not built (bash scripts/build-releases.sh)`);
          it.skip(`${file.id} (needs ${missing.join(', ')})`, () => undefined);
          continue;
        }
        it(file.id, async () => {
          const rec = recordings.get(file.id);
          expect(rec, `no recording for ${file.id}: run npx tsx test/conformance/record.ts ${file.id}`).toBeDefined();
          if (!rec) return;
          const real = await slot(() => runLive(file));
          const where = `\n  harness notes:\n  ${real.raw.notes.join('\n  ')}`;
          expect(real.clientLines, `client lines of ${file.id}${where}`).toEqual(rec.real.clientLines);
          expect(real.serverLog, `server log of ${file.id}${where}`).toEqual(rec.real.serverLog);
          expect(real.opened, `did the tunnel carry data? (${file.id})${where}`).toBe(rec.real.opened);
          expect(real.version).toBe(rec.real.version);
          // A scenario declared as working must really carry data through the tunnel.
          if (file.cause === null) expect(real.opened, `${file.id} is declared working`).toBe(true);
        });
      }
    });
  });
}
