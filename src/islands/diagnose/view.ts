/**
 * The view-model the /diagnose/ island renders: a Diagnosis turned into display-ready pieces
 * (percentages, labels, line text cut into highlighted and plain segments). Pure.
 */
import type { DiagnosedTool, Diagnosis, NextStep, RuledOut } from '../../model/diagnose/types.ts';

export interface Segment {
  text: string;
  mark: boolean;
}

export interface LineView {
  line: number;
  sourceLabel: string;
  segments: Segment[];
  causes: string[];
}

export interface CauseView {
  id: string;
  title: string;
  href: string;
  percent: number;
  confidence: 'confirmed' | 'likely' | 'possible';
  confidenceLabel: string;
  fixOnLabel: string;
  why: { line: number; note: string }[];
  implies: string | null;
  fix: string;
}

export interface DiagnoseView {
  state: 'empty' | 'unrecognised' | 'answer';
  summary: string;
  server: string | null;
  /** Which hop refused ("the jump host") and the sentence that says why, when a refusal was read. */
  hop: { label: string; detail: string } | null;
  command: string | null;
  /** The tool the paste came from, with its "Seen in" page and the next step in its terms. */
  tool: DiagnosedTool | null;
  causes: CauseView[];
  next: NextStep | null;
  ruledOut: RuledOut[];
  notes: string[];
  lines: LineView[];
  simulatorHref: string | null;
  assumptions: string[];
  hints: string[];
  stats: string;
}

const SOURCE_LABEL: Record<string, string> = {
  client: 'ssh',
  server: 'server log',
  config: 'config',
  command: 'command',
  resolver: 'resolver',
};

const CONFIDENCE_LABEL = { confirmed: 'Confirmed by the text', likely: 'Likely', possible: 'Possible' } as const;

export function segments(text: string, spans: { column: number; length: number }[]): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  for (const s of [...spans].sort((a, b) => a.column - b.column)) {
    const start = Math.max(pos, s.column - 1);
    const end = Math.min(text.length, s.column - 1 + s.length);
    if (end <= start) continue;
    if (start > pos) out.push({ text: text.slice(pos, start), mark: false });
    out.push({ text: text.slice(start, end), mark: true });
    pos = end;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), mark: false });
  return out;
}

export function toView(d: Diagnosis, pasted: string): DiagnoseView {
  const state: DiagnoseView['state'] = pasted.trim() === '' ? 'empty' : d.recognised ? 'answer' : 'unrecognised';
  return {
    state,
    // when the text settles it, the heading already names the cause: say what to do instead
    summary: d.causes[0]?.confidence === 'confirmed' && d.causes[0].fix ? d.causes[0].fix : d.summary,
    server: d.server.summary,
    hop: d.hop ? { label: d.hop.label, detail: d.hop.detail } : null,
    command: d.command,
    tool: d.tool ?? null,
    causes: d.causes.map((c) => ({
      id: c.id,
      title: c.title,
      href: c.href,
      percent: Math.max(1, Math.round(c.score * 100)),
      confidence: c.confidence,
      confidenceLabel: CONFIDENCE_LABEL[c.confidence],
      fixOnLabel: c.fixOnLabel,
      why: c.why.map((w) => ({ line: w.line, note: w.note })),
      implies: c.implies,
      fix: c.fix,
    })),
    next: d.nextStep,
    ruledOut: d.ruledOut,
    notes: d.notes,
    lines: d.lines
      .filter((l) => l.causes.length > 0 || l.source !== 'client')
      .slice(0, 60)
      .map((l) => ({ line: l.line, sourceLabel: SOURCE_LABEL[l.source] ?? l.source, segments: segments(l.text, l.spans), causes: l.causes })),
    simulatorHref: d.simulatorHref,
    assumptions: d.scenarioAssumptions,
    hints: d.pasteHints,
    stats: `${d.stats.recognisedLines} of ${d.stats.lines} line${d.stats.lines === 1 ? '' : 's'} recognised`,
  };
}
