/**
 * Which hop refused, read from the paste: a gateway's own line or description, ProxyJump's
 * "stdio forwarding failed" after a refused channel 0 (the jump host refused the hop, not the -L),
 * a channel above 0 (a forward of the final connection), a client that stopped before asking, or
 * lines that cannot tell the hops apart (said so, with the command that tells).
 */
import { HOP_LABEL, HOP_UNKNOWN, type Hop, hopSentence } from '../hops.ts';
import { GATEWAY_SIGNALS } from '../software/annotations.ts';
import { serverProfile } from '../software/index.ts';
import { knownAnswers } from './server-answers.ts';
import type { Ctx } from './context.ts';
import type { Obs } from './read.ts';
import type { HopReading, RankedCause } from './types.ts';

const reading = (hop: Hop, detail: string, o: Obs | null): HopReading => ({ hop, label: HOP_LABEL[hop], detail, line: o?.line ?? null });

/** A gateway said it: its own signal line, or the policy description only its product sends (as the jump host, with ProxyJump's lines). */
function gatewayHop(ctx: Ctx, lead: RankedCause, asJump: boolean): HopReading | null {
  const said = ctx.of('gateway-said')[0];
  if (said) {
    const profile = serverProfile(said.d.profile);
    const name = profile?.name ?? null;
    const by = GATEWAY_SIGNALS[said.d.profile]?.[said.d.signal]?.refusedBy;
    if (by === 'ssh-server' || (by === 'either' && lead.id !== 'ssh-gateway-policy')) {
      // a product with a server behind it passed the answer on; one that is the SSH server itself (Coder's agent, sish) answered
      const passedOnBy = profile?.behind ? name : null;
      return reading('ssh-server', hopSentence('ssh-server', { jump: false, afterTarget: lead.kind === 'target', passedOnBy }), said);
    }
    return reading('gateway', hopSentence('gateway', { jump: false, gatewayName: name }), said);
  }
  if (lead.id !== 'ssh-gateway-policy') return null;
  const o = ctx.of('open-failed').find((x) => x.d.desc !== null);
  // a product is named only when no other program sends the same words
  const senders = o?.d.desc ? knownAnswers(o.d.reason, o.d.desc) : [];
  const only = new Set(senders.map((k) => k.program)).size === 1 && senders[0]!.kind === 'gateway';
  const name = only ? (serverProfile(senders[0]!.program)?.name ?? null) : null;
  return reading('gateway', hopSentence('gateway', { jump: false, gatewayName: name, asJump }), o ?? null);
}

/** Whether the command goes through a jump host (-J, ProxyJump), not just -W to the one server. */
function throughJump(ctx: Ctx): boolean {
  if (ctx.cmd?.jump || ctx.has('proxyjump')) return true;
  return ctx.usesJump && !ctx.cmd?.stdio;
}

/** The hop that refused, or null when nothing was refused; `hop: null` when the lines cannot tell. */
export function hopOf(ctx: Ctx, causes: RankedCause[]): HopReading | null {
  const lead = causes[0];
  if (!lead) return null;
  const jump = throughJump(ctx);
  const stdio = ctx.of('stdio-failed')[0] ?? ctx.of('closed-65535')[0];
  const gateway = gatewayHop(ctx, lead, Boolean(stdio && jump));
  if (gateway) return gateway;
  if (stdio && jump) return reading('jump-host', hopSentence('jump-host', { jump, afterTarget: lead.kind !== 'policy' }), stdio);
  if (lead.fixOn === 'jump-host') return reading('jump-host', hopSentence('jump-host', { jump }), null);
  const refused = ctx.of('open-failed')[0] ?? ctx.of('remote-forward-failed')[0] ?? null;
  if (!refused) return lead.fixOn === 'client' ? reading('client', hopSentence('client', { jump }), null) : null;
  const afterTarget = lead.kind === 'target' || lead.kind === 'resolution';
  // ProxyJump's own -W is channel 0 and comes with "stdio forwarding failed"; a forward's channel is numbered above it
  const forwardChannel = refused.k === 'remote-forward-failed' || (refused.k === 'open-failed' && (refused.d.channel ?? 0) > 0);
  if (!jump || forwardChannel) return reading('ssh-server', hopSentence('ssh-server', { jump, afterTarget }), refused);
  return { hop: null, label: 'not told by these lines', detail: HOP_UNKNOWN, line: refused.line };
}
