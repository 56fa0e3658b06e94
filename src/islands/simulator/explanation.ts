/**
 * The live explanation under the command line. The page carries its own preset's explanation
 * (built by ssr.ts), so the first render needs none of explain.ts; that module loads when the user
 * first moves into the simulator (focus) or changes the command, and from then on explains every
 * edit as it is made. Until it has loaded, the last explanation stays on screen.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Explanation } from '../../model/explain.ts';
import type { SshCommand } from '../../model/parse/command.ts';

type Explain = (text: string, parsed?: SshCommand) => Explanation[];

let loading: Promise<Explain> | null = null;
const loadExplain = (): Promise<Explain> => {
  loading ??= import('../../model/explain.ts').then((m) => m.explainCommand);
  return loading;
};

/** The explanation of `command` (as the model `parsed` it), and a function that starts loading the explainer. */
export function useExplanation(
  command: string,
  parsed: SshCommand | undefined,
  built: { command: string; explanation: Explanation[] },
): { explanation: Explanation[]; prepare: () => void } {
  const [explain, setExplain] = useState<Explain | null>(null);
  const prepare = useCallback(() => {
    void loadExplain().then((f) => setExplain(() => f));
  }, []);
  const fresh = useMemo(() => (explain ? explain(command, parsed) : command === built.command ? built.explanation : null), [explain, command, parsed, built]);
  const last = useRef(built.explanation);
  if (fresh) last.current = fresh;
  useEffect(() => {
    if (!explain && command !== built.command) prepare();
  }, [explain, command, built, prepare]);
  return { explanation: fresh ?? last.current, prepare };
}
