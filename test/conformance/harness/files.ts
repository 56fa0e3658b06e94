/** Where scenarios and recordings live, and how they are read. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Recording, ScenarioFile } from './types.ts';

export const CONFORMANCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCENARIO_DIR = path.join(CONFORMANCE_DIR, 'scenarios');
export const RECORDING_DIR = path.join(CONFORMANCE_DIR, 'recordings');

/** Every .json file of a folder, parsed, sorted by file name; a file that is not JSON names itself. */
export function readJsonDir<T>(dir: string): T[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      try {
        return JSON.parse(text) as T;
      } catch (e) {
        throw new Error(`${path.join(dir, f)}: ${(e as Error).message}`);
      }
    });
}

/** Every scenario file, sorted by file name. */
export function loadScenarioFiles(): ScenarioFile[] {
  return readJsonDir<ScenarioFile>(SCENARIO_DIR);
}

/** Every recording, sorted by file name: what the real servers printed for each scenario. */
export function loadRecordings(): Recording[] {
  return readJsonDir<Recording>(RECORDING_DIR);
}

export function recordingPath(id: string): string {
  return path.join(RECORDING_DIR, `${id}.json`);
}

export function scenarioPath(id: string): string {
  return path.join(SCENARIO_DIR, `${id}.json`);
}
