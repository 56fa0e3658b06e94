/**
 * The evidence rules' shared ledger: each rule adds points to the causes a line supports (with a
 * sentence saying why), marks decisive evidence, rules causes out with a reason, or weakens a group
 * of causes. The groups are the catalog's own families (causes.ts `kind`), not lists typed here.
 */
import { CAUSES, causeById, type CauseKind } from '../causes.ts';
import { failedResolution } from '../resolution-failure.ts';
import { resolutionCause, type ResolutionCause } from '../decide.ts';
import { why, type Ctx } from './context.ts';
import type { Obs, ObsOf } from './read.ts';
import type { Why } from './types.ts';

export interface Score {
  id: string;
  points: number;
  why: Why[];
  decisive: boolean;
  implies: string | null;
}

export interface Ranking {
  scores: Map<string, Score>;
  ruledOut: Map<string, string>;
  notes: string[];
  /** Causes each observation supports, for highlighting. */
  lineCauses: Map<Obs, Set<string>>;
}

/** The catalog's ids of one family. */
export function causesOfKind(kind: CauseKind): string[] {
  return CAUSES.filter((c) => c.kind === kind).map((c) => c.id);
}

/** Policy refusals of the final server (the jump host and Dropbear have their own readings). */
export const POLICY = causesOfKind('policy').filter((id) => id !== 'jump-host-forwarding-disabled' && id !== 'dropbear-forwarding-disabled');
/** Policies that switch every forward off (not a per-target permit list). */
export const BLANKET_POLICY = causesOfKind('policy').filter(
  (id) => id !== 'jump-host-forwarding-disabled' && id !== 'permitopen-mismatch' && id !== 'key-permitopen-mismatch',
);
/** The server's resolution of the target (wrong-host-behind-name is about the login name, not the target). */
export const RESOLUTION = causesOfKind('resolution').filter((id) => id !== 'wrong-host-behind-name');
export const TARGET = causesOfKind('target');
export const RESOURCES = causesOfKind('resources');

/**
 * How the server classifies a name it could not resolve, asked of the model (decide.ts
 * resolutionCause), for the resolver error the paste shows (getaddrinfo's "Name or service not
 * known" when it shows none).
 */
export function classifyName(host: string, gaiError?: string): ResolutionCause {
  return resolutionCause(host, failedResolution(gaiError));
}

export interface Acc extends Ranking {
  add(id: string, points: number, o: Obs | null, note: string | null, decisive?: boolean): void;
  scale(ids: string[], factor: number): void;
  out(id: string, reason: string): void;
  implies(id: string, text: string): void;
  /** Resolution causes for a name that did not resolve on the server. */
  resolutionFor(host: string | null, points: number, o: Obs, how: string, decisive: boolean): void;
  open: ObsOf<'open-failed'>[];
  refused: ObsOf<'refused-local'>[];
  denied: ObsOf<'permitopen-denied'>[];
  old: boolean | null;
  isDropbear: boolean;
  tHost: string | null;
  server: Ctx['server'];
  first<T extends Obs>(list: T[]): T | undefined;
}

export function makeAcc(ctx: Ctx): Acc {
  const scores = new Map<string, Score>();
  const ruledOut = new Map<string, string>();
  const lineCauses = new Map<Obs, Set<string>>();
  const a: Acc = {
    scores,
    ruledOut,
    notes: [],
    lineCauses,
    add(id, points, o, note, decisive = false) {
      if (!causeById(id) || points <= 0) return;
      let s = scores.get(id);
      if (!s) {
        s = { id, points: 0, why: [], decisive: false, implies: null };
        scores.set(id, s);
      }
      s.points += points;
      if (decisive) s.decisive = true;
      if (o && note && !s.why.some((w) => w.note === note)) s.why.push(why(o, note));
      if (o) {
        const set = lineCauses.get(o) ?? new Set<string>();
        set.add(id);
        lineCauses.set(o, set);
      }
    },
    scale(ids, factor) {
      for (const id of ids) {
        const s = scores.get(id);
        if (s) s.points *= factor;
      }
    },
    out(id, reason) {
      if (!ruledOut.has(id)) ruledOut.set(id, reason);
    },
    implies(id, text) {
      const s = scores.get(id);
      if (s && !s.implies) s.implies = text;
    },
    resolutionFor: (host, points, o, how, decisive) => resolutionFor(ctx, a, host, points, o, how, decisive),
    open: ctx.of('open-failed'),
    refused: ctx.of('refused-local'),
    denied: ctx.of('permitopen-denied'),
    old: ctx.server.before75,
    isDropbear: ctx.server.software === 'dropbear',
    tHost: ctx.target?.host ?? null,
    server: ctx.server,
    first: (list) => list[0],
  };
  return a;
}

function resolutionFor(ctx: Ctx, a: Acc, host: string | null, points: number, o: Obs, how: string, decisive: boolean): void {
  const { add, scores } = a;
  if (host === null || host === '') {
    add('target-name-unresolvable', points, o, `${how}: the server could not resolve the target name.`, decisive);
    add('localhost-not-resolvable', points * 0.1, o, `${how}; if the target was "localhost", the server’s /etc/hosts may lack it.`);
    return;
  }
  const kind = classifyName(host);
  if (kind === 'user-in-forward-spec') {
    add(kind, points * 1.2, o, `${how}: "${host}" is not a host name; the user@ part of the forward spec became part of it.`, decisive);
    return;
  }
  if (kind === 'invalid-ip-literal') {
    add(kind, points * 1.2, o, `${how}: "${host}" is not a valid address (a part with a leading zero is octal, so it was looked up as a name).`, decisive);
    return;
  }
  if (kind === 'localhost-not-resolvable') {
    add(kind, points * 1.1, o, `${how}: the server cannot resolve "${host}", so its /etc/hosts has no localhost line.`, decisive);
    return;
  }
  const alias = ctx.hostAliases.get(host);
  add('target-name-unresolvable', points, o, `${how}: the server cannot resolve "${host}".`, decisive);
  if (alias)
    add('target-name-unresolvable', 4, alias, `"${host}" is a Host alias in your ssh_config: only your machine knows it; the server looks names up itself.`);
  if (!host.includes('.') && !/^[\d:]+$/.test(host)) {
    const s = scores.get('target-name-unresolvable');
    if (s) s.why.push(why(o, `"${host}" is a short name: the server only finds it if its resolver has the right search domain; try the full name.`));
  }
  add('dns-rebinding-protection', points * 0.08, o, 'Less likely: a resolver that drops private answers (DNS rebinding protection) also makes a name fail.');
}
