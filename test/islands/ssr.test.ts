/**
 * The simulator pages are built with the island rendered server-side (renderSimulator): the HTML a
 * reader gets before any script runs already holds each preset's result, its steps and its lines.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/model/presets.ts';
import { simulate } from '../../src/machine/channel-open/simulate.ts';
import { propsScriptText, renderSimulator, simulatorProps } from '../../src/islands/simulator/ssr.ts';

const htmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('renderSimulator', () => {
  it.each(Object.keys(PRESETS))('%s: the built HTML shows the preset, its steps and what ssh and sshd print', (id) => {
    const preset = PRESETS[id]!;
    const trace = simulate(preset.scenario);
    const html = renderSimulator(simulatorProps(id));
    expect(html).toContain(`value="${htmlEscape(preset.scenario.client.command)}"`);
    expect(html).toContain(`<option selected value="${id}">`);
    expect(html.match(/<li class="sim-step[ "]/g) ?? []).toHaveLength(trace.steps.length);
    for (const line of [...trace.clientLines, ...trace.serverLog]) expect(html).toContain(htmlEscape(line));
    // Not yet hydrated: data-ready is set by the browser once the address is loaded.
    expect(html).not.toContain('data-ready');
  });

  it('an unknown preset id renders the default preset', () => {
    expect(renderSimulator(simulatorProps('no-such-preset'))).toBe(renderSimulator(simulatorProps('working-tunnel')));
  });

  it('the props the page carries for hydration are the preset itself, and cannot close their script element', () => {
    const props = simulatorProps('tcp-forwarding-disabled');
    expect(props.scenario).toEqual(PRESETS['tcp-forwarding-disabled']!.scenario);
    expect(props.presets.map((p) => p.id)).toEqual(Object.keys(PRESETS));
    const hostile = { ...props, title: '</script><script>alert(1)</script>' };
    const text = propsScriptText(hostile);
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual(hostile);
  });
});
