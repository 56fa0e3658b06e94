/**
 * simulate(scenario): runs the channel-open machine to its final state and returns the trace.
 * The steps are the states the machine entered (recorded by its `enterStep` action), in order;
 * each step's sentence comes from the same model check its guard calls.
 */
import { createActor } from 'xstate';
import type { Scenario } from '../../model/scenario.ts';
import type { Step, Trace } from '../../model/trace.ts';
import { buildWorld, type SourcedDiagnostic, type World } from '../../model/world.ts';
import * as d from '../../model/decide.ts';
import { visibleClientLines } from '../../model/messages.ts';
import { channelOpenMachine } from './machine.ts';

type Describe = (w: World) => d.Check;

/** The host and port of a direct-tcpip request (empty for other requests). */
const tcp = (w: World) => d.requestedTarget(w, false);

function resolutionCheck(w: World, s: typeof w.server, host: string): d.Check {
  const r = d.resolveTarget(s, host);
  return r.ok
    ? { ok: true, detail: `${host} resolves to ${r.addresses.join(', ')} via ${r.via}.` }
    : { ok: false, detail: `getaddrinfo("${host}") fails on the server: ${r.error} (${r.via}).` };
}

/** The sentence for each step, from the model check that decides it. */
const DESCRIBE: Record<string, Describe> = {
  'client.parse-command': d.commandUsable,
  'client.read-config': d.describeClientConfig,
  'client.bind-listeners': d.listenersBind,
  'jump-host.start': (w) => d.sshdStarts(w.jump!),
  'jump-host.authenticate': (w) => d.acceptsKey(w.jump!),
  'jump-host.policy.allow-tcp-forwarding': (w) => d.tcpPolicy(w.jump!),
  'jump-host.policy.permit-open': (w) => d.permitOpen(w.jump!, w.serverHost, w.serverPort),
  'name-resolution.jump-lookup': (w) => resolutionCheck(w, w.jump!, w.serverHost),
  'jump-host.connect': d.jumpConnect,
  'ssh-server.start': (w) => d.sshdStarts(w.server),
  'ssh-server.authenticate': (w) => d.acceptsKey(w.server),
  'ssh-server.session-limit': (w) => d.sessionAvailable(w.server),
  'ssh-server.policy.x11-forwarding': (w) => d.x11Policy(w.server),
  'ssh-server.policy.remote-forward': (w) => {
    const r = w.request;
    return r.kind === 'remote' ? d.remoteForwardCheck(w, r.forward) : { ok: true, detail: '' };
  },
  'ssh-server.policy.allow-tcp-forwarding': (w) => d.tcpPolicy(w.server),
  'ssh-server.policy.permit-open': (w) => d.permitOpen(w.server, tcp(w).host, tcp(w).port),
  'name-resolution.lookup': (w) => resolutionCheck(w, w.server, tcp(w).host),
  'ssh-server.open-socket': (w) => d.filesAvailable(w.server),
  'target.connect': (w) => d.connectTarget(w, tcp(w).host, tcp(w).port, d.resolveTarget(w.server, tcp(w).host).addresses),
  'ssh-server.policy.streamlocal': (w) => {
    const p = d.streamlocalPolicy(w.server);
    return p.ok ? d.streamlocalPermitOpen(w.server) : p;
  },
  'target.connect-socket': (w) => d.socketExists(w, w.request.kind === 'direct-streamlocal' ? w.request.path : ''),
  'ssh-server.policy.permit-tunnel': (w) => d.tunnelPolicy(w.server),
  'ssh-server.tun-device': (w) => d.tunDevice(w.server),
};

/** The client's LogLevel: -q wins, then -o LogLevel / ssh_config (first value obtained). */
function clientLogLevel(w: World): string {
  if (w.command.quiet) return 'QUIET';
  return w.client.logLevel ?? 'INFO';
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
  const decidedAt = outcome.outcome === 'open' ? null : (visited[visited.length - 1]?.id ?? null);
  const steps: Step[] = visited.map((v, i) => {
    const check = DESCRIBE[v.id]?.(world);
    const last = i === visited.length - 1;
    // The deciding step; or a refusal ssh shrugs off and goes on (X11): shown as failed.
    const status: Step['status'] =
      last && outcome.outcome !== 'open' ? (outcome.outcome === 'failed' ? 'failed' : 'rejected') : check && !check.ok ? 'failed' : 'passed';
    return { id: v.id, machine: v.machine, status, detail: check?.detail ?? '' };
  });
  return {
    trace: {
      outcome: outcome.outcome,
      stoppedAt: decidedAt,
      cause: outcome.cause,
      fixOn: outcome.fixOn,
      reasonCode: outcome.reasonCode,
      clientLines: visibleClientLines(outcome.clientLines, clientLogLevel(world)),
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
