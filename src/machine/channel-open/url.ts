/** Loading the simulator's scenario from the page address: a share link, a preset, or the default. */
import type { Scenario } from '../../model/scenario.ts';

export interface InitialState {
  scenario: Scenario;
  /** The preset loaded, or null for a scenario from a share link. */
  presetId: string | null;
  /** A message for the user when the address could not be used (shown with role="alert"). */
  notice: string | null;
}

/**
 * Decides what the page starts with from its address: a share link in the fragment (`#z=…`, or the
 * older `#s=…`) wins, then `?preset=<id>`, else the page's own preset (`defaultId`). Never throws; a
 * damaged link gives a notice and the default. Async: compressed links inflate through a stream.
 */
export async function initialState(
  address: { search: string; hash: string },
  presets: Record<string, { title: string; scenario: Scenario }>,
  decode: (hash: string) => Promise<{ ok: true; scenario: Scenario } | { ok: false; message: string } | null>,
  defaultId = 'working-tunnel',
): Promise<InitialState> {
  const fallbackId = Object.hasOwn(presets, defaultId) ? defaultId : Object.keys(presets)[0];
  const shown = fallbackId === 'working-tunnel' || !fallbackId ? 'a working tunnel' : `“${presets[fallbackId]!.title}”`;
  const fallback = (notice: string | null): InitialState => ({
    scenario: fallbackId ? presets[fallbackId]!.scenario : { client: { command: 'ssh -N -L 8080:localhost:80 you@server.example' } },
    presetId: fallbackId ?? null,
    notice: notice === null ? null : `${notice} Showing ${shown} instead.`,
  });
  const decoded = await decode(address.hash);
  if (decoded) return decoded.ok ? { scenario: decoded.scenario, presetId: null, notice: null } : fallback(decoded.message);
  let preset: string | null = null;
  try {
    preset = new URLSearchParams(address.search).get('preset');
  } catch {
    preset = null;
  }
  if (preset !== null) {
    if (Object.hasOwn(presets, preset)) return { scenario: presets[preset]!.scenario, presetId: preset, notice: null };
    const name = preset.length > 60 ? `${preset.slice(0, 60)}…` : preset;
    return fallback(`There is no preset called “${name}”.`);
  }
  return fallback(null);
}
