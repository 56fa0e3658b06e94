/**
 * Types of the channel-open machine and of the simulator's view-model (Zag-style split: types /
 * machine / connect).
 */
import type { World } from '../../model/world.ts';
import type { Outcome } from '../../model/decide.ts';
import type { FixOn } from '../../model/causes.ts';
import type { Diagnostic } from '../../model/diagnostics.ts';
import type { Scenario } from '../../model/scenario.ts';
import type { Step, StepMachine, Trace } from '../../model/trace.ts';
import type { StepId } from './steps.ts';

export interface ChannelOpenContext {
  world: World;
  /** The steps the machine entered, in order. */
  visited: StepId[];
  /** Set by the final state's entry action. */
  outcome: Outcome | null;
  /** The session's X11 request was refused: ssh prints that line first, and carries on. */
  x11Refused: boolean;
}

/** Params of the `enterStep` action: the step a state stands for. */
export interface StepParams {
  step: StepId;
}

// ---- the simulator page's view-model ------------------------------------------------------------

/** Scenario fields that have a text editor whose diagnostics are shown under it. */
export type EditorPath =
  | 'client.command'
  | 'client.sshConfig'
  | 'client.hosts'
  | 'server.sshdConfig'
  | 'server.runningSshdConfig'
  | 'server.authorizedKeysOptions'
  | 'server.hosts'
  | 'server.resolvConf'
  | 'server.version'
  | 'server.dropbearOptions'
  | 'jump.sshdConfig'
  | 'jump.runningSshdConfig'
  | 'jump.authorizedKeysOptions'
  | 'jump.hosts';

export type FieldDiagnostics = Partial<Record<EditorPath, Diagnostic[]>>;

/** What the page knows about the parsed command line (from parseSshCommand). */
export interface CommandSummary {
  user?: string | null;
  host?: string | null;
  /** The jump host(s), as written after -J / ProxyJump; empty when there is none. */
  jump?: string | null;
  /**
   * The forwards, in command order: their kind, the spec as written, and what they connect to as
   * the parser read it (host:port or a socket path; null for -D and a dynamic -R).
   */
  forwards?: { kind: 'local' | 'remote' | 'dynamic'; spec: string; target: string | null }[];
  /** The -W host:port, when there is one. */
  stdioForward?: string | null;
  /** The -w spec, when there is one. */
  tunnel?: string | null;
}

export interface ConnectInput {
  scenario: Scenario;
  trace: Trace;
  /** How many steps are revealed: 0 (nothing played) … trace.steps.length (all). Clamped. */
  position: number;
  playing?: boolean;
  /** Parser diagnostics for each text editor. */
  diagnostics?: FieldDiagnostics;
  /** The parsed command line, for labels on the picture. */
  command?: CommandSummary | null;
}

/** `warned`: a side request failed there (a refused -X) while the channel itself went through. */
export type NodeStatus = 'idle' | 'active' | 'passed' | 'rejected' | 'failed' | 'warned' | 'skipped';

export interface PathNodeView {
  machine: StepMachine;
  label: string;
  /** A short second line: host name, software, target. */
  sublabel: string;
  status: NodeStatus;
  /** A text marker so the state is never told by colour alone. */
  icon: string;
  statusText: string;
  /** True for the node whose step decided a rejection or failure. */
  decisive: boolean;
}

export interface StepView {
  index: number;
  id: string;
  machine: StepMachine;
  machineLabel: string;
  status: Step['status'];
  detail: string;
  /** Revealed by playback so far. */
  shown: boolean;
  /** The step playback is on (the last revealed). */
  current: boolean;
  /** The step that decided (trace.stoppedAt) — rejects or fails the channel. */
  decisive: boolean;
  icon: string;
  statusText: string;
}

export interface PlaybackView {
  position: number;
  total: number;
  playing: boolean;
  atStart: boolean;
  atEnd: boolean;
  canBack: boolean;
  canStep: boolean;
  canReset: boolean;
  playLabel: 'Play' | 'Pause' | 'Replay';
  /** "Step 3 of 7", or "Not started — 7 steps". */
  label: string;
}

export interface ResultView {
  /** True once playback has reached the deciding step (or the end, when the channel opens). */
  revealed: boolean;
  outcome: Trace['outcome'];
  headline: string;
  cause: string | null;
  causeTitle: string | null;
  /** `/causes/<id>/`, or null when the channel opens. */
  causeHref: string | null;
  fixOn: FixOn | null;
  fixOnLabel: string | null;
  /** Which hop refused, as the page names it ("the jump host"), or null when it opens. */
  hopLabel: string | null;
  /** The sentence naming that hop and the hops it clears. */
  hopDetail: string | null;
  reasonCode: Trace['reasonCode'];
  reasonText: string | null;
  stoppedAt: string | null;
  decisiveIndex: number;
  clientLines: string[];
  serverLog: string[];
  /** The heading of the server log: which program logs it, at which level. */
  serverLogLabel: string;
  /** What an empty server log says: nothing logged, or a program whose own log is not modelled. */
  serverLogEmpty: string;
  /** A short sentence for a live region. */
  announcement: string;
}

export interface DiagnosticView {
  line: number;
  column: number;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
  /** "line 3, column 1: message" (a single-line input says only "column 12: message"). */
  text: string;
}

export interface FieldView {
  /** Element id of the editor. */
  id: string;
  /** Element id of the diagnostics list, for aria-describedby; null when there is nothing to show. */
  describedBy: string | null;
  invalid: boolean;
  diagnostics: DiagnosticView[];
  /** 1-based lines that carry a diagnostic, for a gutter marker. */
  markedLines: number[];
}

export interface SimulatorView {
  nodes: PathNodeView[];
  steps: StepView[];
  playback: PlaybackView;
  result: ResultView;
  fields: Record<EditorPath, FieldView>;
  /** Whether the jump host appears in the picture and its editors are shown. */
  hasJump: boolean;
}
