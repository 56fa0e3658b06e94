import type { CauseId, FixOn } from './causes.ts';

/** A hop that can refuse a forward: your client, a jump host, a gateway product, the final server (hops.ts). */
export type Hop = 'client' | 'jump-host' | 'gateway' | 'ssh-server';

/** Which machine a step runs on. */
export type StepMachine = 'client' | 'jump-host' | 'ssh-server' | 'name-resolution' | 'target';

export interface Step {
  /** Stable step id, e.g. `ssh-server.policy.permit-open`. */
  id: string;
  machine: StepMachine;
  status: 'passed' | 'rejected' | 'failed' | 'skipped';
  /** One sentence on what the step found. */
  detail: string;
}

export interface Trace {
  /** "open" when the channel opens; "rejected" when the server refuses it; "failed" for a look-alike failure before any channel. */
  outcome: 'open' | 'rejected' | 'failed';
  /** Id of the step that decided, or null when the channel opens. */
  stoppedAt: string | null;
  /** A cause-catalog id, or null when the channel opens. */
  cause: CauseId | null;
  fixOn: FixOn | null;
  /** Which hop refused or stopped it (your client, the jump host, a gateway, the final server), or null when it opens. */
  hop: Hop | null;
  /** One or two sentences naming that hop and the hops it clears, or null when it opens. */
  hopDetail: string | null;
  /** RFC 4254 reason code the server sent (1…4), when one was sent. */
  reasonCode: 1 | 2 | 3 | 4 | null;
  /** Exactly what ssh prints on stderr at the default LogLevel, in order. */
  clientLines: string[];
  /** What the server logs (sshd at LogLevel VERBOSE), in order. */
  serverLog: string[];
  steps: Step[];
}
