/**
 * Which hop of a connection refused. A tunnel can pass several SSH hops: your own ssh, a jump host
 * (-J, ProxyJump, or a ProxyCommand running `ssh -W`), a gateway or cloud access layer that speaks
 * SSH itself, and the final server that makes the connection the forward asks for. Each can refuse,
 * and the same words can come from more than one of them; the machine to fix follows from the hop
 * only together with the cause. The simulator, the diagnoser and `check` answer with these words.
 */
import { serverProfile } from './software/index.ts';
import type { Hop, StepMachine } from './trace.ts';
import type { ServerSide, World } from './world.ts';

export type { Hop } from './trace.ts';

/** What a hop is called in an answer. */
export const HOP_LABEL: Readonly<Record<Hop, string>> = {
  client: 'your own ssh client',
  'jump-host': 'the jump host',
  gateway: 'the gateway in front of the server',
  'ssh-server': 'the final SSH server',
};

/** Which hop answers for a step that runs on `machine`; `gateway`: that hop's server is a gateway product. */
export function hopOfMachine(machine: StepMachine, gateway: { server: boolean; jump: boolean }): Hop {
  if (machine === 'client') return 'client';
  if (machine === 'jump-host') return gateway.jump ? 'gateway' : 'jump-host';
  // the final server resolves the target's name and connects to it: a failure there is its refusal
  return gateway.server ? 'gateway' : 'ssh-server';
}

/** A server block that is a gateway product: a gateway profile, or a gateway policy with no named product. */
function isGateway(side: ServerSide | null): boolean {
  if (!side) return false;
  const profile = serverProfile(side.block.software);
  return profile ? profile.kind === 'gateway' : side.block.gatewayPolicy !== undefined;
}

/**
 * The hop that refused at a step on `machine`, and the sentence that says so, for one world;
 * `onward`: the step is the jump host's own way to the final server (its lookup or connect);
 * `byProduct`: the server program's own profile or policy decided. A gateway is the hop only for its
 * own refusal: any other (the sshd behind it, the target) it passed on, and that sshd is the hop.
 */
export function refusingHop(w: World, machine: StepMachine, onward: boolean, byProduct: boolean): { hop: Hop; detail: string } {
  const at: StepMachine = onward ? 'jump-host' : machine;
  const server = isGateway(w.server);
  const hop = hopOfMachine(at, { server: server && byProduct, jump: isGateway(w.jump) && byProduct });
  const side = hop === 'gateway' ? (at === 'jump-host' ? w.jump : w.server) : null;
  const gatewayName = side ? (serverProfile(side.block.software)?.name ?? null) : null;
  // a gateway with an sshd or its agent behind it passed the answer on; one that is the SSH server itself did not
  const front = server ? serverProfile(w.server?.block.software) : null;
  const passedOnBy = hop === 'ssh-server' && front?.behind ? front.name : null;
  const afterTarget = onward || machine === 'target' || machine === 'name-resolution';
  return { hop, detail: hopSentence(hop, { jump: w.jump !== null, gatewayName, afterTarget, asJump: at === 'jump-host', passedOnBy }) };
}

/** What the route looked like, for the sentence that names the hop. */
export interface Route {
  /** A jump host (or a gateway reached as one) carried the connection. */
  jump: boolean;
  /** The name of the gateway product, when the refusing hop is one. */
  gatewayName?: string | null;
  /** The gateway is the jump host itself (it refused ProxyJump's -W). */
  asJump?: boolean;
  /** The step that decided ran on the target or its name resolution (the server sent the refusal after it). */
  afterTarget?: boolean;
  /** The gateway in front of the final server that passed its refusal on (it did not decide). */
  passedOnBy?: string | null;
}

/** One or two sentences naming the hop that refused, and which hops it clears. */
export function hopSentence(hop: Hop, route: Route): string {
  switch (hop) {
    case 'client':
      return 'Your own ssh client stopped it: no server was asked.';
    case 'jump-host':
      return route.afterTarget
        ? 'The jump host sent the refusal: it could not reach the final server (its name or its SSH port) for the -W that ProxyJump asks for, so the final server was never asked for your forward.'
        : 'The jump host refused: it would not open the channel to the next hop (the -W that ProxyJump asks for), so the final server was never asked for your forward.';
    case 'gateway':
      if (route.asJump)
        return `${route.gatewayName ?? 'The gateway'} you jump through (-J) refused the hop with its own policy: the final server was never asked.`;
      return `${route.gatewayName ?? 'The gateway'} refused it with its own policy: the sshd behind it was never asked${route.jump ? ', and the jump host only carried the connection' : ''}.`;
    case 'ssh-server': {
      const after = route.afterTarget ? ' after its own connection to the target failed' : '';
      const jump = route.jump ? ' The jump host carried the connection and is not at fault.' : '';
      const gateway = route.passedOnBy ? ` ${route.passedOnBy} in front of it did not decide: it only passed the answer on.` : '';
      return `The ${route.jump ? 'final ' : ''}SSH server sent the refusal${after}.${gateway}${jump}`;
    }
  }
}

/** The sentence for lines that show a refusal but not which hop sent it. */
export const HOP_UNKNOWN =
  'These lines do not tell whether the jump host or the final server refused. Run the same command with -v: a refusal printed before "Authenticated to <final server>" is the jump host’s.';
