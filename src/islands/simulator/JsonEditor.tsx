/** The whole scenario as JSON, two-way: valid edits replace the scenario, problems are listed with their path. */
import type { Problem } from '../../model/validate.ts';

interface Props {
  text: string;
  problems: Problem[];
  onInput: (text: string) => void;
}

export function JsonEditor({ text, problems, onInput }: Props) {
  const lines = text.split('\n').length;
  return (
    <details class="sim-json">
      <summary>Scenario JSON</summary>
      <div class="sim-field">
        <label for="sim-json">The whole scenario (edit it here or with the controls; both stay in step)</label>
        <textarea
          id="sim-json"
          value={text}
          rows={Math.min(Math.max(lines, 6), 30)}
          spellcheck={false}
          wrap="off"
          aria-invalid={problems.length ? 'true' : undefined}
          aria-describedby={problems.length ? 'sim-json-problems' : undefined}
          onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
        />
        {problems.length ? (
          <ul class="sim-diags" id="sim-json-problems">
            {problems.slice(0, 20).map((p) => (
              <li class="sim-diag sim-diag--error">
                <span class="sim-diag-sev">Error</span> <code>{p.path}</code>: {p.message}
              </li>
            ))}
            {problems.length > 20 ? <li class="sim-diag">… and {problems.length - 20} more</li> : null}
          </ul>
        ) : null}
      </div>
    </details>
  );
}
