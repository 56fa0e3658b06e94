/**
 * Zag-style `connect` for the simulator page: a pure function from what the page holds (the
 * scenario, its trace, the playback position, parser diagnostics) to a view-model the Preact
 * components render as they are. No DOM, no Preact: everything a user can notice is decided here
 * and tested in test/machine/connect.test.ts.
 */
import type { Scenario } from '../../model/scenario.ts';
import type { Step, StepMachine, Trace } from '../../model/trace.ts';
import type { Diagnostic } from '../../model/diagnostics.ts';
import { FIX_ON_LABEL, causeById, type FixOn } from '../../model/causes.ts';
import { buildWorld, type Source, type World } from '../../model/world.ts';
import { DEFAULT_SERVER_HOSTS } from '../../model/resolve.ts';
import { parseHosts, parseResolvConf } from '../../model/parse/hosts.ts';
import { explainCommand, type Explanation } from '../../model/explain.ts';

/** Scenario fields that have a text editor whose diagnostics are shown under it. */
export type EditorPath =
  | 'client.command'
  | 'client.sshConfig'
  | 'client.hosts'
  | 'server.sshdConfig'
  | 'server.authorizedKeysOptions'
  | 'server.hosts'
  | 'server.resolvConf'
  | 'server.version'
  | 'server.dropbearOptions'
  | 'jump.sshdConfig'
  | 'jump.authorizedKeysOptions'
  | 'jump.hosts';

export type FieldDiagnostics = Partial<Record<EditorPath, Diagnostic[]>>;

