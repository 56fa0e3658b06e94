/**
 * The diagnoser's public types: what `diagnose(text)` answers. Pure data, so the CLI prints it, the
 * page renders it and `--json` emits it as is.
 */
import type { CauseKind, FixOn } from '../causes.ts';
import type { Hop } from '../hops.ts';
import type { Scenario } from '../scenario.ts';

/** A span of the pasted text: 1-based line, 1-based column, length in characters. */
export interface Span {
  line: number;
  column: number;
  length: number;
}

/** Who printed a recognised line. */
export type Source = 'client' | 'server' | 'config' | 'command' | 'resolver';

/** One line of the paste that supports (or weakens) a cause, with the words that matter. */
export interface Why extends Span {
  /** What the line tells, in plain words. */
  note: string;
}

/** A cause the text leaves out, and why. */
export interface RuledOut {
  id: string;
  title: string;
  reason: string;
}

export interface RankedCause {
  id: string;
  title: string;
  kind: CauseKind;
  fixOn: FixOn;
  /** Human label of the machine to fix. */
  fixOnLabel: string;
  /** `/causes/<id>/` */
  href: string;
  /** Share of the evidence, 0…1 (the causes' scores add up to 1). */
  score: number;
  /** How sure: decisive evidence names it, the text points at it, or it is one of several possibilities. */
  confidence: 'confirmed' | 'likely' | 'possible';
  /** The lines that support it. */
  why: Why[];
  /** The server software and version range this reading implies, when it implies one. */
  implies: string | null;
  /** What to change, in one or two sentences. */
  fix: string;
}

export interface StepOutcome {
  /** What the command might print. */
  ifYouSee: string;
  /** What it would mean. */
  then: string;
  /** The cause it points at, when it points at one. */
  cause: string | null;
}

export interface NextStep {
  /** The one command to run. */
  command: string;
  /** Where to run it. */
  on: FixOn;
  onLabel: string;
  /** Why this command: which causes it tells apart. */
  purpose: string;
  outcomes: StepOutcome[];
}

/**
 * Which server software the lines show: OpenSSH, Dropbear, `not-openssh` (a banner of another
 * program, or an empty description, which OpenSSH never sends), or null when they do not say.
 */
export type ServerSoftwareReading = 'openssh' | 'dropbear' | 'not-openssh' | null;

/** What the text says about the SSH server. */
export interface ServerReading {
  software: ServerSoftwareReading;
  /** An exact version when a banner names it, e.g. "7.4" or "2022.83". */
  version: string | null;
  /** Human summary: "OpenSSH 7.4 (version banner, line 3)" or "OpenSSH before 7.5 (inferred)". */
  summary: string | null;
  /** Whether the server has the pre-7.5 meaning of "administratively prohibited": true, false or unknown (null). */
  before75: boolean | null;
  /** The lines the reading rests on. */
  evidence: Why[];
}

/** A line the diagnoser recognised, with the spans to highlight. */
export interface MarkedLine {
  line: number;
  /** The line's text (at most 400 characters; longer lines are cut and end with "…"). */
  text: string;
  source: Source;
  spans: { column: number; length: number }[];
  /** Catalog ids this line supports. */
  causes: string[];
}

/** The tool the paste came from, with its "Seen in" page and the next step in its own terms. */
export interface DiagnosedTool {
  /** The tool page id (content/tools/<id>.mdx). */
  id: string;
  title: string;
  /** `/seen-in/<id>/` */
  href: string;
  /** The first line that shows the tool. */
  line: number;
  /** What to do next, in the tool's terms (its setting, the server file, which side the code runs on). */
  nextStep: string;
}

/** Which hop of the connection refused (your client, the jump host, a gateway, the final server). */
export interface HopReading {
  /** The hop, or null when the lines show a refusal but not which hop sent it. */
  hop: Hop | null;
  /** How the answer names it ("the jump host"). */
  label: string;
  /** One or two sentences: which hop, and which hops it clears (or the command that tells). */
  detail: string;
  /** The line that shows it, when one line does. */
  line: number | null;
}

export interface Diagnosis {
  /** False when nothing in the text was recognised. */
  recognised: boolean;
  /** One or two sentences: the answer in short. */
  summary: string;
  causes: RankedCause[];
  ruledOut: RuledOut[];
  /** When the text cannot tell the leading causes apart: the one command that would. */
  nextStep: NextStep | null;
  server: ServerReading;
  /** Findings that are not catalog causes (the ssh server itself unreachable, a client-side lookup failure …). */
  notes: string[];
  lines: MarkedLine[];
  /** The tool recognised in the paste (VS Code Remote-SSH, PuTTY, a library, a gateway), when one was. */
  tool?: DiagnosedTool | null;
  /** Which hop refused, when the paste shows a refusal. */
  hop?: HopReading | null;
  /** What the diagnoser understood as the user's command, if any. */
  command: string | null;
  /** A scenario for the simulator built from what was read, and its link. */
  scenario: Scenario | null;
  simulatorHref: string | null;
  /** What was assumed to build the scenario (not read in the text). */
  scenarioAssumptions: string[];
  /** When nothing was recognised: what to paste instead. */
  pasteHints: string[];
  stats: { lines: number; recognisedLines: number; truncatedLines: number; ms?: number };
}
