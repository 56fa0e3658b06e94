/**
 * Types of the channel-open machine (Zag-style split: types / machine / connect).
 */
import type { World } from '../../model/world.ts';
import type { Outcome } from '../../model/decide.ts';
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