/** What the page knows about the parsed command line (from parseSshCommand). */
export interface CommandSummary {
  user?: string | null;
  host?: string | null;
  /** The jump host(s), as written after -J / ProxyJump; empty when there is none. */
  jump?: string | null;
  /** The forwards, in command order, as their kind and spec. */
  forwards?: { kind: 'local' | 'remote' | 'dynamic'; spec: string }[];
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
  reasonCode: Trace['reasonCode'];
  reasonText: string | null;
  stoppedAt: string | null;
  decisiveIndex: number;
  clientLines: string[];
  serverLog: string[];
  /** The heading of the server log: which program logs it, at which level. */
  serverLogLabel: string;
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

export const MACHINE_LABEL: Record<StepMachine, string> = {
  client: 'Your machine',
  'jump-host': 'Jump host',
  'ssh-server': 'SSH server',
  'name-resolution': 'Name resolution',
  target: 'Target',
};

const ORDER: StepMachine[] = ['client', 'jump-host', 'ssh-server', 'name-resolution', 'target'];

/** RFC 4254 §5.1 reason codes, as ssh prints them. */
export const REASON_TEXT: Record<1 | 2 | 3 | 4, string> = {
  1: 'administratively prohibited',
  2: 'connect failed',
  3: 'unknown channel type',
  4: 'resource shortage',
};

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

export const EDITOR_PATHS: EditorPath[] = [
  'client.command',
  'client.sshConfig',
  'client.hosts',
  'server.sshdConfig',
  'server.authorizedKeysOptions',
  'server.hosts',
  'server.resolvConf',
  'server.version',
  'server.dropbearOptions',
  'jump.sshdConfig',
  'jump.authorizedKeysOptions',
  'jump.hosts',
];

/** The element id of the editor for a scenario path: `sim-server-sshdConfig`. */
export function fieldId(path: string): string {
  return `sim-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

export function clampPosition(position: number, total: number): number {
  if (!Number.isFinite(position)) return total;
  return Math.max(0, Math.min(total, Math.trunc(position)));
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

// ---- playback ----------------------------------------------------------------------------------

export interface PlaybackState {
  position: number;
  playing: boolean;
}

export type PlaybackEvent = 'step' | 'back' | 'reset' | 'play' | 'pause' | 'toggle' | 'tick' | 'end';

/** The playback transitions (pure). Play at the end starts again from the first step. */
export function playback(state: PlaybackState, event: PlaybackEvent, total: number): PlaybackState {
  const position = clampPosition(state.position, total);
  switch (event) {
    case 'step':
      return { position: Math.min(total, position + 1), playing: false };
    case 'back':
      return { position: Math.max(0, position - 1), playing: false };
    case 'reset':
      return { position: 0, playing: false };
    case 'end':
      return { position: total, playing: false };
    case 'pause':
      return { position, playing: false };
    case 'play':
      if (total === 0) return { position: 0, playing: false };
      return position >= total ? { position: 0, playing: true } : { position, playing: true };
    case 'toggle':
      return playback(state, state.playing ? 'pause' : 'play', total);
    case 'tick': {
      if (!state.playing) return { position, playing: false };
      const next = Math.min(total, position + 1);
      return { position: next, playing: next < total };
    }
  }
}

// ---- the view-model ----------------------------------------------------------------------------

function headline(trace: Trace): string {
  if (trace.outcome === 'open') return 'The channel opens: the tunnel works.';
  if (trace.outcome === 'rejected') return 'The server rejects the channel.';
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

function softwareLabel(server: Scenario['server']): string {
  const software = server?.software ?? 'openssh';
  const version = server?.version ?? (software === 'dropbear' ? '2022.83' : '9.2');
  return `${software === 'dropbear' ? 'Dropbear' : 'OpenSSH'} ${version}`;
}

function targetLabel(scenario: Scenario, command: CommandSummary | null | undefined): string {
  const c = scenario.client.connect;
  const forwards = command?.forwards ?? [];
  const index = c?.forward ?? 0;
  const forward = forwards[index];
  if (forward?.kind === 'dynamic') return c?.host ? `${c.host}:${c.port ?? '?'}` : 'SOCKS destination';
  if (forward) {
    // "8080:db.internal:5432" → "db.internal:5432"; ssh_config's "5432 localhost:5432" → "localhost:5432";
    // a bracketed IPv6 host keeps its brackets.
    const spec = forward.spec.trim().split(/\s+/).pop() ?? '';
    const parts = spec.match(/(\[[^\]]*\]|[^:]+):(\d+)$/);
    const last = spec.slice(spec.lastIndexOf(':') + 1);
    if (forward.kind === 'local' && last.startsWith('/')) return last;
    if (forward.kind === 'local' && parts) return `${parts[1]}:${parts[2]}`;
    return forward.spec;
  }
  if (command?.stdioForward) return command.stdioForward;
  if (command?.tunnel) return `tun device ${command.tunnel}`;
  return '';
}

export function connect(input: ConnectInput): SimulatorView {
  const { scenario, trace, command } = input;
  const total = trace.steps.length;
  const position = clampPosition(input.position, total);
  const playing = Boolean(input.playing) && position < total;
  const decisive = decisiveIndex(trace);

  const steps: StepView[] = trace.steps.map((s, index) => ({
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

  const hasJump = trace.steps.some((s) => s.machine === 'jump-host') || Boolean(command?.jump) || trace.fixOn === 'jump-host';

  const current = steps[position - 1];
  const nodes: PathNodeView[] = ORDER.filter((m) => m !== 'jump-host' || hasJump).map((machine) => {
    const mine = steps.filter((s) => s.machine === machine && s.shown);
    let status: NodeStatus = 'idle';
    if (mine.some((s) => s.status === 'rejected')) status = 'rejected';
    else if (mine.some((s) => s.status === 'failed')) status = trace.outcome === 'open' ? 'warned' : 'failed';
    else if (current && current.machine === machine && position < total) status = 'active';
    else if (mine.some((s) => s.status === 'passed')) status = 'passed';
    else if (mine.length > 0) status = 'skipped';
    const isDecisive = decisive >= 0 && steps[decisive]!.machine === machine && steps[decisive]!.shown;
    let sublabel = '';
    if (machine === 'client') sublabel = 'ssh client';
    else if (machine === 'jump-host') sublabel = command?.jump ?? softwareLabel(scenario.jump);
    else if (machine === 'ssh-server') sublabel = [command?.host, softwareLabel(scenario.server)].filter(Boolean).join(' · ');
    else if (machine === 'name-resolution') sublabel = "server's resolver";
    else sublabel = targetLabel(scenario, command);
    return { machine, label: MACHINE_LABEL[machine], sublabel, status, icon: NODE_ICON[status], statusText: NODE_TEXT[status], decisive: isDecisive };
  });

  const revealed = total === 0 || (decisive >= 0 ? position > decisive : position >= total);
  const cause = trace.cause;
  const info = cause ? causeById(cause) : undefined;
  const fixOnLabel = trace.fixOn ? (FIX_ON_LABEL[trace.fixOn] ?? null) : null;
  const reasonText = trace.reasonCode ? REASON_TEXT[trace.reasonCode] : null;
  let announcement: string;
  if (!revealed) {
    const s = steps[position - 1];
    announcement = s ? `Step ${position} of ${total}: ${s.machineLabel}, ${s.statusText}. ${s.detail}` : `Ready: ${total} steps.`;
  } else {
    announcement = headline(trace) + (info ? ` Cause: ${info.title}.` : '') + (fixOnLabel ? ` Fix on: ${fixOnLabel}.` : '');
  }

  const result: ResultView = {
    revealed,
    outcome: trace.outcome,
    headline: headline(trace),
    cause,
    causeTitle: info?.title ?? cause,
    causeHref: cause && info ? `/causes/${cause}/` : null,
    fixOn: trace.fixOn,
    fixOnLabel,
    reasonCode: trace.reasonCode,
    reasonText,
    stoppedAt: trace.stoppedAt,
    decisiveIndex: decisive,
    clientLines: trace.clientLines,
    serverLog: trace.serverLog,
    serverLogLabel:
      (trace.fixOn === 'jump-host' ? scenario.jump : scenario.server)?.software === 'dropbear'
        ? 'Server log (Dropbear)'
        : 'Server log (sshd at LogLevel VERBOSE)',
    announcement,
  };

  const playbackView: PlaybackView = {
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

  return { nodes, steps, playback: playbackView, result, fields: fieldViews(input.diagnostics), hasJump };
}

// ---- editing the scenario (pure, immutable) ----------------------------------------------------

/** The server's /etc/hosts when the scenario does not set one (the model's default). */
export { DEFAULT_SERVER_HOSTS };

export interface SoftwareOption {
  value: string;
  software: 'openssh' | 'dropbear';
  version: string;
  label: string;
}

/** The server software choices of the page (a scenario with another version adds its own option). */
export const SOFTWARE_OPTIONS: SoftwareOption[] = [
  { value: 'openssh 6.6', software: 'openssh', version: '6.6', label: 'OpenSSH 6.6 (Ubuntu 14.04)' },
  { value: 'openssh 7.4', software: 'openssh', version: '7.4', label: 'OpenSSH 7.4 (RHEL/CentOS 7)' },
  { value: 'openssh 7.5', software: 'openssh', version: '7.5', label: 'OpenSSH 7.5' },
  { value: 'openssh 8.9', software: 'openssh', version: '8.9', label: 'OpenSSH 8.x (8.9)' },
  { value: 'openssh 9.2', software: 'openssh', version: '9.2', label: 'OpenSSH 9.2 (Debian 12)' },
  { value: 'openssh 9.8', software: 'openssh', version: '9.8', label: 'OpenSSH 9.8' },
  { value: 'openssh 10.0', software: 'openssh', version: '10.0', label: 'OpenSSH 10.0' },
  { value: 'dropbear 2022.83', software: 'dropbear', version: '2022.83', label: 'Dropbear 2022.83' },
];

/** The software options for a server block: the fixed list, plus the block's own version when it is not in it. */
export function softwareOptions(block: Scenario['server']): { options: SoftwareOption[]; value: string } {
  const software = block?.software ?? 'openssh';
  const version = block?.version ?? (software === 'dropbear' ? '2022.83' : '9.2');
  const value = `${software} ${version}`;
  if (SOFTWARE_OPTIONS.some((o) => o.value === value)) return { options: SOFTWARE_OPTIONS, value };
  const extra: SoftwareOption = { value, software, version, label: `${software === 'dropbear' ? 'Dropbear' : 'OpenSSH'} ${version}` };
  return { options: [...SOFTWARE_OPTIONS, extra], value };
}

type ServerKey = keyof NonNullable<Scenario['server']>;
type ClientKey = Exclude<keyof Scenario['client'], 'command'>;

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

/** Sets (or, with undefined, removes) one field of the server or jump block; an emptied block is dropped. */
export function setServerField<K extends ServerKey>(
  scenario: Scenario,
  block: 'server' | 'jump',
  key: K,
  value: NonNullable<Scenario['server']>[K] | undefined,
): Scenario {
  const next: Record<string, unknown> = { ...(scenario[block] ?? {}) };
  if (value === undefined) delete next[key];
  else next[key] = value;
  const out: Scenario = { ...scenario };
  if (isEmptyObject(next)) delete out[block];
  else out[block] = next as NonNullable<Scenario['server']>;
  return out;
}

/** Sets the command line. */
export function setCommand(scenario: Scenario, command: string): Scenario {
  return { ...scenario, client: { ...scenario.client, command } };
}

/** Sets (or removes) one optional field of the client block. */
export function setClientField<K extends ClientKey>(scenario: Scenario, key: K, value: Scenario['client'][K] | undefined): Scenario {
  const client: Record<string, unknown> = { ...scenario.client };
  if (value === undefined || isEmptyObject(value)) delete client[key];
  else client[key] = value;
  return { ...scenario, client: client as unknown as Scenario['client'] };
}

/** Sets the server software and version from a SOFTWARE_OPTIONS value ("openssh 9.2"). */
export function setSoftware(scenario: Scenario, block: 'server' | 'jump', value: string): Scenario {
  const [software, version] = value.split(' ');
  if ((software !== 'openssh' && software !== 'dropbear') || !version) return scenario;
  return setServerField(setServerField(scenario, block, 'software', software), block, 'version', version);
}

/** DNS records as editable text: one name per line, then its addresses. */
export function dnsRecordsToText(records: Record<string, string[]> | undefined): string {
  if (!records) return '';
  return Object.entries(records)
    .map(([name, addrs]) => [name, ...addrs].join(' '))
    .join('\n');
}

/** Reads the DNS records text back; a name with no address means "the DNS server answers: no such name". */
export function textToDnsRecords(text: string): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    const [name, ...addrs] = words;
    if (!name || name.startsWith('#')) continue;
    out[name] = [...(out[name] ?? []), ...addrs];
  }
  return Object.keys(out).length ? out : undefined;
}

/** Sets one field of server.dns (or removes it with undefined). */
export function setDnsField<K extends keyof NonNullable<NonNullable<Scenario['server']>['dns']>>(
  scenario: Scenario,
  key: K,
  value: NonNullable<NonNullable<Scenario['server']>['dns']>[K] | undefined,
): Scenario {
  const dns: Record<string, unknown> = { ...(scenario.server?.dns ?? {}) };
  if (value === undefined) delete dns[key];
  else dns[key] = value;
  return setServerField(scenario, 'server', 'dns', isEmptyObject(dns) ? undefined : (dns as NonNullable<Scenario['server']>['dns']));
}

/** Groups as "a, b c" text → list (or undefined when empty). */
export function textToList(text: string): string[] | undefined {
  const list = text.split(/[\s,]+/).filter(Boolean);
  return list.length ? list : undefined;
}

/** Ports as "8080, 9000" text → list of valid ports (or undefined when none). */
export function textToPorts(text: string): number[] | undefined {
  const list = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 0 && n <= 65535);
  return list.length ? list : undefined;
}

export type TargetEdit =
  | { kind: 'add' }
  | { kind: 'remove'; index: number }
  | { kind: 'set'; index: number; field: 'host'; value: string }
  | { kind: 'set'; index: number; field: 'port'; value: number }
  | { kind: 'set'; index: number; field: 'state'; value: 'listening' | 'closed' | 'filtered' | 'rejected' };

/** Edits the list of target services; an emptied list is dropped from the scenario. */
export function editTargets(scenario: Scenario, edit: TargetEdit): Scenario {
  const list = [...(scenario.targets ?? [])];
  if (edit.kind === 'add') list.push({ host: '127.0.0.1', port: 80, state: 'listening' });
  else if (edit.kind === 'remove') list.splice(edit.index, 1);
  else {
    const t = list[edit.index];
    if (!t) return scenario;
    list[edit.index] = { ...t, [edit.field]: edit.value };
  }
  const out: Scenario = { ...scenario, targets: list };
  if (list.length === 0) delete out.targets;
  return out;
}

/** The choices of "which forward gets a connection", from the parsed command. */
export function forwardChoices(command: CommandSummary | null | undefined): { value: number; label: string; dynamic: boolean }[] {
  const flag = { local: '-L', remote: '-R', dynamic: '-D' } as const;
  return (command?.forwards ?? []).map((f, i) => ({
    value: i,
    label: `${i + 1}: ${flag[f.kind]} ${f.spec}`,
    dynamic: f.kind === 'dynamic',
  }));
}

// ---- loading a scenario from the page address --------------------------------------------------

export interface InitialState {
  scenario: Scenario;
  /** The preset loaded, or null for a scenario from a share link. */
  presetId: string | null;
  /** A message for the user when the address could not be used (shown with role="alert"). */
  notice: string | null;
}

/**
 * Decides what the page starts with from its address: a share link in the fragment (`#z=…`, or the
 * older `#s=…`) wins, then `?preset=<id>`, else the page's own preset (`defaultId`). Never throws; a
 * damaged link gives a notice and the default. Async: compressed links inflate through a stream.
 */
export async function initialState(
  address: { search: string; hash: string },
  presets: Record<string, { title: string; scenario: Scenario }>,
  decode: (hash: string) => Promise<{ ok: true; scenario: Scenario } | { ok: false; message: string } | null>,
  defaultId = 'working-tunnel',
): Promise<InitialState> {
  const fallbackId = Object.hasOwn(presets, defaultId) ? defaultId : Object.keys(presets)[0];
  const shown = fallbackId === 'working-tunnel' || !fallbackId ? 'a working tunnel' : `“${presets[fallbackId]!.title}”`;
  const fallback = (notice: string | null): InitialState => ({
    scenario: fallbackId ? presets[fallbackId]!.scenario : { client: { command: 'ssh -N -L 8080:localhost:80 you@server.example' } },
    presetId: fallbackId ?? null,
    notice: notice === null ? null : `${notice} Showing ${shown} instead.`,
  });
  const decoded = await decode(address.hash);
  if (decoded) return decoded.ok ? { scenario: decoded.scenario, presetId: null, notice: null } : fallback(decoded.message);
  let preset: string | null = null;
  try {
    preset = new URLSearchParams(address.search).get('preset');
  } catch {
    preset = null;
  }
  if (preset !== null) {
    if (Object.hasOwn(presets, preset)) return { scenario: presets[preset]!.scenario, presetId: preset, notice: null };
    const name = preset.length > 60 ? `${preset.slice(0, 60)}…` : preset;
    return fallback(`There is no preset called “${name}”.`);
  }
  return fallback(null);
}

// ---- analysing the scenario's texts -------------------------------------------------------------

export interface Analysis {
  command: CommandSummary | null;
  diagnostics: FieldDiagnostics;
  explanation: Explanation[];
}

const SOURCE_PATH: Record<Source, EditorPath> = {
  command: 'client.command',
  sshConfig: 'client.sshConfig',
  sshdConfig: 'server.sshdConfig',
  authorizedKeys: 'server.authorizedKeysOptions',
  'jump.sshdConfig': 'jump.sshdConfig',
  'jump.authorizedKeys': 'jump.authorizedKeysOptions',
  version: 'server.version',
  dropbearOptions: 'server.dropbearOptions',
  hosts: 'server.hosts',
  'jump.hosts': 'jump.hosts',
  'client.hosts': 'client.hosts',
  resolvConf: 'server.resolvConf',
};

/**
 * Everything the editors show besides the trace: the parsed command (as the model's world sees
 * it, ssh_config included), each editor's diagnostics, and the explanation of the command line.
 * Pass the world simulateDetailed() already built for this scenario so an edit parses once.
 * Never throws.
 */
export function analyse(scenario: Scenario, built?: World | null): Analysis {
  const diagnostics: FieldDiagnostics = {};
  const add = (path: EditorPath, list: Diagnostic[]) => {
    if (list.length) diagnostics[path] = [...(diagnostics[path] ?? []), ...list];
  };
  let command: CommandSummary | null = null;
  let explanation: Explanation[] = [];
  // Hosts and resolv.conf diagnostics come from the texts the model read (capped like the rest).
  let read: Scenario = scenario;
  try {
    const world = built ?? buildWorld(scenario);
    read = world.scenario;
    for (const d of world.diagnostics) {
      const { source, ...rest } = d;
      add(SOURCE_PATH[source] ?? 'client.command', [rest]);
    }
    const c = world.command;
    command = {
      user: world.client.user ?? c.user,
      host: world.serverHost || c.host,
      jump: world.client.proxyJump ?? c.jump,
      forwards: world.client.forwards.map((f) => ({ kind: f.kind, spec: f.spec })),
      stdioForward: c.stdioForward ? `${c.stdioForward.host}:${c.stdioForward.port}` : null,
      tunnel: c.tunnel ? `${c.tunnel.local}:${c.tunnel.remote}` : null,
    };
    if (command.jump && command.jump.toLowerCase() === 'none') command.jump = null;
    explanation = explainCommand(scenario.client.command, c);
  } catch {
    /* the page still shows the trace */
  }
  if (read.server?.hosts !== undefined) add('server.hosts', parseHosts(read.server.hosts).diagnostics);
  if (read.jump?.hosts !== undefined) add('jump.hosts', parseHosts(read.jump.hosts).diagnostics);
  if (read.client.hosts !== undefined) add('client.hosts', parseHosts(read.client.hosts).diagnostics);
  if (read.server?.resolvConf !== undefined) add('server.resolvConf', parseResolvConf(read.server.resolvConf).diagnostics);
  return { command, diagnostics, explanation };
}
