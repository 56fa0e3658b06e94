/**
 * Loads the model (engine.ts) on use. The page's own scenario comes computed with the page, so the
 * model's code is fetched only when the user moves into the simulator (focus, a pointer or a key:
 * `want`), edits it, or the address asks for another scenario. Until it has loaded, the last result
 * stays on screen and `current` is false (the page marks itself busy).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Scenario } from '../../model/scenario.ts';
import type { Computed } from './engine.ts';

type Engine = typeof import('./engine.ts');

let loading: Promise<Engine> | null = null;
const loadEngine = (): Promise<Engine> => {
  loading ??= import('./engine.ts');
  return loading;
};

export interface ModelState {
  /** The result for the scenario, or the last one while the model loads. */
  computed: Computed;
  /** False while a changed scenario waits for the model. */
  current: boolean;
  /** True once the model's code has loaded. */
  loaded: boolean;
  /** Starts loading the model (the user has moved into the simulator). */
  want: () => void;
}

/** The model's result for `scenario`: the page's own without any model code, any other once it has loaded. */
export function useModel(scenario: Scenario, page: { scenario: Scenario; computed: Computed }): ModelState {
  const [engine, setEngine] = useState<Engine | null>(null);
  const want = useCallback(() => {
    void loadEngine().then((m) => setEngine(() => m));
  }, []);
  const fresh = useMemo(() => (scenario === page.scenario ? page.computed : engine ? engine.compute(scenario) : null), [engine, scenario, page]);
  const last = useRef(page.computed);
  if (fresh) last.current = fresh;
  useEffect(() => {
    if (!fresh) want();
  }, [fresh, want]);
  return { computed: fresh ?? last.current, current: fresh !== null, loaded: engine !== null, want };
}
