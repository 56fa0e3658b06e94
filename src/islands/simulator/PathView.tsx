/** The picture of the path, the playback buttons and the list of steps. */
import type { ComponentChildren } from 'preact';
import type { SimulatorView } from '../../machine/channel-open/types.ts';
import type { PlaybackEvent } from '../../machine/channel-open/playback.ts';

interface Props {
  view: SimulatorView;
  onPlayback: (event: PlaybackEvent) => void;
  /** Shown between the playback buttons and the list of steps (the result). */
  children?: ComponentChildren;
}

export function PathView({ view, onPlayback, children }: Props) {
  const { nodes, steps, playback } = view;
  return (
    <section class="sim-path" aria-labelledby="sim-path-title">
      <h2 id="sim-path-title">The path of the channel</h2>
      <ol class="sim-nodes" aria-label="Machines on the path, in order">
        {nodes.map((n) => (
          <li class={`sim-node sim-node--${n.status}${n.decisive ? ' sim-node--decisive' : ''}`} data-machine={n.machine}>
            <span class="sim-node-icon" aria-hidden="true">
              {n.icon}
            </span>
            <span class="sim-node-label">{n.label}</span>
            {n.sublabel ? <span class="sim-node-sub">{breakable(n.sublabel)}</span> : null}
            <span class="sim-node-status">{n.statusText}</span>
          </li>
        ))}
      </ol>
      <div class="sim-controls" role="group" aria-label="Playback">
        <Control on={playback.total > 0} onClick={() => onPlayback('toggle')}>
          <span aria-hidden="true">{playback.playing ? '❚❚' : '▶'}</span> {playback.playLabel}
        </Control>
        <Control on={playback.canBack} onClick={() => onPlayback('back')}>
          <span aria-hidden="true">←</span> Back
        </Control>
        <Control on={playback.canStep} onClick={() => onPlayback('step')}>
          Step <span aria-hidden="true">→</span>
        </Control>
        <Control on={playback.canReset} onClick={() => onPlayback('reset')}>
          <span aria-hidden="true">↺</span> Reset
        </Control>
        <Control on={!playback.atEnd} onClick={() => onPlayback('end')}>
          Show all
        </Control>
        <span class="sim-position" aria-live="off">
          {playback.label}
        </span>
      </div>
      {children}
      <h3 class="sim-steps-title" id="sim-steps-title">
        Steps
      </h3>
      <ol class="sim-steps" aria-labelledby="sim-steps-title">
        {steps.map((s) => (
          <li
            class={`sim-step sim-step--${s.shown ? s.status : 'pending'}${s.current ? ' sim-step--current' : ''}${s.decisive && s.shown ? ' sim-step--decisive' : ''}`}
            aria-current={s.current ? 'step' : undefined}
            data-step={s.id}
          >
            <span class="sim-step-icon" aria-hidden="true">
              {s.shown ? s.icon : '·'}
            </span>
            <span class="sim-step-body">
              <span class="sim-step-head">
                <span class="sim-step-machine">{s.machineLabel}</span>
                <span class="sim-step-status">{s.shown ? (s.decisive ? `${s.statusText} — this step decides` : s.statusText) : 'not yet played'}</span>
              </span>
              {s.shown ? <span class="sim-step-detail">{s.detail}</span> : null}
              <code class="sim-step-id">{s.id}</code>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One line per " · " part; a long host:port may wrap after ':' or '@' rather than mid-word. */
function breakable(text: string) {
  return text.split(' · ').map((line) => <span class="sim-node-line">{line.split(/(?<=[:@])/).map((part, i) => (i ? [<wbr />, part] : part))}</span>);
}

/**
 * A playback button. When it cannot act it is aria-disabled rather than disabled, so keyboard
 * focus stays on it (stepping to the last step does not throw focus back to the page).
 */
function Control({ on, onClick, children }: { on: boolean; onClick: () => void; children: ComponentChildren }) {
  return (
    <button type="button" aria-disabled={on ? undefined : 'true'} onClick={on ? onClick : undefined}>
      {children}
    </button>
  );
}
