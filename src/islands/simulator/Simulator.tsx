/**
 * The simulator island: holds the scenario and the playback position; everything shown is the
 * view-model from connect(). It renders on the server too (ssr.ts) with the page's preset and that
 * preset's model result, so the first render reads no browser globals and needs none of the model's
 * code: the model loads when the reader moves into the simulator (model-loader.ts; `data-model` on
 * the root marks it), and from then on runs synchronously on every edit; only the address bar
 * update is debounced. What the address adds (a share link, `?preset=`) is loaded after hydration
 * (address.ts), and `data-ready` on the root marks that it is done and its result shown.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Scenario } from '../../model/scenario.ts';
import type { Explanation } from '../../model/explain.ts';
import { connect } from '../../machine/channel-open/connect.ts';
import type { InitialState, PresetRef } from '../../machine/channel-open/url.ts';
import { playback, type PlaybackEvent, type PlaybackState } from '../../machine/channel-open/playback.ts';
import { CommandEditor, Editors } from './Editors.tsx';
import { PathView } from './PathView.tsx';
import { Output } from './Output.tsx';
import { JsonEditor } from './JsonEditor.tsx';
import { findPreset, shareUrl, useAddressFollows, useAddressScenario } from './address.ts';
import { useExplanation } from './explanation.ts';
import { useJsonDraft } from './json-draft.ts';
import type { Computed } from './engine.ts';
import { useModel } from './model-loader.ts';

const STEP_MS = 700;

type Share = { url: string; status: string } | null;

/** Copies a share link for the scenario, and says whether the browser let it. */
async function copyShareLink(scenario: Scenario): Promise<NonNullable<Share>> {
  const url = await shareUrl(scenario);
  try {
    history.replaceState(history.state, '', url);
  } catch {
    /* ignore */
  }
  try {
    await navigator.clipboard.writeText(url);
    return { url, status: 'Link copied. It holds the whole scenario; nothing is stored on a server.' };
  } catch {
    return { url, status: 'Copy the link below (your browser did not allow copying it automatically).' };
  }
}

/** Playback timer: one step per tick while playing. */
function usePlaybackTimer(pb: PlaybackState, total: number, setPb: (f: (s: PlaybackState) => PlaybackState) => void): void {
  useEffect(() => {
    if (!pb.playing) return;
    const t = setTimeout(() => setPb((s) => playback(s, 'tick', total)), STEP_MS);
    return () => clearTimeout(t);
  }, [pb, total, setPb]);
}

