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
import { dateSpan, releaseMode } from './releases.ts';

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

/** Where a release label ("OpenSSH 9.6p1", "ssh 9.6p1") stands among the releases people run, oldest first; others after. */
function releaseRank(label: string): number {
  const server = label.replace(/^ssh /, 'OpenSSH ');
  const i = KNOWN_RELEASES.findIndex((r) => softwareLabel(r.software, r.version.replace(/ .*$/, '')) === server);
  return i < 0 ? KNOWN_RELEASES.length : i;
}

/** OpenSSH before Dropbear before ssh clients, then oldest release first. */
function bySoftware(a: string, b: string): number {
  const rank = (s: string) => (s.startsWith('OpenSSH') ? 0 : s.startsWith('Dropbear') ? 1 : 2);
  return rank(a) - rank(b) || releaseRank(a) - releaseRank(b) || a.localeCompare(b);
}

/**
 * Release labels grouped by program, every release named (no ranges: a range would claim the
 * releases between its ends): ["OpenSSH 9.2p1", "Dropbear 2022.83", "OpenSSH 8.4p1"] →
 * "OpenSSH 8.4p1, 9.2p1; Dropbear 2022.83".
 */
export function releaseList(labels: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const label of [...new Set(labels)].sort(bySoftware)) {
    const [name = '', version = ''] = label.split(' ');
    groups.set(name, [...(groups.get(name) ?? []), version]);
  }
  return [...groups].map(([name, versions]) => `${name} ${versions.join(', ')}`).join('; ');
}

/**
 * Whether a recording is re-run on every test run: its server and its client are the machine's
 * own packages or releases built here (test/conformance/releases.json, "rerun").
 */
export function isRerun(r: Recording): boolean {
  const software = /^dropbear/i.test(r.real.software) ? 'dropbear' : 'openssh';
  const server = releaseMode(software, recordedVersion(r).replace(/ .*$/, '')) ?? 'rerun';
  const client = r.real.client ? (releaseMode('client', r.real.client) ?? 'rerun') : 'rerun';
  return server === 'rerun' && client === 'rerun';
}

/** The sentence naming what reproduced a cause: what every test run re-runs, then what was recorded once. */
function reproducedBy(reproducing: readonly RecordingCheck[], withClients: boolean, lead = 'Reproduced with real servers'): string {
  // ssh releases: the client cells', and the machine's own 9.2p1, which every re-run recording uses.
  const part = (checks: readonly RecordingCheck[], own: string[]) => {
    const servers = checks.filter((c) => !c.recording.real.client).map((c) => recordingSoftware(c.recording));
    const clients = withClients ? [...own, ...checks.flatMap((c) => (c.recording.real.client ? [`ssh ${c.recording.real.client}`] : []))] : [];
    return releaseList([...servers, ...clients]);
  };
  const rerun = reproducing.filter((c) => isRerun(c.recording));
  const once = reproducing.filter((c) => !isRerun(c.recording));
  const sentences: string[] = [];
  if (rerun.length) sentences.push(`${lead}, re-run on every test run: ${part(rerun, ['ssh 9.2p1'])}.`);
  if (once.length) {
    const when = dateSpan(once.map((c) => c.recording.recordedAt ?? ''));
    const start = rerun.length ? 'Also recorded once' : `${lead}, recorded once`;
    sentences.push(`${start}${when ? ` (${when})` : ''} with releases no package registry here provides, kept as recorded data: ${part(once, [])}.`);
  }
  return sentences.join(' ');
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
  const software = [...new Set(reproducing.filter((c) => !c.recording.real.client).map((c) => recordingSoftware(c.recording)))].sort(bySoftware);
  const backing = { software, recordings: [...new Set(reproducing.map((c) => c.recording.id))] };
  const withClients = checks.some((c) => c.recording.real.client);
  if (cause.evidence === 'reported') {
    // Users report it; a lab setup of the suspected mechanism does not prove that is what they hit.
    const lab = reproducing.length ? ` ${reproducedBy(reproducing, withClients, 'The suspected mechanism was reproduced in a test setup')}` : '';
    return { kind: 'reported', text: `Reported by users; the mechanism is not confirmed.${lab}`, ...backing };
  }
  if (reproducing.length > 0) {
    return { kind: 'reproduced', text: reproducedBy(reproducing, withClients), ...backing };
  }
  if (cause.sourceRef) {
    return { kind: 'source', text: `From the OpenSSH source: ${cause.sourceRef}.`.replace(/\.\.$/, '.'), ...none };
  }
  return { kind: 'unconfirmed', text: 'Not yet reproduced against a real server here; the lines follow the OpenSSH source.', ...none };
}
