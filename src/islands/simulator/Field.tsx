/** A labelled text editor (input or textarea) with its parser diagnostics listed under it. */
import type { FieldView } from '../../machine/channel-open/types.ts';
import type { ComponentChildren } from 'preact';

interface Props {
  label: string;
  value: string;
  onInput: (value: string) => void;
  view?: FieldView;
  id?: string;
  multiline?: boolean;
  rows?: number;
  hint?: ComponentChildren;
  placeholder?: string;
}

export function Field({ label, value, onInput, view, id, multiline, rows = 4, hint, placeholder }: Props) {
  const fid = view?.id ?? id ?? label;
  const hintId = hint ? `${fid}-hint` : null;
  const describedBy = [hintId, view?.describedBy].filter(Boolean).join(' ') || undefined;
  const common = {
    id: fid,
    value,
    placeholder,
    spellcheck: false,
    autocomplete: 'off',
    autocapitalize: 'off' as const,
    'aria-describedby': describedBy,
    'aria-invalid': view?.invalid ? ('true' as const) : undefined,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  };
  const lines = multiline ? Math.max(rows, value.split('\n').length) : 1;
  return (
    <div class={`sim-field${view?.diagnostics.length ? ' sim-field--diag' : ''}`}>
      <label for={fid}>{label}</label>
      {multiline ? (
        <div class="sim-code">
          <div class="sim-gutter" aria-hidden="true">
            {Array.from({ length: Math.min(lines, 200) }, (_, i) => (
              <span class={view?.markedLines.includes(i + 1) ? 'sim-gutter-mark' : undefined}>{view?.markedLines.includes(i + 1) ? '!' : i + 1}</span>
            ))}
          </div>
          <textarea {...common} rows={Math.min(lines, 200)} wrap="off" />
        </div>
      ) : (
        <input type="text" {...common} />
      )}
      {hint ? (
        <div class="sim-hint" id={hintId ?? undefined}>
          {hint}
        </div>
      ) : null}
      <Diagnostics view={view} />
    </div>
  );
}

/** The diagnostics of one editor, "line 3, column 1: message", with the id aria-describedby points at. */
export function Diagnostics({ view }: { view?: FieldView }) {
  if (!view?.diagnostics.length) return null;
  return (
    <ul class="sim-diags" id={view.describedBy ?? undefined}>
      {view.diagnostics.map((d) => (
        <li class={`sim-diag sim-diag--${d.severity}`}>
          <span class="sim-diag-sev">{d.severity === 'error' ? 'Error' : d.severity === 'warning' ? 'Warning' : 'Note'}</span> {d.text}
        </li>
      ))}
    </ul>
  );
}

/** A labelled checkbox. */
export function Check({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div class="sim-check">
      <input type="checkbox" id={id} checked={checked} onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)} />
      <label for={id}>{label}</label>
    </div>
  );
}