function Notices({ notice, error, onDismiss }: { notice: string | null; error: string | null; onDismiss: () => void }) {
  return (
    <>
      {notice ? (
        <div class="sim-notice" role="alert">
          <p>{notice}</p>
          <button type="button" class="sim-small" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      ) : null}
      {error ? (
        <div class="sim-notice" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
    </>
  );
}

function Toolbar({
  presetId,
  presets,
  share,
  onPreset,
  onCopy,
}: {
  presetId: string | null;
  presets: SimulatorProps['presets'];
  share: Share;
  onPreset: (id: string) => void;
  onCopy: () => void;
}) {
  return (
    <>
      <div class="sim-toolbar">
        <div class="sim-field">
          <label for="sim-preset">Preset</label>
          <select id="sim-preset" value={presetId ?? ''} onChange={(e) => onPreset((e.currentTarget as HTMLSelectElement).value)}>
            {presetId ? null : <option value="">Your own scenario</option>}
            {presets.map((p) => (
              <option value={p.id}>{p.title}</option>
            ))}
          </select>
        </div>
        <div class="sim-share">
          <button type="button" onClick={onCopy}>
            Copy share link
          </button>
          <span class="sim-share-status" role="status">
            {share?.status ?? ''}
          </span>
        </div>
      </div>
      {share ? (
        <div class="sim-field sim-share-url">
          <label for="sim-share-url">Share link</label>
          <input id="sim-share-url" type="text" readOnly value={share.url} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
        </div>
      ) : null}
    </>
  );
}

/** What a page gives the island (ssr.ts builds it; mount.ts reads it back from the page). */
export interface SimulatorProps {
  /** The preset the page is built with, and the one a damaged link falls back to. */
  presetId: string;
  /** Its title, named when the page falls back to it. */
  title: string;
  /** Its scenario: the page's first result. */
  scenario: Scenario;
  /** Every preset's id and title, in order, for the picker; a preset's scenario loads when it is picked. */
  presets: ReadonlyArray<{ id: string; title: string }>;
  /** The explanation of its command line (explainCommand's), shown until the explainer has loaded. */
  explanation: Explanation[];
  /** What the model makes of its scenario (engine.ts compute), so the first result needs no model code. */
  computed: Computed;
}

/** What the page was built with, in the shapes the hooks take: its preset, its model result, its explanation. */
function usePageData({ presetId, title, scenario, explanation, computed }: SimulatorProps) {
  const page = useMemo<PresetRef>(() => ({ id: presetId, title, scenario }), [presetId, title, scenario]);
  const result = useMemo(() => ({ scenario, computed }), [scenario, computed]);
  const text = useMemo(() => ({ command: scenario.client.command, explanation }), [scenario, explanation]);
  return { page, result, text };
}

export default function Simulator(props: SimulatorProps) {
  const { page, result: pageResult, text: builtText } = usePageData(props);
  const [scenario, setScenario] = useState<Scenario>(props.scenario);
  const [presetId, setPresetId] = useState<string | null>(props.presetId);
  const [notice, setNotice] = useState<string | null>(null);
  const [pb, setPb] = useState<PlaybackState>({ position: Infinity, playing: false });
  const [share, setShare] = useState<Share>(null);
  const edited = useRef(false);

  const model = useModel(scenario, pageResult);
  const { trace, analysis, error, parsed } = model.computed;
  const { explanation, prepare } = useExplanation(scenario.client.command, parsed ?? undefined, builtText);
  const view = connect({ scenario, trace, position: pb.position, playing: pb.playing, diagnostics: analysis.diagnostics, command: analysis.command });
  const total = trace.steps.length;

  const change = (next: Scenario, fromJson = false) => {
    edited.current = true;
    setScenario(next);
    setPresetId(null);
    setPb({ position: Infinity, playing: false });
    setShare(null);
    if (!fromJson) json.reset();
  };
  const json = useJsonDraft((next) => change(next, true));
  const load = useCallback(
    (next: InitialState) => {
      setScenario(next.scenario);
      setPresetId(next.presetId);
      setNotice(next.notice);
      setPb({ position: Infinity, playing: false });
      json.reset();
      setShare(null);
    },
    [json.reset],
  );

  usePlaybackTimer(pb, total, setPb);
  useAddressFollows(scenario, edited);
  const ready = useAddressScenario(page, edited, load);

  const onPlayback = (event: PlaybackEvent) => setPb((s) => playback(s, event, total));
  const onPreset = async (id: string) => {
    const preset = await findPreset(id);
    if (!preset) return;
    change(preset.scenario);
    setPresetId(id);
    setNotice(null);
  };
  const onCopy = async () => setShare(await copyShareLink(scenario));
  const jsonText = json.draft?.text ?? JSON.stringify(scenario, null, 2);
  return (
    <div
      class="sim"
      data-ready={ready && model.current ? '' : undefined}
      data-model={model.loaded ? '' : undefined}
      aria-busy={model.current ? undefined : 'true'}
      onFocusIn={() => {
        prepare();
        model.want();
      }}
      onPointerDown={model.want}
    >
      <Notices notice={notice} error={error} onDismiss={() => setNotice(null)} />
      <div class="sim-setup">
        <Toolbar presetId={presetId} presets={props.presets} share={share} onPreset={onPreset} onCopy={onCopy} />
        <CommandEditor scenario={scenario} view={view} explanation={explanation} onChange={change} />
      </div>
      <div class="sim-output">
        <PathView view={view} onPlayback={onPlayback}>
          <Output result={view.result} />
        </PathView>
      </div>
      <div class="sim-config">
        <Editors scenario={scenario} view={view} command={analysis.command} explanation={explanation} onChange={change} />
        <JsonEditor text={jsonText} problems={json.draft?.problems ?? []} onInput={json.onInput} />
      </div>
    </div>
  );
}
