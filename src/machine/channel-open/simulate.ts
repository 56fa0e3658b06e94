/**
 * simulate(scenario): runs the channel-open machine to its final state and returns the trace.
 * The steps are the states the machine entered (recorded by its `enterStep` action), in order;
 * each step's sentence comes from the step table's check, the one its guards ask.
 */
import { createActor } from 'xstate';
import type { Scenario } from '../../model/scenario.ts';
import type { Step, Trace } from '../../model/trace.ts';
import { buildWorld, type SourcedDiagnostic, type World } from '../../model/world.ts';
import { listenerWarnings } from '../../model/decide.ts';
import { nonPostQuantumWarning, visibleClientLines } from '../../model/messages.ts';
import { clientVersionOf } from '../../model/version.ts';
import { refusingHop } from '../../model/hops.ts';
import { clientLines, type ClientSoftware, type ProtocolResult } from '../../model/software/index.ts';
import { channelOpenMachine } from './machine.ts';
import { checkStep, STEPS, type StepSpec } from './steps.ts';

/**
 * What the client prints: OpenSSH's ssh prints the outcome's own lines (at its LogLevel); another
 * client (scenario `client.software`) prints its own words for the same answer from the server.
 * The libraries number their channels themselves: Paramiko's first channel is 0.
 */
function printedLines(software: ClientSoftware, lines: string[], protocol: ProtocolResult | undefined, w: World): string[] {
  if (software === 'openssh' || !protocol) return visibleClientLines(lines, clientLogLevel(w));
  return clientLines(software, protocol.kind === 'channel-refused' ? { ...protocol, channel: 0 } : protocol);
}

/** The client's LogLevel: -q wins, then -o LogLevel / ssh_config (first value obtained). */
function clientLogLevel(w: World): string {
  if (w.command.quiet) return 'QUIET';
  return w.client.logLevel ?? 'INFO';
}

/**
 * The key-exchange warnings the client prints for each server it logged in to (the jump host
 * first): a server reached its authentication step only after the key exchange finished.
 */
function kexWarnings(w: World, visited: readonly string[]): string[] {
  if ((w.scenario.client.software ?? 'openssh') !== 'openssh') return [];
  const client = clientVersionOf(w.scenario.client);
  const jump = w.jump && visited.includes('jump-host.authenticate') ? nonPostQuantumWarning(client, w.jump.version) : [];
  const server = visited.includes('ssh-server.authenticate') ? nonPostQuantumWarning(client, w.server.version) : [];
  return [...jump, ...server];
}

/**
 * A listener that bound one address but not the last one it tried: ssh prints that bind error and
 * the forward works. ssh binds its listeners once logged in, so a refused login prints none.
 */
function bindWarnings(w: World, visited: readonly string[], cause: string | null): string[] {
  if ((w.scenario.client.software ?? 'openssh') !== 'openssh' || cause === 'auth-failed') return [];
  return visited.includes('ssh-server.authenticate') ? listenerWarnings(w) : [];
}

export interface Simulation {
  trace: Trace;
  /** The machine's final state (e.g. `permitOpenMismatch`). */
  finalState: string;
  /** Every parser diagnostic, with the scenario field it belongs to. */
  diagnostics: SourcedDiagnostic[];
  world: World;
}

/** Runs the machine and returns the trace plus what the parsers found, for editors. */
export function simulateDetailed(scenario: Scenario): Simulation {
  const world = buildWorld(scenario);
  const actor = createActor(channelOpenMachine, { input: world });
  actor.start();
  const snapshot = actor.getSnapshot();
  actor.stop();
  if (snapshot.status !== 'done' || !snapshot.output) {
    throw new Error(`channel-open machine stopped in ${JSON.stringify(snapshot.value)} without an outcome`);
  }
  const outcome = snapshot.output;
  const visited = snapshot.context.visited;
  const decidedAt = outcome.outcome === 'open' ? null : (visited.at(-1) ?? null);
  const steps: Step[] = visited.map((id, i) => {
    const check = checkStep(id, world);
    const last = i === visited.length - 1;
    // The deciding step; or a refusal ssh shrugs off and goes on (X11): shown as failed.
    const status: Step['status'] = last && outcome.outcome !== 'open' ? (outcome.outcome === 'failed' ? 'failed' : 'rejected') : check.ok ? 'passed' : 'failed';
    return { id, machine: STEPS[id].machine, status, detail: check.detail };
  });
  const spec: StepSpec | null = decidedAt ? STEPS[decidedAt as keyof typeof STEPS] : null;
  const refused = spec ? refusingHop(world, spec.machine, spec.byJump === true, outcome.byProduct === true) : null;
  return {
    trace: {
      outcome: outcome.outcome,
      stoppedAt: decidedAt,
      cause: outcome.cause,
      fixOn: outcome.fixOn,
      hop: refused?.hop ?? null,
      hopDetail: refused?.detail ?? null,
      reasonCode: outcome.reasonCode,
      clientLines: printedLines(
        scenario.client.software ?? 'openssh',
        [...kexWarnings(world, visited), ...bindWarnings(world, visited, outcome.cause), ...outcome.clientLines],
        outcome.protocol,
        world,
      ),
      serverLog: outcome.serverLog,
      steps,
    },
    finalState: String(snapshot.value),
    diagnostics: world.diagnostics,
    world,
  };
}

/** Runs the channel-open machine for one scenario to its end and returns the trace. */
export function simulate(scenario: Scenario): Trace {
  return simulateDetailed(scenario).trace;
}
