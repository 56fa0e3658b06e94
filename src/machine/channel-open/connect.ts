/**
 * Zag-style `connect` for the simulator page: a pure function from what the page holds (the
 * scenario, its trace, the playback position, parser diagnostics) to a view-model the Preact
 * components render as they are. No DOM, no Preact: everything a user can notice is decided here
 * and tested in test/machine/connect.test.ts. Playback, editing, the page address and the analysis
 * of the editors' texts each have their own module beside this one.
 */
import type { Scenario } from '../../model/scenario.ts';
import type { Step, StepMachine, Trace } from '../../model/trace.ts';
import type { Diagnostic } from '../../model/diagnostics.ts';
import { FIX_ON_LABEL, causeById } from '../../model/causes.ts';
import { HOP_LABEL } from '../../model/hops.ts';
import { reasonText } from '../../model/messages.ts';
import { whoseLog } from '../../model/software/index.ts';
import { clampPosition } from './playback.ts';
import { softwareLabel } from './editing.ts';
import type {
  CommandSummary,
  ConnectInput,
  DiagnosticView,
  EditorPath,
  FieldDiagnostics,
  FieldView,
  NodeStatus,
  PathNodeView,
  PlaybackView,
  ResultView,
  SimulatorView,
  StepView,
} from './types.ts';

export const MACHINE_LABEL: Record<StepMachine, string> = {
  client: 'Your machine',
  'jump-host': 'Jump host',
  'ssh-server': 'SSH server',
  'name-resolution': 'Name resolution',
  target: 'Target',
};

const ORDER: StepMachine[] = ['client', 'jump-host', 'ssh-server', 'name-resolution', 'target'];

const STEP_ICON: Record<Step['status'], string> = { passed: '✓', rejected: '✗', failed: '✗', skipped: '–' };
const STEP_TEXT: Record<Step['status'], string> = { passed: 'passed', rejected: 'rejects', failed: 'fails', skipped: 'skipped' };
const NODE_ICON: Record<NodeStatus, string> = { idle: '○', active: '▶', passed: '✓', rejected: '✗', failed: '✗', warned: '!', skipped: '–' };
const NODE_TEXT: Record<NodeStatus, string> = {
  idle: 'not reached',
  active: 'checking',
  passed: 'passed',
  rejected: 'rejects the channel',
  failed: 'fails',
  warned: 'passed, with a warning',
  skipped: 'skipped',
};

const EDITOR_PATHS: EditorPath[] = [
  'client.command',
  'client.sshConfig',
  'client.hosts',
  'server.sshdConfig',
  'server.runningSshdConfig',
  'server.authorizedKeysOptions',
  'server.hosts',
  'server.resolvConf',
  'server.version',
  'server.dropbearOptions',
  'jump.sshdConfig',
  'jump.runningSshdConfig',
  'jump.authorizedKeysOptions',
  'jump.hosts',
];

