/**
 * The version matrix as /verification/ shows it: for each software, a table of scenarios × releases
 * (servers, then ssh clients), each cell saying whether the model printed what that release printed.
 * Build time only; the cells are the recordings under test/conformance/recordings/<id>/.
 */
import { KNOWN_RELEASES } from '../model/version.ts';
import { checkRecording } from './evidence.ts';
import type { CellRecording, Recording } from './recordings.ts';
import { dateSpan, type ReleaseMode, releaseMode } from './releases.ts';

export interface MatrixColumn {
  /** The cell name the recordings use: "server-openssh-10.5p1", "client-openssh-8.4p1". */
  cell: string;
  /** "10.5p1" (a server) or "ssh 8.4p1" (a client). */
  label: string;
  /** The systems that ship the release, when known. */
  shippedBy: string;
  /** `rerun`: every test run repeats the column live; `recorded`: recorded once, kept as data. */
  mode: ReleaseMode;
  /** For a recorded column: the day(s) its cells were recorded ("2026-12-03", "2026-12-03 to 2026-12-04"). */
  recordedOn: string;
}

export interface MatrixRow {
  id: string;
  title: string;
  /** One entry per column: true when the model printed the release's lines, false when not, null when not run. */
  cells: (boolean | null)[];
}

export interface MatrixTable {
  software: 'openssh' | 'dropbear';
  columns: MatrixColumn[];
  rows: MatrixRow[];
  /** How many cells ran, and how many the model matches line for line. */
  ran: number;
  matching: number;
}

const softwareOf = (r: Recording): 'openssh' | 'dropbear' => (/^dropbear/i.test(r.real.software) ? 'dropbear' : 'openssh');

/** "server-openssh-10.5p1" → its column, ordered by the releases people run. */
function column(cell: string, recordings: readonly CellRecording[]): MatrixColumn & { rank: number } {
  const [, role = '', software = '', version = ''] = /^(server|client)-(openssh|dropbear)-(.+)$/.exec(cell) ?? [];
  const i = KNOWN_RELEASES.findIndex((r) => r.software === software && r.version.replace(/ .*$/, '') === version);
  const shippedBy = role === 'server' && i >= 0 && !/Debian-/.test(KNOWN_RELEASES[i]!.version) ? KNOWN_RELEASES[i]!.shippedBy : '';
  const mode = releaseMode(role === 'client' ? 'client' : (software as 'openssh' | 'dropbear'), version) ?? 'rerun';
  const recordedOn = mode === 'recorded' ? dateSpan(recordings.filter((r) => r.cell === cell).map((r) => r.recordedAt ?? '')) : '';
  const label = role === 'client' ? `ssh ${version}` : version;
  return { cell, label, shippedBy, mode, recordedOn, rank: (role === 'client' ? 1000 : 0) + (i < 0 ? 999 : i) };
}

/** The tables, one per software, each scenario a row and each release the matrix ran a column. */
export function matrixTables(cells: readonly CellRecording[]): MatrixTable[] {
  return (['openssh', 'dropbear'] as const).flatMap((software) => {
    const mine = cells.filter((c) => softwareOf(c) === software);
    if (mine.length === 0) return [];
    const columns = [...new Set(mine.map((c) => c.cell))].map((cell) => column(cell, mine)).sort((a, b) => a.rank - b.rank);
    const byId = new Map<string, CellRecording[]>();
    for (const c of mine) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
    let ran = 0;
    let matching = 0;
    const rows = [...byId.entries()].map(([id, list]) => {
      const row = columns.map((col) => {
        const rec = list.find((c) => c.cell === col.cell);
        if (!rec) return null;
        const check = checkRecording(rec);
        const ok = check.clientMatches && check.serverMatches;
        ran++;
        if (ok) matching++;
        return ok;
      });
      return { id, title: list[0]!.title, cells: row };
    });
    return [{ software, columns: columns.map(({ rank: _rank, ...c }) => c), rows, ran, matching }];
  });
}
