/**
 * The simulator and its page address: share links (`#z=`, or the older `#s=`) and `?preset=` are
 * read after hydration (the built HTML shows the page's own preset, so the first render must not read
 * the address), and the fragment follows edits. Nothing is sent anywhere: it is the fragment.
 * The code for share links and the other presets is not needed for the page's first result, so it
 * is loaded when an address asks for it, an edit is made or a preset is picked.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Scenario } from '../../model/scenario.ts';
import type { InitialState, PresetRef } from '../../machine/channel-open/url.ts';

const URL_DEBOUNCE_MS = 250;

/** The preset /simulator/ is built with, and the one a page without its own falls back to. */
export const DEFAULT_PRESET = 'working-tunnel';

const shareCode = () => import('../../model/share.ts');

/** A preset by id, or null when there is none (the presets load on first use). */
export async function findPreset(id: string): Promise<PresetRef | null> {
  const { PRESETS } = await import('../../model/presets.ts');
  const p = Object.hasOwn(PRESETS, id) ? PRESETS[id] : undefined;
  return p ? { id, title: p.title, scenario: p.scenario } : null;
}

/** The address to copy: this page with the scenario in the fragment. */
export async function shareUrl(scenario: Scenario): Promise<string> {
  const { shareFragment } = await shareCode();
  return `${location.origin}${location.pathname}#${await shareFragment(scenario)}`;
}

/**
 * Loads what the address asks for once hydrated, then any share link pasted into this tab's
 * address bar (a fragment change). An edit made before the first load finishes wins over it.
 * Returns whether the first load is done (the page marks it with data-ready).
 */
export function useAddressScenario(page: PresetRef, edited: { current: boolean }, apply: (next: InitialState) => void): boolean {
  const [ready, setReady] = useState(false);
  const applyRef = useRef(apply);
  applyRef.current = apply;
  useEffect(() => {
    const load = async (atStart: boolean) => {
      const [{ initialState }, { decodeShareFragment, isShareFragment }] = await Promise.all([import('../../machine/channel-open/url.ts'), shareCode()]);
      if (!atStart && !isShareFragment(location.hash)) return;
      const next = await initialState({ search: atStart ? location.search : '', hash: location.hash }, page, findPreset, decodeShareFragment);
      if (!(atStart && edited.current)) applyRef.current(next);
    };
    // Only a fragment or ?preset= can ask for something else than the built result.
    const asks = location.hash.length > 1 || new URLSearchParams(location.search).has('preset');
    (asks ? load(true) : Promise.resolve()).finally(() => setReady(true));
    const onHash = () => void load(false);
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, [page, edited]);
  return ready;
}

/** The address bar follows the scenario once the user has edited it (debounced). */
export function useAddressFollows(scenario: Scenario, edited: { current: boolean }): void {
  useEffect(() => {
    if (!edited.current) return;
    let stale = false;
    const t = setTimeout(async () => {
      const { shareFragment } = await shareCode();
      const fragment = await shareFragment(scenario);
      if (stale) return;
      try {
        history.replaceState(history.state, '', `${location.pathname}#${fragment}`);
      } catch {
        /* a browser that refuses replaceState keeps the old address */
      }
    }, URL_DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [scenario, edited]);
}
