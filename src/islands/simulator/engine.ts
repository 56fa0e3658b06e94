/**
 * The model's work for one scenario, as the island shows it: the trace, what the editors show
 * besides it (the parsed command, each field's diagnostics) and the command as the model read it.
 * The page carries this for its own preset (ssr.ts builds it), so the first result needs none of the
 * model's code: the parsers, the machine and XState load with this module when the user first moves
 * into the simulator or the address asks for another scenario (useModel in model-loader.ts).
 */
import { analyse, type Analysis } from '../../machine/channel-open/analyse.ts';
import { simulateDetailed } from '../../machine/channel-open/simulate.ts';
import type { SshCommand } from '../../model/parse/command.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { Trace } from '../../model/trace.ts';

/** Everything the island derives from a scenario (JSON, so a page can carry it). */
export interface Computed {
  trace: Trace;
  analysis: Analysis;
  /** The command as the model parsed it (for the explainer), or null. */
  parsed: SshCommand | null;
  /** Set when the model could not run the scenario (a bug): what the page says instead. */
  error: string | null;
}

const EMPTY_TRACE: Trace = {
  outcome: 'failed',
  stoppedAt: null,
  cause: null,
  fixOn: null,
  hop: null,
  hopDetail: null,
  reasonCode: null,
  clientLines: [],
  serverLog: [],
  steps: [],
};

/** Runs the model for one scenario; a model error becomes a message on the page, never a blank one. */
export function compute(scenario: Scenario): Computed {
  try {
    const sim = simulateDetailed(scenario);
    return { trace: sim.trace, analysis: analyse(scenario, sim.world), parsed: sim.world.command, error: null };
  } catch (e) {
    return {
      trace: EMPTY_TRACE,
      analysis: analyse(scenario, null),
      parsed: null,
      error: `The simulator could not run this scenario (${(e as Error).message}). Please report it with a share link.`,
    };
  }
}
