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
 * Decides what the page starts with from its address: `#s=<scenario>` wins, then `?preset=<id>`,
 * else the default preset. Never throws; a damaged link gives a notice and the default.
 */
export function initialState(
  address: { search: string; hash: string },
  presets: Record<string, { title: string; scenario: Scenario }>,
  decode: (payload: string) => { ok: true; scenario: Scenario } | { ok: false; message: string },
  defaultId = 'working-tunnel',
): InitialState {
  const fallbackId = Object.hasOwn(presets, defaultId) ? defaultId : Object.keys(presets)[0];
  const fallback = (notice: string | null): InitialState => ({
    scenario: fallbackId ? presets[fallbackId]!.scenario : { client: { command: 'ssh -N -L 8080:localhost:80 you@server.example' } },
    presetId: fallbackId ?? null,
    notice,
  });
  const hash = address.hash.startsWith('#') ? address.hash.slice(1) : address.hash;
  if (hash.startsWith('s=')) {
    const decoded = decode(hash.slice(2));
    if (decoded.ok) return { scenario: decoded.scenario, presetId: null, notice: null };
    return fallback(`${decoded.message} Showing a working tunnel instead.`);
  }
  let preset: string | null = null;
  try {
    preset = new URLSearchParams(address.search).get('preset');
  } catch {
    preset = null;
  }
  if (preset !== null) {
    if (Object.hasOwn(presets, preset)) return { scenario: presets[preset]!.scenario, presetId: preset, notice: null };
    const shown = preset.length > 60 ? `${preset.slice(0, 60)}…` : preset;
    return fallback(`There is no preset called “${shown}”. Showing a working tunnel instead.`);
  }
  return fallback(null);
}
