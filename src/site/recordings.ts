/**
 * The conformance recordings (test/conformance/recordings/*.json), loaded at build time. Each one
 * holds a scenario and the lines real servers printed for it.
 */
import type { Scenario } from '../model/scenario.ts';

export interface Recording {
  id: string;
  title: string;
  /** The cause-catalog id the scenario reproduces, or null for a tunnel that works. */
  cause: string | null;
  scenario: Scenario;
  real: {
    /** "openssh" or "dropbear" (any spelling; see softwareLabel). */
    software: string;
    /** "9.2p1", "2022.83"; "unknown" when the harness could not tell. */
    version: string;
    clientLines: string[];
    serverLog?: string[];
    /** For a version-matrix cell run with another ssh release: that client's version. */
    client?: string;
    /** True when a connection through the forward reached the target. */
    opened?: boolean;
    /** For a source-only recording: where the hand-written lines come from. */
    source?: string;
  };
  /** Present when the lines come from the source, not from a real server run here. */
  sourceOnly?: { why: string; source: string } | boolean;
  recordedAt?: string;
}

/** The server version a recording ran against: the recorded one, else the scenario's. */
export function recordedVersion(r: Recording): string {
  const v = r.real.version?.trim();
  if (v && v !== 'unknown') return v;
  const server = r.scenario.server;
  const sameSoftware = (server?.software ?? 'openssh') === (/^dropbear/i.test(r.real.software) ? 'dropbear' : 'openssh');
  return (sameSoftware && server?.version) || '';
}

const modules = import.meta.glob<Recording>('../../test/conformance/recordings/*.json', { eager: true, import: 'default' });

/** Every recording, sorted by id; the file name stands in for a missing id. */
export const RECORDINGS: readonly Recording[] = Object.entries(modules)
  .map(([path, r]) => ({ ...r, id: r.id ?? path.replace(/^.*\/|\.json$/g, '') }))
  .sort((a, b) => a.id.localeCompare(b.id));

/** A version-matrix cell: one scenario run with another server or client release. */
export interface CellRecording extends Recording {
  /** "server-openssh-10.5p1", "client-openssh-8.4p1", "server-dropbear-2020.81". */
  cell: string;
}

const cellModules = import.meta.glob<Recording>('../../test/conformance/recordings/*/*.json', { eager: true, import: 'default' });

/** Every version-matrix cell (test/conformance/recordings/<id>/<cell>.json), sorted by id then cell. */
export const MATRIX_RECORDINGS: readonly CellRecording[] = Object.entries(cellModules)
  .map(([path, r]) => {
    const [, id = '', cell = ''] = /\/([^/]+)\/([^/]+)\.json$/.exec(path) ?? [];
    return { ...r, id: r.id ?? id, cell };
  })
  .sort((a, b) => a.id.localeCompare(b.id) || a.cell.localeCompare(b.cell));
