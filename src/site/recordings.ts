/**
 * The conformance recordings (test/conformance/recordings/*.json), loaded at build time. Each one
 * holds a scenario and the lines real servers printed for it. The other server programs' recordings
 * (test/conformance/servers/recordings/*.json: tinysshd, gliderlabs/ssh, Node ssh2, AsyncSSH) join
 * them where their case says which cause it reproduces and which server block stands for it.
 */
import type { CauseId } from '../model/causes.ts';
import type { Scenario } from '../model/scenario.ts';

export interface Recording {
  id: string;
  title: string;
  /** The cause-catalog id the scenario reproduces, or null for a tunnel that works. */
  cause: string | null;
  scenario: Scenario;
  real: {
    /** "openssh" or "dropbear" (any spelling; see softwareLabel). */
    software: string;
    /** "9.2p1", "2022.83"; "unknown" when the harness could not tell. */
    version: string;
    clientLines: string[];
    serverLog?: string[];
    /** For a version-matrix cell run with another ssh release: that client's version. */
    client?: string;
    /** True when a connection through the forward reached the target. */
    opened?: boolean;
    /** For a source-only recording: where the hand-written lines come from. */
    source?: string;
  };
  /** Present when the lines come from the source, not from a real server run here. */
  sourceOnly?: { why: string; source: string } | boolean;
  recordedAt?: string;
}

/** The server version a recording ran against: the recorded one, else the scenario's. */
export function recordedVersion(r: Recording): string {
  const v = r.real.version?.trim();
  if (v && v !== 'unknown') return v;
  const server = r.scenario.server;
  const sameSoftware = (server?.software ?? 'openssh') === (/^dropbear/i.test(r.real.software) ? 'dropbear' : 'openssh');
  return (sameSoftware && server?.version) || '';
}

const modules = import.meta.glob<Recording>('../../test/conformance/recordings/*.json', { eager: true, import: 'default' });

/** Every recording, sorted by id; the file name stands in for a missing id. */
export const RECORDINGS: readonly Recording[] = Object.entries(modules)
  .map(([path, r]) => ({ ...r, id: r.id ?? path.replace(/^.*\/|\.json$/g, '') }))
  .sort((a, b) => a.id.localeCompare(b.id));

/** A version-matrix cell: one scenario run with another server or client release. */
export interface CellRecording extends Recording {
  /** "server-openssh-10.5p1", "client-openssh-8.4p1", "server-dropbear-2020.81". */
  cell: string;
}

const cellModules = import.meta.glob<Recording>('../../test/conformance/recordings/*/*.json', { eager: true, import: 'default' });

/** Every version-matrix cell (test/conformance/recordings/<id>/<cell>.json), sorted by id then cell. */
export const MATRIX_RECORDINGS: readonly CellRecording[] = Object.entries(cellModules)
  .map(([path, r]) => {
    const [, id = '', cell = ''] = /\/([^/]+)\/([^/]+)\.json$/.exec(path) ?? [];
    return { ...r, id: r.id ?? id, cell };
  })
  .sort((a, b) => a.id.localeCompare(b.id) || a.cell.localeCompare(b.cell));

/** What a server program's recorded case reproduces: the cause, and the scenario's server block for its set-up. */
export interface ServerReproduction {
  cause: CauseId;
  server: NonNullable<Scenario['server']>;
}

/** The part of a server program's recording (test/conformance/servers/record-servers.ts) the site reads. */
export interface ServerProgramRecording {
  /** The program as recorded: "tinysshd", "gliderlabs-ssh", "node-ssh2", "asyncssh". */
  server: string;
  /** Its Debian package version (npm version for ssh2). */
  version: string;
  command: string;
  clientLines: string[];
  opened: boolean;
  case: { id: string; about: string; reproduces?: ServerReproduction };
}

/** The target every server program's case forwards to (record-servers.ts). */
const SERVER_CASE_TARGET = { host: '127.0.0.1', port: 5432 };

/**
 * A server program's recording as a Recording, when its case names the cause it reproduces: the
 * recorded ssh command against the server block that stands for the set-up, the target listening.
 */
export function fromServerRecording(file: string, r: ServerProgramRecording): Recording | null {
  const repro = r.case.reproduces;
  if (!repro) return null;
  return {
    id: `servers/${file.replace(/\.json$/, '')}`,
    title: `${r.server}: ${r.case.about}`,
    cause: repro.cause,
    scenario: {
      client: { command: r.command, connect: SERVER_CASE_TARGET },
      server: repro.server,
      targets: [{ ...SERVER_CASE_TARGET, state: 'listening' }],
    },
    real: { software: r.server, version: r.version, clientLines: r.clientLines, opened: r.opened },
  };
}

const serverModules = import.meta.glob<ServerProgramRecording>('../../test/conformance/servers/recordings/*.json', { eager: true, import: 'default' });

/** The server programs' recordings that reproduce a cause, sorted by id. */
export const SERVER_RECORDINGS: readonly Recording[] = Object.entries(serverModules)
  .flatMap(([path, r]) => fromServerRecording(path.replace(/^.*\//, ''), r) ?? [])
  .sort((a, b) => a.id.localeCompare(b.id));
