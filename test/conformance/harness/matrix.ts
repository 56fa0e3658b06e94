/**
 * The version matrix: every live scenario run against every server release of its software (jump
 * hosts too), and against the OpenSSH client releases. A cell is one scenario with the versions
 * set in the scenario itself (`server.version`, `jump.version`, `client.version`), so the model
 * is asked about exactly what ran. Its recording is recordings/<id>/<cell>.json, where <cell> is
 * `server-openssh-10.5p1`, `server-dropbear-2020.81` or `client-openssh-8.4p1`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Scenario, ServerBlock } from '../../../src/model/scenario.ts';
import { RECORDING_DIR } from './files.ts';
import { MATRIX_RELEASES } from './releases.ts';
import type { Recording, ScenarioFile } from './types.ts';

export interface MatrixCell {
  id: string;
  /** "server-openssh-10.5p1", "client-openssh-8.4p1". */
  cell: string;
  /** The release the cell runs ("openssh-10.5p1"). */
  release: string;
  file: ScenarioFile;
}

function withVersion(block: ServerBlock | undefined, software: 'openssh' | 'dropbear', version: string): ServerBlock | undefined {
  if (!block || (block.software ?? 'openssh') !== software) return block;
  return { ...block, version };
}

function serverVariant(s: Scenario, software: 'openssh' | 'dropbear', version: string): Scenario {
  const out: Scenario = { ...s, server: withVersion(s.server ?? {}, software, version) };
  if (s.jump) out.jump = withVersion(s.jump, software, version);
  return out;
}

/** The server software a scenario runs (server and jump host). */
function softwareOf(s: Scenario): Set<string> {
  const out = new Set<string>([s.server?.software ?? 'openssh']);
  if (s.jump) out.add(s.jump.software ?? 'openssh');
  return out;
}

/** Every cell of the matrix for these scenario files (live ones only), in a stable order. */
export function matrixCells(files: readonly ScenarioFile[]): MatrixCell[] {
  const cells: MatrixCell[] = [];
  for (const file of files) {
    if (file.sourceOnly) continue;
    const sw = softwareOf(file.scenario);
    for (const software of ['openssh', 'dropbear'] as const) {
      if (!sw.has(software)) continue;
      for (const version of MATRIX_RELEASES[software]) {
        // Dropbear 2022.83 is the machine's own package, which live.test.ts already runs.
        if (software === 'dropbear' && version === '2022.83') continue;
        const scenario = serverVariant(file.scenario, software, version);
        cells.push({ id: file.id, cell: `server-${software}-${version}`, release: `${software}-${version}`, file: { ...file, scenario } });
      }
    }
    for (const version of MATRIX_RELEASES.client) {
      const scenario: Scenario = { ...file.scenario, client: { ...file.scenario.client, version } };
      cells.push({ id: file.id, cell: `client-openssh-${version}`, release: `openssh-${version}`, file: { ...file, scenario } });
    }
  }
  return cells;
}

export function matrixRecordingPath(id: string, cell: string): string {
  return path.join(RECORDING_DIR, id, `${cell}.json`);
}

export function loadMatrixRecording(id: string, cell: string): Recording | null {
  const p = matrixRecordingPath(id, cell);
  return fs.existsSync(p) ? (JSON.parse(fs.readFileSync(p, 'utf8')) as Recording) : null;
}

/** Every matrix recording there is, as [id, cell, recording]. */
export function loadMatrixRecordings(): Array<{ id: string; cell: string; rec: Recording }> {
  const out: Array<{ id: string; cell: string; rec: Recording }> = [];
  if (!fs.existsSync(RECORDING_DIR)) return out;
  for (const id of fs.readdirSync(RECORDING_DIR).sort()) {
    const dir = path.join(RECORDING_DIR, id);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      if (!f.endsWith('.json')) continue;
      out.push({ id, cell: f.slice(0, -5), rec: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Recording });
    }
  }
  return out;
}