/** The element id of the editor for a scenario path: `sim-server-sshdConfig`. */
function fieldId(path: string): string {
  return `sim-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** Index of the step that decided: the one named by stoppedAt, else the first rejected/failed one, else -1. */
export function decisiveIndex(trace: Trace): number {
  if (trace.stoppedAt) {
    const i = trace.steps.findIndex((s) => s.id === trace.stoppedAt);
    if (i >= 0) return i;
  }
  if (trace.outcome === 'open') return -1;
  return trace.steps.findIndex((s) => s.status === 'rejected' || s.status === 'failed');
}

function headline(trace: Trace): string {
  if (trace.outcome === 'open') return 'The channel opens: the tunnel works.';
  // no reason code: the server confirmed the channel and then closed it, or the whole connection (Teleport, sish)
  if (trace.outcome === 'rejected')
    return trace.reasonCode === null ? 'The server takes the channel, then closes it without a refusal.' : 'The server rejects the channel.';
  return 'It fails before any channel is opened.';
}

function diagnosticViews(path: EditorPath, diagnostics: Diagnostic[] | undefined): DiagnosticView[] {
  const singleLine = path === 'client.command' || path.endsWith('authorizedKeysOptions') || path.endsWith('version') || path.endsWith('dropbearOptions');
  return [...(diagnostics ?? [])]
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map((d) => ({
      line: d.line,
      column: d.column,
      severity: d.severity,
      code: d.code,
      message: d.message,
      text: singleLine && d.line === 1 ? `column ${d.column}: ${d.message}` : `line ${d.line}, column ${d.column}: ${d.message}`,
    }));
}

function fieldViews(diagnostics: FieldDiagnostics | undefined): Record<EditorPath, FieldView> {
  const out = {} as Record<EditorPath, FieldView>;
  for (const path of EDITOR_PATHS) {
    const id = fieldId(path);
    const list = diagnosticViews(path, diagnostics?.[path]);
    out[path] = {
      id,
      describedBy: list.length ? `${id}-diagnostics` : null,
      invalid: list.some((d) => d.severity === 'error'),
      diagnostics: list,
      markedLines: [...new Set(list.map((d) => d.line))],
    };
  }
  return out;
}

function targetLabel(scenario: Scenario, command: CommandSummary | null | undefined): string {
  const c = scenario.client.connect;
  const forwards = command?.forwards ?? [];
  const index = c?.forward ?? 0;
  const forward = forwards[index];
  if (forward?.kind === 'dynamic') return c?.host ? `${c.host}:${c.port ?? '?'}` : 'SOCKS destination';
  // A -L shows what it connects to, as the parser read it; a -R its whole spec.
  if (forward) return forward.kind === 'local' && forward.target ? forward.target : forward.spec;
  if (command?.stdioForward) return command.stdioForward;
  if (command?.tunnel) return `tun device ${command.tunnel}`;
  return '';
}

function stepViews(trace: Trace, position: number, decisive: number): StepView[] {
  return trace.steps.map((s, index) => ({
    index,
    id: s.id,
    machine: s.machine,
    machineLabel: MACHINE_LABEL[s.machine] ?? s.machine,
    status: s.status,
    detail: s.detail,
    shown: index < position,
    current: index === position - 1,
    decisive: index === decisive,
    icon: STEP_ICON[s.status] ?? '?',
    statusText: STEP_TEXT[s.status] ?? s.status,
  }));
}

/** A machine's status in the picture, from the steps revealed on it so far. */
function nodeStatus(machine: StepMachine, steps: StepView[], trace: Trace, position: number): NodeStatus {
  const mine = steps.filter((s) => s.machine === machine && s.shown);
  const current = steps[position - 1];
  if (mine.some((s) => s.status === 'rejected')) return 'rejected';
  if (mine.some((s) => s.status === 'failed')) return trace.outcome === 'open' ? 'warned' : 'failed';
  if (current && current.machine === machine && position < steps.length) return 'active';
  if (mine.some((s) => s.status === 'passed')) return 'passed';
  return mine.length > 0 ? 'skipped' : 'idle';
}

function nodeSublabel(machine: StepMachine, scenario: Scenario, command: CommandSummary | null | undefined): string {
  if (machine === 'client') return 'ssh client';
  if (machine === 'jump-host') return command?.jump ?? softwareLabel(scenario.jump);
  if (machine === 'ssh-server') return [command?.host, softwareLabel(scenario.server)].filter(Boolean).join(' · ');
  if (machine === 'name-resolution') return "server's resolver";
  return targetLabel(scenario, command);
}

function nodeViews(input: ConnectInput, steps: StepView[], position: number, decisive: number, hasJump: boolean): PathNodeView[] {
  return ORDER.filter((m) => m !== 'jump-host' || hasJump).map((machine) => {
    const status = nodeStatus(machine, steps, input.trace, position);
    const isDecisive = decisive >= 0 && steps[decisive]!.machine === machine && steps[decisive]!.shown;
    const sublabel = nodeSublabel(machine, input.scenario, input.command);
    return { machine, label: MACHINE_LABEL[machine], sublabel, status, icon: NODE_ICON[status], statusText: NODE_TEXT[status], decisive: isDecisive };
  });
}

const LOGS_NOTHING = 'The server logs nothing about this channel.';

/**
 * Whose log the page shows, and what an empty one means: sshd's at VERBOSE, Dropbear's, the sshd
 * behind a gateway that hands it the channel, or another server program's, whose own log is not
 * modelled (an empty one says so rather than claim it logs nothing).
 */
function serverLogHeading(block: Scenario['server']): { label: string; empty: string } {
  const log = whoseLog(block?.software);
  switch (log.by) {
    case 'dropbear':
      return { label: 'Server log (Dropbear)', empty: LOGS_NOTHING };
    case 'sshd':
      return { label: 'Server log (sshd at LogLevel VERBOSE)', empty: LOGS_NOTHING };
    case 'sshd-behind':
      return {
        label: `Server log (the sshd behind ${log.profile.name}, at LogLevel VERBOSE)`,
        empty: `Nothing in that sshd’s log; what ${log.profile.name} logs itself is not modelled here.`,
      };
    case 'program':
      return { label: `Server log (${log.profile.name})`, empty: `What ${log.profile.name} logs is not modelled here: only its answer to ssh is.` };
  }
}

function resultView(input: ConnectInput, steps: StepView[], position: number, decisive: number): ResultView {
  const { scenario, trace } = input;
  const total = steps.length;
  const revealed = total === 0 || (decisive >= 0 ? position > decisive : position >= total);
  const cause = trace.cause;
  const info = cause ? causeById(cause) : undefined;
  const fixOnLabel = trace.fixOn ? (FIX_ON_LABEL[trace.fixOn] ?? null) : null;
  let announcement: string;
  if (!revealed) {
    const s = steps[position - 1];
    announcement = s ? `Step ${position} of ${total}: ${s.machineLabel}, ${s.statusText}. ${s.detail}` : `Ready: ${total} steps.`;
  } else {
    const hop = trace.hop ? ` Refused by ${HOP_LABEL[trace.hop]}.` : '';
    announcement = headline(trace) + (info ? ` Cause: ${info.title}.` : '') + hop + (fixOnLabel ? ` Fix on: ${fixOnLabel}.` : '');
  }
  const heading = serverLogHeading(trace.fixOn === 'jump-host' ? scenario.jump : scenario.server);
  return {
    revealed,
    outcome: trace.outcome,
    headline: headline(trace),
    cause,
    causeTitle: info?.title ?? cause,
    causeHref: cause && info ? `/causes/${cause}/` : null,
    fixOn: trace.fixOn,
    fixOnLabel,
    hopLabel: trace.hop ? HOP_LABEL[trace.hop] : null,
    hopDetail: trace.hopDetail,
    reasonCode: trace.reasonCode,
    reasonText: trace.reasonCode ? reasonText(trace.reasonCode) : null,
    stoppedAt: trace.stoppedAt,
    decisiveIndex: decisive,
    clientLines: trace.clientLines,
    serverLog: trace.serverLog,
    serverLogLabel: heading.label,
    serverLogEmpty: heading.empty,
    announcement,
  };
}

function playbackView(position: number, total: number, playing: boolean): PlaybackView {
  return {
    position,
    total,
    playing,
    atStart: position === 0,
    atEnd: position === total,
    canBack: position > 0,
    canStep: position < total,
    canReset: position > 0 || playing,
    playLabel: playing ? 'Pause' : position >= total && total > 0 ? 'Replay' : 'Play',
    label: position === 0 ? `Not started — ${total} step${total === 1 ? '' : 's'}` : `Step ${position} of ${total}`,
  };
}

/** The simulator page's view-model: the picture, the step list, the playback controls, the result, the editors' fields. */
export function connect(input: ConnectInput): SimulatorView {
  const { trace, command } = input;
  const total = trace.steps.length;
  const position = clampPosition(input.position, total);
  const playing = Boolean(input.playing) && position < total;
  const decisive = decisiveIndex(trace);
  const steps = stepViews(trace, position, decisive);
  const hasJump = trace.steps.some((s) => s.machine === 'jump-host') || Boolean(command?.jump) || trace.fixOn === 'jump-host';
  return {
    nodes: nodeViews(input, steps, position, decisive, hasJump),
    steps,
    playback: playbackView(position, total, playing),
    result: resultView(input, steps, position, decisive),
    fields: fieldViews(input.diagnostics),
    hasJump,
  };
}
