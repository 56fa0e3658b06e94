/**
 * The simulator island: holds the scenario and the playback position; everything shown is the
 * view-model from connect(). simulate() runs synchronously on every edit; only the address bar
 * update is debounced.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Scenario } from '../../model/scenario.ts';
import type { Trace } from '../../model/trace.ts';
import type { World } from '../../model/world.ts';
import type { Problem } from '../../model/validate.ts';
import { parseScenarioJson } from '../../model/validate.ts';
import { PRESETS } from '../../model/presets.ts';
import { decodeScenario, encodeScenario } from '../../model/share.ts';
import { simulateDetailed } from '../../machine/channel-open/simulate.ts';
import { connect } from '../../machine/channel-open/connect.ts';
import { analyse } from '../../machine/channel-open/analyse.ts';
import { initialState, type InitialState } from '../../machine/channel-open/url.ts';
import { playback, type PlaybackEvent, type PlaybackState } from '../../machine/channel-open/playback.ts';
import { CommandEditor, Editors } from './Editors.tsx';
import { PathView } from './PathView.tsx';
import { Output } from './Output.tsx';
import { JsonEditor } from './JsonEditor.tsx';

const STEP_MS = 700;
const URL_DEBOUNCE_MS = 250;

function run(scenario: Scenario): { trace: Trace; world: World | null; error: string | null } {
  try {
    const sim = simulateDetailed(scenario);
    return { trace: sim.trace, world: sim.world, error: null };
  } catch (e) {
    return {
      world: null,
      trace: { outcome: 'failed', stoppedAt: null, cause: null, fixOn: null, reasonCode: null, clientLines: [], serverLog: [], steps: [] },
      error: `The simulator could not run this scenario (${(e as Error).message}). Please report it with a share link.`,
    };
  }
}

function shareUrl(scenario: Scenario): string {
  return `${location.origin}${location.pathname}#s=${encodeScenario(scenario)}`;
}

type Share = { url: string; status: string } | null;

/** Copies a share link for the scenario, and says whether the browser let it. */
async function copyShareLink(scenario: Scenario): Promise<NonNullable<Share>> {
  const url = shareUrl(scenario);
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

/** The address bar follows the scenario once the user edits it (debounced); nothing is sent anywhere: it is the fragment. */
function useAddressFollows(scenario: Scenario, edited: { current: boolean }): void {
  useEffect(() => {
    if (!edited.current) return;
    const t = setTimeout(() => {
      try {
        history.replaceState(history.state, '', `${location.pathname}#s=${encodeScenario(scenario)}`);
      } catch {
        /* a browser that refuses replaceState keeps the old address */
      }
    }, URL_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [scenario, edited]);
}

/** A share link pasted into this tab's address bar changes only the fragment: load it. */
function useShareLinkPaste(load: (next: InitialState) => void): void {
  useEffect(() => {
    const onHash = () => {
      if (!location.hash.startsWith('#s=')) return;
      load(initialState({ search: '', hash: location.hash }, PRESETS, decodeScenario));
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, [load]);
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

function Toolbar({ presetId, share, onPreset, onCopy }: { presetId: string | null; share: Share; onPreset: (id: string) => void; onCopy: () => void }) {
  return (
    <>
      <div class="sim-toolbar">
        <div class="sim-field">
          <label for="sim-preset">Preset</label>
          <select id="sim-preset" value={presetId ?? ''} onChange={(e) => onPreset((e.currentTarget as HTMLSelectElement).value)}>
            {presetId ? null : <option value="">Your own scenario</option>}
            {Object.entries(PRESETS).map(([id, p]) => (
              <option value={id}>{p.title}</option>
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

export default function Simulator() {
  const [init] = useState(() => initialState({ search: location.search, hash: location.hash }, PRESETS, decodeScenario));
  const [scenario, setScenario] = useState<Scenario>(init.scenario);
  const [presetId, setPresetId] = useState<string | null>(init.presetId);
  const [notice, setNotice] = useState<string | null>(init.notice);
  const [pb, setPb] = useState<PlaybackState>({ position: Infinity, playing: false });
  const [jsonDraft, setJsonDraft] = useState<{ text: string; problems: Problem[] } | null>(null);
  const [share, setShare] = useState<Share>(null);
  const edited = useRef(false);

  const { trace, world, error } = useMemo(() => run(scenario), [scenario]);
  const analysis = useMemo(() => analyse(scenario, world), [scenario, world]);
  const view = connect({ scenario, trace, position: pb.position, playing: pb.playing, diagnostics: analysis.diagnostics, command: analysis.command });
  const total = trace.steps.length;

  const change = (next: Scenario, fromJson = false) => {
    edited.current = true;
    setScenario(next);
    setPresetId(null);
    setPb({ position: Infinity, playing: false });
    setShare(null);
    if (!fromJson) setJsonDraft(null);
  };
  const load = useCallback((next: InitialState) => {
    setScenario(next.scenario);
    setPresetId(next.presetId);
    setNotice(next.notice);
    setPb({ position: Infinity, playing: false });
    setJsonDraft(null);
    setShare(null);
  }, []);

  usePlaybackTimer(pb, total, setPb);
  useAddressFollows(scenario, edited);
  useShareLinkPaste(load);

  const onPlayback = (event: PlaybackEvent) => setPb((s) => playback(s, event, total));
  const onPreset = (id: string) => {
    const preset = PRESETS[id];
    if (!preset) return;
    change(preset.scenario);
    setPresetId(id);
    setNotice(null);
  };
  const onJson = (text: string) => {
    const v = parseScenarioJson(text);
    setJsonDraft({ text, problems: v.problems });
    if (v.scenario) change(v.scenario, true);
  };
  const onCopy = async () => setShare(await copyShareLink(scenario));

  const jsonText = jsonDraft?.text ?? JSON.stringify(scenario, null, 2);

  return (
    <div class="sim">
      <Notices notice={notice} error={error} onDismiss={() => setNotice(null)} />
      <div class="sim-setup">
        <Toolbar presetId={presetId} share={share} onPreset={onPreset} onCopy={onCopy} />
        <CommandEditor scenario={scenario} view={view} explanation={analysis.explanation} onChange={change} />
      </div>
      <div class="sim-output">
        <PathView view={view} onPlayback={onPlayback}>
          <Output result={view.result} />
        </PathView>
      </div>
      <div class="sim-config">
        <Editors scenario={scenario} view={view} command={analysis.command} explanation={analysis.explanation} onChange={change} />
        <JsonEditor text={jsonText} problems={jsonDraft?.problems ?? []} onInput={onJson} />
      </div>
    </div>
  );
}
