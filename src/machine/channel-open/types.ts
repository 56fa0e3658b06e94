/**
 * Types of the channel-open machine (Zag-style split: types / machine / connect).
 */
import type { World } from '../../model/world.ts';
import type { Outcome } from '../../model/decide.ts';
import type { StepMachine } from '../../model/trace.ts';

/** One step the machine entered, in order. */
export interface VisitedStep {
  id: string;
  machine: StepMachine;
}

export interface ChannelOpenContext {
  world: World;
  visited: VisitedStep[];
  /** Set by the final state's entry action. */
  outcome: Outcome | null;
  /** The session's X11 request was refused: ssh prints that line first, and carries on. */
  x11Refused: boolean;
}

/** Params of the `enterStep` action: the step a state stands for. */
export interface StepParams {
  id: string;
  machine: StepMachine;
}
