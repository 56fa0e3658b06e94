/** Loading the simulator's scenario from the page address: a share link, a preset, or the default. */
import type { Scenario } from '../../model/scenario.ts';

export interface InitialState {
  scenario: Scenario;
  /** The preset loaded, or null for a scenario from a share link. */
  presetId: string | null;
  /** A message for the user when the address could not be used (shown with role="alert"). */
  notice: string | null;
}

/** A preset as the page address needs it. */
export interface PresetRef {
  id: string;
  title: string;
  scenario: Scenario;
}

/**
 * Decides what the page starts with from its address: a share link in the fragment (`#z=…`, or the
 * older `#s=…`) wins, then `?preset=<id>` (looked up with `findPreset`), else the page's own preset.
 * Never throws; a damaged link or an unknown preset gives a notice and the page's preset. Async:
 * compressed links inflate through a stream, and the presets are loaded only when asked for.
 */
export async function initialState(
  address: { search: string; hash: string },
  page: PresetRef,
  findPreset: (id: string) => Promise<PresetRef | null>,
  decode: (hash: string) => Promise<{ ok: true; scenario: Scenario } | { ok: false; message: string } | null>,
): Promise<InitialState> {
  const shown = page.id === 'working-tunnel' ? 'a working tunnel' : `“${page.title}”`;
  const fallback = (notice: string): InitialState => ({ scenario: page.scenario, presetId: page.id, notice: `${notice} Showing ${shown} instead.` });
  const decoded = await decode(address.hash);
  if (decoded) return decoded.ok ? { scenario: decoded.scenario, presetId: null, notice: null } : fallback(decoded.message);
  let asked: string | null = null;
  try {
    asked = new URLSearchParams(address.search).get('preset');
  } catch {
    asked = null;
  }
  if (asked === null) return { scenario: page.scenario, presetId: page.id, notice: null };
  const found = await findPreset(asked);
  if (found) return { scenario: found.scenario, presetId: found.id, notice: null };
  const name = asked.length > 60 ? `${asked.slice(0, 60)}…` : asked;
  return fallback(`There is no preset called “${name}”.`);
}
