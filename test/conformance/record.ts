/**
 * Records what the real servers print for each scenario:
 *   npx tsx test/conformance/record.ts [--dry] [--verbose] [id…]
 * Without ids: every scenario. Live scenarios are run (two at a time) and written to
 * recordings/<id>.json; a source-only scenario keeps the hand-written `real` of its existing
 * recording (only id, title, cause, scenario and sourceOnly are refreshed). --dry prints instead of
 * writing; --verbose also prints the harness's notes and the raw logs.
 *
 * With --matrix: records the version-matrix cells (harness/matrix.ts) of the chosen scenarios
 * into recordings/<id>/<cell>.json instead; --release=openssh-10.3p1 (repeatable) limits it to
 * those releases, --cell=client-openssh-8.4p1 to those cells. Cells of releases kept as recorded
 * data (test/conformance/releases.json) are left as they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadScenarioFiles, recordingPath } from './harness/files.ts';
import { matrixCells, matrixRecordingPath } from './harness/matrix.ts';
import { checkPrerequisites } from './harness/prereq.ts';
import { modeOfScenario } from './harness/releases.ts';
import { LIVE_CONCURRENCY, runLive, runMany } from './harness/run.ts';
import type { Recording, ScenarioFile } from './harness/types.ts';

const argv = process.argv.slice(2);
const dry = argv.includes('--dry');
const verbose = argv.includes('--verbose');
const ids = argv.filter((a) => !a.startsWith('--'));
const matrix = argv.includes('--matrix');
const releases = argv.filter((a) => a.startsWith('--release=')).map((a) => a.slice('--release='.length));
const cellNames = argv.filter((a) => a.startsWith('--cell=')).map((a) => a.slice('--cell='.length));

const all = loadScenarioFiles();
const unknown = ids.filter((id) => !all.some((s) => s.id === id));
if (unknown.length) {
  console.error(`unknown scenario id(s): ${unknown.join(', ')}`);
  process.exit(2);
}
const chosen = ids.length ? all.filter((s) => ids.includes(s.id)) : all;

const pre = checkPrerequisites();
if (pre.missing.length && chosen.some((s) => !s.sourceOnly)) {
  console.error(`cannot run real servers: missing ${pre.missing.join(', ')}`);
  process.exit(1);
}

function existing(id: string, cell?: string): Recording | null {
  const p = cell ? matrixRecordingPath(id, cell) : recordingPath(id);
  return fs.existsSync(p) ? (JSON.parse(fs.readFileSync(p, 'utf8')) as Recording) : null;
}

function save(rec: Recording, cell?: string): void {
  const text = `${JSON.stringify(rec, null, 2)}\n`;
  if (dry) process.stdout.write(text);
  else {
    const p = cell ? matrixRecordingPath(rec.id, cell) : recordingPath(rec.id);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
}

let failures = 0;
const started = Date.now();

async function recordLive(file: ScenarioFile, cell?: string): Promise<void> {
  const label = cell ? `${file.id} ${cell}` : file.id;
  try {
    const { raw, ...real } = await runLive(file);
    if (verbose)
      console.log(`${label} notes:\n  ${raw.notes.join('\n  ')}\n  server log:\n    ${[...(raw.logs.jump ?? []), '--', ...raw.logs.server].join('\n    ')}`);
    const old = existing(file.id, cell);
    const same = old && JSON.stringify([old.title, old.cause, old.scenario, old.real]) === JSON.stringify([file.title, file.cause, file.scenario, real]);
    // Unchanged output keeps its file (and recordedAt) as it is.
    if (!same || dry) save({ id: file.id, title: file.title, cause: file.cause, scenario: file.scenario, real, recordedAt: new Date().toISOString() }, cell);
    console.log(
      `${label}: ${raw.elapsedMs} ms, opened=${real.opened}\n  client: ${JSON.stringify(real.clientLines)}\n  server: ${JSON.stringify(real.serverLog)}`,
    );
  } catch (e) {
    failures++;
    console.error(`${label}: ${(e as Error).message}`);
  }
}

if (matrix) {
  const wanted = matrixCells(chosen).filter((c) => (!releases.length || releases.includes(c.release)) && (!cellNames.length || cellNames.includes(c.cell)));
  // Releases kept as recorded data (test/conformance/releases.json) are not built here: their cells stay as recorded.
  const kept = wanted.filter((c) => modeOfScenario(c.file.scenario) !== 'rerun').map((c) => `${c.id} ${c.cell}`);
  if (kept.length) console.log(`not recorded (they run a release kept as recorded data, not built here): ${kept.join(', ')}`);
  const cells = wanted.filter((c) => modeOfScenario(c.file.scenario) === 'rerun');
  await runMany(cells, LIVE_CONCURRENCY, (c) => recordLive(c.file, c.cell));
  console.log(`${cells.length} matrix cell(s) in ${((Date.now() - started) / 1000).toFixed(1)} s, ${failures} failure(s)`);
  process.exit(failures ? 1 : 0);
}

await runMany(chosen, LIVE_CONCURRENCY, async (file: ScenarioFile) => {
  if (file.sourceOnly) {
    const old = existing(file.id);
    if (!old) {
      console.error(`${file.id}: source-only; write recordings/${file.id}.json by hand (real.clientLines, real.serverLog, real.source)`);
      failures++;
      return;
    }
    save({ ...old, id: file.id, title: file.title, cause: file.cause, scenario: file.scenario, sourceOnly: file.sourceOnly });
    console.log(`${file.id}: source-only, kept hand-written lines`);
    return;
  }
  await recordLive(file);
});
console.log(`${chosen.length} scenario(s) in ${((Date.now() - started) / 1000).toFixed(1)} s, ${failures} failure(s)`);
process.exit(failures ? 1 : 0);
