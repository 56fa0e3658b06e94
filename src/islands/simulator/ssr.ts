/**
 * The simulator rendered to HTML at build time, with a page's preset: the same component and props
 * the browser hydrates (see mount.ts), so the result, the path and the lines are readable before any
 * JavaScript runs and hydration changes nothing on screen. The props travel in the page as JSON, so
 * the browser's script carries no preset it does not show, and with them the model's result for the
 * preset, so the model's own code loads only on use (model-loader.ts).
 */
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { PRESETS } from '../../model/presets.ts';
import { explainCommand } from '../../model/explain.ts';
import { compute } from './engine.ts';
import Simulator, { type SimulatorProps } from './Simulator.tsx';
import { DEFAULT_PRESET } from './address.ts';

/** The island's props for a page built with this preset (an unknown id gives the default preset's). */
export function simulatorProps(presetId: string): SimulatorProps {
  const id = Object.hasOwn(PRESETS, presetId) ? presetId : DEFAULT_PRESET;
  const preset = PRESETS[id]!;
  const computed = compute(preset.scenario);
  return {
    presetId: id,
    title: preset.title,
    scenario: preset.scenario,
    presets: Object.entries(PRESETS).map(([pid, p]) => ({ id: pid, title: p.title })),
    explanation: explainCommand(preset.scenario.client.command, computed.parsed ?? undefined),
    // the parsed command is only the explainer's, which loads with its own parser: the page need not carry it
    computed: { ...computed, parsed: null },
  };
}

export function renderSimulator(props: SimulatorProps): string {
  return renderToString(h(Simulator, props));
}

/** The props as the text of a `<script type="application/json">`: no `<` in it, so no `</script>`. */
export function propsScriptText(props: SimulatorProps): string {
  return JSON.stringify(props).replace(/</g, '\\u003c');
}
