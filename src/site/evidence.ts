/**
 * What a cause page may claim about its evidence. "Reproduced" is said only when a real-server
 * recording of this cause exists, is not source-only, and the model (simulate) gives the same cause
 * with the same lines. Pure: the recordings are passed in, so the content test can run the same rule.
 */
import { causeById, type Evidence } from '../model/causes.ts';
import type { Trace } from '../model/trace.ts';
import type { Scenario } from '../model/scenario.ts';
import { simulate as defaultSimulate } from '../machine/channel-open/simulate.ts';
import { KNOWN_RELEASES } from '../model/version.ts';
import { recordedVersion, type Recording } from './recordings.ts';

export type EvidenceKind = 'reproduced' | 'source' | 'unconfirmed' | 'reported' | 'myth';

export interface EvidenceNote {
  kind: EvidenceKind;
  /** The sentence shown on the page. */
  text: string;
  /** For `reproduced`: the software/versions, e.g. ["OpenSSH 9.2p1", "Dropbear 2022.83"]. */
  software: string[];
  /** For `reproduced`: the ids of the recordings that back the claim. */
  recordings: string[];
}

/** "openssh" + "9.2p1" → "OpenSSH 9.2p1"; "dropbear" + "2022.83" → "Dropbear 2022.83". */
export function softwareLabel(software: string, version: string): string {
  const s = software.trim();
  const name = /^openssh/i.test(s) ? 'OpenSSH' : /^dropbear/i.test(s) ? 'Dropbear' : s;
  const v = version.trim().replace(/^(openssh|dropbear)[_ ]?/i, '');
  return v ? `${name} ${v}` : name;
}

/**
 * Replaces only what real programs pick at random: the client's ephemeral source port in sshd's
 * log lines ("originator A port P", "from A port P").
 */
function normalizeLine(line: string): string {
  return line.replace(/\b(originator|from) (\S+) port \d+/g, '$1 $2 port N').trimEnd();
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((l, i) => normalizeLine(l) === normalizeLine(b[i] ?? ''));
}

export interface RecordingCheck {
  recording: Recording;
  /** The model's trace, or null when simulate threw. */
  trace: Trace | null;
  error: string | null;
  causeMatches: boolean;
  clientMatches: boolean;
  /** True when the recording has no server log to compare. */
  serverMatches: boolean;
  /** The recording reproduces its cause: real, not source-only, and the model agrees line for line. */
  reproduces: boolean;
}

export function checkRecording(recording: Recording, simulate: (s: Scenario) => Trace = defaultSimulate): RecordingCheck {
  let trace: Trace | null = null;
  let error: string | null = null;
  try {
    trace = simulate(recording.scenario);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const causeMatches = trace ? (trace.cause ?? null) === (recording.cause ?? null) : false;
  const clientMatches = trace ? sameLines(trace.clientLines, recording.real.clientLines) : false;
  const serverMatches = trace ? recording.real.serverLog === undefined || sameLines(trace.serverLog, recording.real.serverLog) : false;
  const reproduces = !recording.sourceOnly && causeMatches && clientMatches && serverMatches;
  return { recording, trace, error, causeMatches, clientMatches, serverMatches, reproduces };
}

/** "OpenSSH 9.2p1" for a recording, using the scenario's version when the harness could not tell. */
export function recordingSoftware(r: Recording): string {
  return softwareLabel(r.real.software, recordedVersion(r));
}

/** Where a release label ("OpenSSH 9.6p1") stands among the releases people run, oldest first; others after. */
function releaseRank(label: string): number {
  const i = KNOWN_RELEASES.findIndex((r) => softwareLabel(r.software, r.version.replace(/ .*$/, '')) === label);
  return i < 0 ? KNOWN_RELEASES.length : i;
}

/** OpenSSH before Dropbear, then oldest release first. */
function bySoftware(a: string, b: string): number {
  const rank = (s: string) => (s.startsWith('OpenSSH') ? 0 : s.startsWith('Dropbear') ? 1 : 2);
  return rank(a) - rank(b) || releaseRank(a) - releaseRank(b) || a.localeCompare(b);
}

/**
 * The reproducing releases as runs: "OpenSSH 8.0p1–10.5p1", "Dropbear 2022.83". A run breaks at a
 * release that was run for this cause and did not reproduce it; releases never run do not break it.
 */
export function releaseRuns(reproduced: readonly string[], tried: readonly string[]): string[] {
  const all = [...new Set([...reproduced, ...tried])].sort(bySoftware);
  const ok = new Set(reproduced);
  const runs: string[][] = [];
  let run: string[] = [];
  const close = () => {
    if (run.length) runs.push(run);
    run = [];
  };
  for (const label of all) {
    const name = label.replace(/ .*$/, '');
    if (run.length && run[0]!.replace(/ .*$/, '') !== name) close();
    if (ok.has(label)) run.push(label);
    else close();
  }
  close();
  return runs.map((r) => (r.length === 1 ? r[0]! : `${r[0]}–${r.at(-1)!.replace(/^\S+ /, '')}`));
}

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The evidence note for one cause page. */
export function evidenceNote(
  cause: { id: string; evidence: Evidence; sourceRef?: string | undefined },
  recordings: readonly Recording[],
  simulate: (s: Scenario) => Trace = defaultSimulate,
): EvidenceNote {
  const none = { software: [] as string[], recordings: [] as string[] };
  if (cause.evidence === 'myth') {
    const truth = causeById(cause.id)?.truth ?? 'This claim does not produce this message; the page explains what does.';
    return { kind: 'myth', text: `Myth. ${truth}`, ...none };
  }
  const checks = recordings.filter((r) => r.cause === cause.id).map((r) => checkRecording(r, simulate));
  const reproducing = checks.filter((c) => c.reproduces);
  const servers = (cs: RecordingCheck[]) => cs.filter((c) => !c.recording.real.client).map((c) => recordingSoftware(c.recording));
  const software = releaseRuns(servers(reproducing), servers(checks.filter((c) => !c.recording.sourceOnly)));
  // ssh releases: the matrix's client cells, and the machine's own 9.2p1 for the default recordings.
  const clientOf = (c: RecordingCheck) => `OpenSSH ${c.recording.real.client ?? '9.2p1'}`;
  const clientCells = checks.filter((c) => c.recording.real.client);
  const clientRuns = releaseRuns(reproducing.map(clientOf), checks.filter((c) => !c.recording.sourceOnly).map(clientOf));
  const backing = { software, recordings: [...new Set(reproducing.map((c) => c.recording.id))] };
  const withClients = clientCells.length ? ` (ssh ${clientRuns.join(', ').replace(/OpenSSH /g, '')})` : '';
  if (cause.evidence === 'reported') {
    // Users report it; a lab setup of the suspected mechanism does not prove that is what they hit.
    const lab = software.length ? ` The suspected mechanism was reproduced in a test setup with ${joinAnd(software)}.` : '';
    return { kind: 'reported', text: `Reported by users; the mechanism is not confirmed.${lab}`, ...backing };
  }
  if (reproducing.length > 0) {
    return { kind: 'reproduced', text: `Reproduced with ${joinAnd(software)}${withClients}.`, ...backing };
  }
  if (cause.sourceRef) {
    return { kind: 'source', text: `From the OpenSSH source: ${cause.sourceRef}.`.replace(/\.\.$/, '.'), ...none };
  }
  return { kind: 'unconfirmed', text: 'Not yet reproduced against a real server here; the lines follow the OpenSSH source.', ...none };
}
