import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/model/presets.ts';
import { CAUSES, causeById } from '../../src/model/causes.ts';
import { simulate } from '../../src/machine/channel-open/simulate.ts';
import { validateScenario } from '../../src/model/validate.ts';

const MYTH_PRESETS: Record<string, string> = {
  // A myth's preset shows what really happens: the myth's fix does not change the outcome.
  'myth-permittunnel': 'tcp-forwarding-disabled',
  'myth-firewall-icmp': 'target-firewalled',
};

describe('presets', () => {
  it.each(Object.entries(PRESETS))('%s is a valid scenario', (_id, preset) => {
    expect(validateScenario(preset.scenario).problems).toEqual([]);
  });

  it.each(Object.entries(PRESETS).filter(([id]) => id !== 'working-tunnel'))('%s reaches its cause', (id, preset) => {
    const trace = simulate(preset.scenario);
    const expected = MYTH_PRESETS[id] ?? id;
    expect(trace.cause).toBe(expected);
    expect(trace.fixOn).toBe(causeById(expected)!.fixOn);
    expect(trace.outcome).not.toBe('open');
    expect(trace.clientLines.length).toBeGreaterThan(0);
  });

  it('the working tunnel opens and prints nothing', () => {
    const trace = simulate(PRESETS['working-tunnel']!.scenario);
    expect(trace.outcome).toBe('open');
    expect(trace.clientLines).toEqual([]);
    expect(trace.cause).toBeNull();
  });

  it('every cause with a channel-open symptom has a preset', () => {
    for (const c of CAUSES) expect(PRESETS[c.id], c.id).toBeDefined();
  });
});
