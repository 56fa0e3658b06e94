/**
 * `diagnose(text)`: reads whatever the user pasted (ssh output with or without -v, server logs,
 * `sshd -T`, config lines, the command) and answers the ranked causes, the machine to fix, what the
 * text rules out, and the one command that would tell the leading causes apart. Never throws.
 */
import { causeById, FIX_ON_LABEL } from '../causes.ts';
import { simulatorHref } from '../share.ts';
import { nextStepFor, fixFor } from './advice.ts';
import { buildContext, type Ctx } from './context.ts';
import { readText, type Obs, type Reading } from './read.ts';
import { rank, type Ranking } from './rank.ts';
import { buildScenario } from './scenario.ts';
import { hopOf } from './hop.ts';
import { toolOf } from './tool.ts';
import type { Diagnosis, MarkedLine, NextStep, RankedCause, RuledOut } from './types.ts';

export type { Diagnosis, DiagnosedTool, HopReading, RankedCause, NextStep, MarkedLine, Why, Span, RuledOut, ServerReading, StepOutcome } from './types.ts';

/** Longest input read, in characters; the rest is ignored (and said so). */
export const MAX_INPUT = 8_000_000;

export const PASTE_HINTS = [
  'the lines ssh printed, e.g. "channel 2: open failed: administratively prohibited: open failed"',
  'the same command run with -v (ssh -v -N -L …): it shows the server version and the forwards',
  'the server log from the moment it failed: sudo journalctl -u ssh -u sshd -n 50 (or /var/log/auth.log, /var/log/secure)',
  'the effective server settings: sudo sshd -T -C user=USER,host=CLIENT_IP,addr=CLIENT_IP',
  'the ssh command you ran, e.g. ssh -N -L 8080:db.internal:5432 alice@server.example',
];

/** Observations that only give context; a paste with nothing else is "not recognised". */
const CONTEXT_ONLY = new Set<Obs['k']>(['tool-line', 'server-log', 'client-version', 'authenticating', 'new-channel']);

function emptyDiagnosis(lines: number, summary: string): Diagnosis {
  return {
    recognised: false,
    summary,
    causes: [],
    ruledOut: [],
    nextStep: null,
    server: { software: null, version: null, summary: null, before75: null, evidence: [] },
    notes: [],
    lines: [],
    command: null,
    scenario: null,
    simulatorHref: null,
    scenarioAssumptions: [],
    pasteHints: PASTE_HINTS,
    stats: { lines, recognisedLines: 0, truncatedLines: 0 },
  };
}

export function diagnose(input: string): Diagnosis {
  try {
    return run(input);
  } catch (e) {
    // a bug must not take the page or the CLI down: answer honestly instead
    const d = emptyDiagnosis(0, 'The diagnoser hit an internal error on this text; nothing could be concluded.');
    d.notes.push(`Internal error: ${e instanceof Error ? e.message : String(e)}`);
    return d;
  }
}

/** The ranked causes: shares of the evidence, with how sure each is. */
function rankedCauses(ranking: Ranking, ctx: Ctx): RankedCause[] {
  const { scores, ruledOut } = ranking;
  const total = [...scores.values()].reduce((a, s) => a + s.points, 0);
  const list = [...scores.values()].filter((s) => s.points > 0.05 && !(ruledOut.has(s.id) && !s.decisive));
  list.sort((a, b) => b.points - a.points || a.id.localeCompare(b.id));
  const top = list.filter((s, i) => i === 0 || (total > 0 && s.points / total >= 0.03)).slice(0, 8);
  return top.map((s, i) => {
    const info = causeById(s.id)!;
    const score = total > 0 ? s.points / total : 0;
    const confidence: RankedCause['confidence'] =
      i === 0 && s.decisive && (top[1] === undefined || top[1].points < s.points / 2.5)
        ? 'confirmed'
        : i === 0 && score >= 0.45
          ? 'likely'
          : s.decisive && score >= 0.3
            ? 'likely'
            : 'possible';
    return {
      id: s.id,
      title: info.title,
      kind: info.kind,
      fixOn: info.fixOn,
      fixOnLabel: FIX_ON_LABEL[info.fixOn],
      href: `/causes/${s.id}/`,
      score: Math.round(score * 1000) / 1000,
      confidence,
      why: s.why.slice(0, 8).sort((a, b) => a.line - b.line),
      implies: s.implies,
      fix: fixFor(s.id, ctx),
    };
  });
}

