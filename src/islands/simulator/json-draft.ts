/**
 * The JSON editor's state: its text while the user edits it, with the problems the scenario's
 * reader (validate.ts) finds there. The reader loads on the first edit in the JSON editor; an edit
 * made while it loads, or a change from anywhere else (reset), supersedes the one still waiting.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import type { Scenario } from '../../model/scenario.ts';
import type { Problem } from '../../model/validate.ts';

export interface JsonDraft {
  text: string;
  problems: Problem[];
}

/** `apply` receives each valid scenario typed into the editor. */
export function useJsonDraft(apply: (next: Scenario) => void): { draft: JsonDraft | null; reset: () => void; onInput: (text: string) => Promise<void> } {
  const [draft, setDraft] = useState<JsonDraft | null>(null);
  const seq = useRef(0);
  const reset = useCallback(() => {
    seq.current++;
    setDraft(null);
  }, []);
  const onInput = async (text: string) => {
    const mine = ++seq.current;
    setDraft((d) => ({ text, problems: d?.problems ?? [] }));
    const { parseScenarioJson } = await import('../../model/validate.ts');
    if (mine !== seq.current) return;
    const v = parseScenarioJson(text);
    setDraft({ text, problems: v.problems });
    if (v.scenario) apply(v.scenario);
  };
  return { draft, reset, onInput };
}
