/** The simulator's playback through the steps of a trace: pure transitions, no timers. */

export function clampPosition(position: number, total: number): number {
  if (!Number.isFinite(position)) return total;
  return Math.max(0, Math.min(total, Math.trunc(position)));
}

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