/** Every recognised line, with the spans to highlight and the causes it supports. */
function markedLines(reading: Reading, ranking: Ranking, causes: RankedCause[]): { lines: MarkedLine[]; count: number } {
  const byLine = new Map<number, MarkedLine>();
  for (const o of reading.obs) {
    if (o.k === 'setting' && o.length === 0) continue;
    let m = byLine.get(o.line);
    if (!m) {
      m = { line: o.line, text: reading.texts.get(o.line) ?? '', source: o.source, spans: [], causes: [] };
      byLine.set(o.line, m);
    }
    if (o.length > 0 && !m.spans.some((s) => s.column === o.column)) m.spans.push({ column: o.column, length: o.length });
    if (o.source !== 'client' && m.source === 'client') m.source = o.source;
    for (const id of ranking.lineCauses.get(o) ?? []) if (!m.causes.includes(id)) m.causes.push(id);
  }
  for (const c of causes)
    for (const w of c.why) {
      const m = byLine.get(w.line);
      if (m && !m.causes.includes(c.id)) m.causes.push(c.id);
    }
  let lines = [...byLine.values()].sort((a, b) => a.line - b.line);
  if (lines.length > 200) lines = lines.filter((l) => l.causes.length > 0).slice(0, 200);
  for (const l of lines) l.spans.sort((a, b) => a.column - b.column);
  return { lines, count: byLine.size };
}

/** The answer in short. */
function summaryOf(causes: RankedCause[], nextStep: NextStep | null, notes: string[]): string {
  const lead = causes[0];
  if (!lead) return notes.length ? 'No channel failure was found; see the notes.' : 'The lines were recognised, but they do not point at a failure.';
  if (lead.confidence === 'confirmed') return `${lead.title}. Fix it on: ${lead.fixOnLabel}.`;
  if (!nextStep) return `Most likely: ${lead.title} (fix on: ${lead.fixOnLabel}).`;
  const others =
    causes
      .slice(1, 3)
      .map((c) => `“${c.title}”`)
      .join(' or ') || 'the alternatives';
  return `Most likely: ${lead.title} (fix on: ${lead.fixOnLabel}). The text alone cannot tell it apart from ${others}: the next step tells.`;
}

function run(input: string): Diagnosis {
  let text = typeof input === 'string' ? input : '';
  const notes: string[] = [];
  if (text.length > MAX_INPUT) {
    notes.push(`Only the first ${MAX_INPUT.toLocaleString('en')} characters were read.`);
    text = text.slice(0, MAX_INPUT);
  }
  const reading = readText(text);
  const ctx = buildContext(reading);
  // VS Code's own guess after a refused channel is evidence by itself (rules/tools.ts vscodeGuess)
  const relevant = reading.obs.filter((o) => (!CONTEXT_ONLY.has(o.k) || (o.k === 'tool-line' && o.d.guess)) && !(o.k === 'setting' && o.length === 0));
  const dumpLines = reading.obs.filter((o) => o.k === 'setting' && o.d.dump).length;
  const ranking = rank(ctx);
  notes.push(...ranking.notes, ...reading.notes);
  if (reading.truncatedLines > 0)
    notes.push(`${reading.truncatedLines} very long line${reading.truncatedLines === 1 ? ' was' : 's were'} read only up to ${4096} characters.`);
  const causes = rankedCauses(ranking, ctx);
  const shown = new Set(causes.map((c) => c.id));
  const ruled: RuledOut[] = [...ranking.ruledOut.entries()]
    .filter(([id, reason]) => reason !== '' && !shown.has(id) && causeById(id))
    .map(([id, reason]) => ({ id, title: causeById(id)!.title, reason }));

  if (!(relevant.length > 0 || dumpLines >= 3) && causes.length === 0) {
    const d = emptyDiagnosis(
      reading.lineCount,
      text.trim() === '' ? 'Nothing was pasted yet.' : 'Nothing in this text was recognised as ssh output, a server log, sshd -T output or an ssh command.',
    );
    d.notes = notes;
    d.stats.truncatedLines = reading.truncatedLines;
    return d;
  }
  const { lines, count } = markedLines(reading, ranking, causes);
  const nextStep = nextStepFor(causes, ctx);
  const { scenario, assumptions } = buildScenario(ctx, causes[0]?.id ?? null);
  return {
    recognised: true,
    summary: summaryOf(causes, nextStep, notes),
    causes,
    ruledOut: ruled,
    nextStep,
    server: ctx.server,
    notes: [...new Set(notes)],
    lines,
    tool: toolOf(reading.obs, causes[0] ?? null),
    hop: hopOf(ctx, causes),
    command: ctx.cmd?.text ?? null,
    scenario,
    simulatorHref: scenario ? simulatorHref(scenario) : null,
    scenarioAssumptions: assumptions,
    pasteHints: causes.length === 0 ? PASTE_HINTS : [],
    stats: { lines: reading.lineCount, recognisedLines: count, truncatedLines: reading.truncatedLines },
  };
}
