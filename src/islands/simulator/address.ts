/**
 * The simulator and its page address: share links (`#z=`, or the older `#s=`) and `?preset=` are
 * read after hydration (the built HTML shows the page's own preset, so the first render must not read
 * the address), and the fragment follows edits. Nothing is sent anywhere: it is the fragment.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Scenario } from '../../model/scenario.ts';
import { PRESETS } from '../../model/presets.ts';
import { decodeShareFragment, isShareFragment, shareFragment } from '../../model/share.ts';
import { initialState, type InitialState } from '../../machine/channel-open/url.ts';

const URL_DEBOUNCE_MS = 250;

/** The preset /simulator/ is built with, and the one a page without its own falls back to. */
export const DEFAULT_PRESET = 'working-tunnel';

/** The address to copy: this page with the scenario in the fragment. */
export async function shareUrl(scenario: Scenario): Promise<string> {
  return `${location.origin}${location.pathname}#${await shareFragment(scenario)}`;
}

/**
 * Loads what the address asks for once hydrated, then any share link pasted into this tab's
 * address bar (a fragment change). An edit made before the first load finishes wins over it.
 * Returns whether the first load is done (the page marks it with data-ready).
 */
export function useAddressScenario(pagePreset: string, edited: { current: boolean }, apply: (next: InitialState) => void): boolean {
  const [ready, setReady] = useState(false);
  const applyRef = useRef(apply);
  applyRef.current = apply;
  useEffect(() => {
    const load = async (atStart: boolean) => {
      const next = await initialState({ search: atStart ? location.search : '', hash: location.hash }, PRESETS, decodeShareFragment, pagePreset);
      if (!(atStart && edited.current)) applyRef.current(next);
    };
    const asks = isShareFragment(location.hash) || new URLSearchParams(location.search).has('preset');
    (asks ? load(true) : Promise.resolve()).finally(() => setReady(true));
    const onHash = () => {
      if (isShareFragment(location.hash)) void load(false);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, [pagePreset, edited]);
  return ready;
}

/** The address bar follows the scenario once the user has edited it (debounced). */
export function useAddressFollows(scenario: Scenario, edited: { current: boolean }): void {
  useEffect(() => {
    if (!edited.current) return;
    let stale = false;
    const t = setTimeout(async () => {
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
