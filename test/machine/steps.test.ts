/**
 * The step table is the one place a step is declared: every step the chart enters is in it and
 * every step in it is entered by the chart; and for every preset the trace's sentences are the
 * table's checks, with the deciding step's check naming the cause the trace reports.
 */
import { describe, expect, it } from 'vitest';
import { channelOpenMachine } from '../../src/machine/channel-open/machine.ts';
import { simulateDetailed } from '../../src/machine/channel-open/simulate.ts';
import { STEPS, checkStep, type StepId } from '../../src/machine/channel-open/steps.ts';
import { bastionCause } from '../../src/model/decide.ts';
import { allPresets } from '../../src/model/presets.ts';

/** The step each state of the chart enters (its `enterStep` entry action), by state. */
function enteredSteps(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, node] of Object.entries(channelOpenMachine.root.states)) {
    for (const action of node.entry) {
      const a = action as { type?: string; params?: { step?: string } };
      if (a.type === 'enterStep' && a.params?.step) out.set(key, a.params.step);
    }
  }
  return out;
}

describe('the step table', () => {
  it('names every step the chart enters, and the chart enters each of them once', () => {
    const entered = [...enteredSteps().values()];
    expect(new Set(entered).size).toBe(entered.length);
    expect([...entered].sort()).toEqual(Object.keys(STEPS).sort());
  });

  it.each(Object.entries(allPresets()))('%s: each step says what its check found, and the deciding check names the cause', (_id, preset) => {
    const sim = simulateDetailed(preset.scenario);
    for (const step of sim.trace.steps) {
      const check = checkStep(step.id as StepId, sim.world);
      expect(step.detail, step.id).toBe(check.detail);
      expect(step.machine, step.id).toBe(STEPS[step.id as StepId].machine);
    }
    if (sim.trace.outcome !== 'rejected') return;
    const deciding = sim.trace.steps.at(-1)!;
    expect(deciding.id).toBe(sim.trace.stoppedAt);
    const check = checkStep(deciding.id as StepId, sim.world);
    expect(check.ok).toBe(false);
    const server = deciding.machine === 'jump-host' || deciding.id === 'name-resolution.jump-lookup' ? sim.world.jump! : sim.world.server;
    expect(bastionCause(sim.world, server, check.refusal!)).toBe(sim.trace.cause);
  });
});
