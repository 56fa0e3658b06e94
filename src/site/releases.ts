/**
 * Which releases of the version matrix are re-run on every test run and which are recorded data.
 * The one list is test/conformance/releases.json (scripts/build-releases.sh builds its "rerun"
 * server releases); the harness, the cause pages and /verification/ read it through here.
 */
import MATRIX from '../../test/conformance/releases.json' with { type: 'json' };

/** `rerun`: built here and re-run live on every test run; `recorded`: recorded once, model-checked only. */
export type ReleaseMode = 'rerun' | 'recorded';

/** A column family of the matrix: server releases of one software, or ssh client releases. */
export type MatrixRole = 'openssh' | 'dropbear' | 'client';

const table = MATRIX as unknown as Record<MatrixRole, Record<string, ReleaseMode>>;

/** The matrix's releases of one role, oldest first ("8.0p1", …; "2020.81", …). */
export function matrixReleases(role: MatrixRole): string[] {
  return Object.keys(table[role]);
}

/** How a release's recordings are kept; undefined for a release the matrix does not have. */
export function releaseMode(role: MatrixRole, version: string): ReleaseMode | undefined {
  return table[role][version];
}

/** "2026-12-03" for one day, "2026-12-03 to 2026-12-04" for several. */
export function dateSpan(dates: readonly string[]): string {
  const days = [...new Set(dates.filter(Boolean).map((d) => d.slice(0, 10)))].sort();
  if (days.length === 0) return '';
  return days.length === 1 ? days[0]! : `${days[0]} to ${days.at(-1)}`;
}
