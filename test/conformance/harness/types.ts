import type { Scenario } from '../../../src/model/scenario.ts';

/** Why a scenario cannot be run against the installed servers, and which source backs its lines. */
export interface SourceOnly {
  /** One sentence: why it is not reproduced live. */
  why: string;
  /** `file function (openssh-portable TAG)` backing the expected lines. */
  source: string;
}

/** One file in test/conformance/scenarios/. */
export interface ScenarioFile {
  id: string;
  title: string;
  /** The cause-catalog id the model must return, or null for a tunnel that works. */
  cause: string | null;
  scenario: Scenario;
  sourceOnly?: SourceOnly;
}

/** What the real programs printed (or, for a source-only scenario, what the source says they print). */
export interface RealOutput {
  software: 'openssh' | 'dropbear';
  /** The server version that produced the lines: "9.2p1", "2022.83", or e.g. "7.4p1" for source-only. */
  version: string;
  /** The ssh client's release when it was not the machine's Debian 9.2p1 (a client-matrix recording). */
  client?: string;
  /** The ssh client's stderr at the command's LogLevel, `debugN:` lines removed (see README). */
  clientLines: string[];
  /** The server log lines of the session, filtered and normalised (see README). */
  serverLog: string[];
  /** True when a connection made through the forward reached the target (or a multiplexed session ran). */
  opened?: boolean;
  /** For a source-only scenario: where the hand-written lines come from. */
  source?: string;
}

/** One file in test/conformance/recordings/. */
export interface Recording {
  id: string;
  title: string;
  cause: string | null;
  scenario: Scenario;
  real: RealOutput;
  sourceOnly?: SourceOnly;
  recordedAt: string;
}

/** What the in-namespace driver reports back (raw, before filtering and normalisation). */
export interface DriverResult {
  ok: boolean;
  error?: string;
  software: 'openssh' | 'dropbear';
  /** The command's stderr lines (all of them), in order, up to the moment the harness stopped ssh. */
  clientLines: string[];
  /** For a scenario with an existing ControlMaster: the master's stderr lines printed after the command started. */
  masterLines: string[];
  /** Raw stderr lines of the servers. */
  logs: { jump?: string[]; server: string[] };
  /** Index of the first log line written after the scenario's command was started. */
  logStart: { jump?: number; server: number };
  /** Number of log lines written when the harness stopped the command (lines after it are teardown). */
  logStop: { jump?: number; server: number };
  /** Source ports of connections the harness and the clients opened (to be normalised). */
  ephemeralPorts: number[];
  opened: boolean;
  /** Client listen ports the harness moved, moved → original (see README: port remapping). */
  portMap: Record<string, number>;
  /** Exit status of ssh if it exited by itself before the harness stopped it. */
  exitCode: number | null;
  /** What the harness did, for debugging a scenario. */
  notes: string[];
  elapsedMs: number;
  /** With a probe in the input: what the program run on the server printed (the client is not run then). */
  probe?: { exitCode: number | null; stdout: string; stderr: string };
  /**
   * With a client-side probe: the servers' state before and after it ran, to show it changed
   * nothing there: each file under the servers' directories and homes (path → mtime and size) and
   * the namespace's processes (command lines), the probe's own left out.
   */
  serverState?: { before: ServerState; after: ServerState };
}

/**
 * A probe: a program run ON the server, once its sshd and the targets are up (instead of the
 * client), with the server's own /etc/hosts, resolv.conf and nsswitch.conf and its network. The
 * script is written to a file in the namespace; `{dir}` in an argument becomes the server's
 * directory (its sshd_config and authorized_keys are there).
 */
export interface ServerState {
  files: Record<string, string>;
  processes: string[];
}

export interface Probe {
  /**
   * Where it runs: 'server' (default) as described above; 'client' in the client's place, after the
   * servers and targets are up, with the client's /etc files, HOME and environment (the program
   * then runs ssh itself); `{ssh_config}` in an argument becomes the harness's client config.
   */
  side?: 'server' | 'client';
  /**
   * Client side: files made readable by root only before the probe starts (`{dir}`: the server's
   * directory), as sshd_config is on some systems (0600); sshd has read them already.
   */
  unreadable?: string[];
  /** The Node that runs the script. */
  node: string;
  script: string;
  args: string[];
  stdin?: string;
}
