/**
 * The steps of a channel-open, each declared once: its id (stable, shown in traces), the machine it
 * runs on, and the model check that decides it. The machine's guards ask a step's check whether it
 * refused (and for which cause), and simulate() shows the same check's sentence in the step list,
 * so what a step says is always why the machine went the way it did.
 */
import type { World } from '../../model/world.ts';
import type { StepMachine } from '../../model/trace.ts';
import * as d from '../../model/decide.ts';

export interface StepSpec {
  machine: StepMachine;
  /** Set for the jump host's own way onward (it resolves and connects to the final server for ProxyJump's -W). */
  byJump?: true;
  /** The model function that decides the step; its detail is the step's sentence. */
  check: (w: World) => d.Check;
}

/** The target a -L/-D/-W request names (empty for other requests). */
const tcp = (w: World) => d.requestedTarget(w, false);

export const STEPS = {
  // your machine
  'client.parse-command': { machine: 'client', check: d.commandUsable },
  'client.read-config': { machine: 'client', check: d.describeClientConfig },
  'client.bind-listeners': { machine: 'client', check: d.listenersBind },
  // jump host (-J / ProxyJump)
  'jump-host.start': { machine: 'jump-host', check: (w) => d.sshdStarts(w.jump!) },
  'jump-host.authenticate': { machine: 'jump-host', check: (w) => d.acceptsKey(w.jump!) },
  'jump-host.policy.allow-tcp-forwarding': { machine: 'jump-host', check: (w) => d.tcpPolicy(w.jump!) },
  'jump-host.policy.permit-open': { machine: 'jump-host', check: (w) => d.permitOpen(w.jump!, w.serverHost, w.serverPort) },
  'name-resolution.jump-lookup': { machine: 'name-resolution', byJump: true, check: (w) => d.resolutionCheck(w.jump!, w.serverHost) },
  'jump-host.connect': { machine: 'jump-host', byJump: true, check: d.jumpConnect },
  // SSH server
  'ssh-server.start': { machine: 'ssh-server', check: (w) => d.sshdStarts(w.server) },
  'ssh-server.authenticate': { machine: 'ssh-server', check: (w) => d.acceptsKey(w.server) },
  'ssh-server.policy.x11-forwarding': { machine: 'ssh-server', check: (w) => d.x11Policy(w.server) },
  'ssh-server.session-limit': { machine: 'ssh-server', check: (w) => d.sessionAvailable(w.server) },
  'client.accept-forwarded-channel': { machine: 'client', check: d.forwardedChannelKnown },
  'ssh-server.policy.remote-forward': {
    machine: 'ssh-server',
    check: (w) => (w.request.kind === 'remote' ? d.remoteForwardCheck(w, w.request.forward) : { ok: true, detail: '' }),
  },
  'ssh-server.policy.allow-tcp-forwarding': { machine: 'ssh-server', check: (w) => d.tcpPolicy(w.server) },
  'ssh-server.policy.certificate': { machine: 'ssh-server', check: (w) => d.certificatePolicy(w.server) },
  'ssh-server.policy.permit-open': { machine: 'ssh-server', check: (w) => d.permitOpen(w.server, tcp(w).host, tcp(w).port) },
  'name-resolution.lookup': { machine: 'name-resolution', check: (w) => d.resolutionCheck(w.server, tcp(w).host) },
  'ssh-server.open-socket': { machine: 'ssh-server', check: (w) => d.filesAvailable(w.server) },
  'target.connect': { machine: 'target', check: d.targetConnect },
  // Unix sockets
  'ssh-server.policy.streamlocal': { machine: 'ssh-server', check: (w) => d.streamlocalOpen(w.server) },
  'target.connect-socket': {
    machine: 'target',
    check: (w) => d.socketExists(w, w.request.kind === 'direct-streamlocal' ? w.request.path : ''),
  },
  // -w
  'ssh-server.policy.permit-tunnel': { machine: 'ssh-server', check: (w) => d.tunnelPolicy(w.server) },
  'ssh-server.tun-device': { machine: 'ssh-server', check: (w) => d.tunDevice(w.server) },
} as const satisfies Record<string, StepSpec>;

export type StepId = keyof typeof STEPS;

/** Each world's checks, made once: the guards of a step, its final state and the step list all ask the same check. */
const made = new WeakMap<World, Map<StepId, d.Check>>();

/** What a step's check finds in this world (a world is never changed, so the answer is kept). */
export function checkStep(step: StepId, w: World): d.Check {
  let checks = made.get(w);
  if (!checks) made.set(w, (checks = new Map()));
  let check = checks.get(step);
  if (!check) checks.set(step, (check = (STEPS[step] as StepSpec).check(w)));
  return check;
}
