/**
 * Model-based checks that walk the channel-open chart itself (@xstate/graph): every final state is
 * reachable from the start, every rejecting final state is reached by a preset, and what it reports
 * is a catalog cause that has an article.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { toDirectedGraph, type DirectedGraphNode } from '@xstate/graph';
import { channelOpenMachine, FINAL_STATES } from '../../src/machine/channel-open/machine.ts';
import { simulateDetailed } from '../../src/machine/channel-open/simulate.ts';
import { allPresets } from '../../src/model/presets.ts';
import { causeById } from '../../src/model/causes.ts';

/** Final states that end before any channel or forward exists: they carry no catalog cause. */
const NOT_A_CHANNEL_FAILURE = new Set(['open', 'commandInvalid', 'sshdNotRunning', 'jumpNotRunning']);

const articles = new Set(readdirSync(resolve(import.meta.dirname, '../../content/causes')).map((f) => f.replace(/\.mdx$/, '')));

/** The chart's edges. Eventless (`always`) transitions are read from each state node, since the
 * directed graph lists event transitions only and this machine has none. */
function edges(node: DirectedGraphNode): { source: string; target: string }[] {
  const own = [
    ...node.edges.map((e) => ({ source: e.source.key, target: e.target.key })),
    ...(node.stateNode.always ?? []).flatMap((t) => (t.target ?? []).map((target) => ({ source: node.stateNode.key, target: target.key }))),
  ];
  return [...own, ...node.children.flatMap(edges)];
}

describe('the channel-open chart', () => {
  const graph = toDirectedGraph(channelOpenMachine);
  const all = edges(graph);

  it('has a path from the first step to every final state', () => {
    const seen = new Set([channelOpenMachine.root.initial!.target[0]!.key]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const e of all)
        if (seen.has(e.source) && !seen.has(e.target)) {
          seen.add(e.target);
          grew = true;
        }
    }
    for (const f of FINAL_STATES) expect(seen.has(f), f).toBe(true);
  });

  it('guards every branch but the last of each step, so each step has a default way on', () => {
    for (const [key, node] of Object.entries(channelOpenMachine.root.states)) {
      if (node.type === 'final') continue;
      const always = node.always ?? [];
      expect(always.length, key).toBeGreaterThan(0);
      expect(always.at(-1)!.guard, `${key}: last branch must be unguarded`).toBeUndefined();
      for (const t of always.slice(0, -1)) expect(t.guard, key).toBeDefined();
    }
  });

  const reached = new Map<string, { preset: string; cause: string | null }[]>();
  for (const [id, preset] of Object.entries(allPresets())) {
    const sim = simulateDetailed(preset.scenario);
    const list = reached.get(sim.finalState) ?? [];
    list.push({ preset: id, cause: sim.trace.cause });
    reached.set(sim.finalState, list);
  }

  it.each(FINAL_STATES.filter((f) => !NOT_A_CHANNEL_FAILURE.has(f)))('final state %s is reached by a preset and names a cause with a page', (state) => {
    const hits = reached.get(state);
    expect(hits, `no preset ends in ${state}`).toBeDefined();
    for (const { cause } of hits!) {
      expect(cause).not.toBeNull();
      expect(causeById(cause!), cause!).toBeDefined();
      expect(articles.has(cause!), `content/causes/${cause}.mdx`).toBe(true);
    }
  });

  it('the working tunnel ends in open', () => {
    expect(reached.get('open')?.some((h) => h.preset === 'working-tunnel')).toBe(true);
  });
});
