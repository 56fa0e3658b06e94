/**
 * The model must print what the real programs printed. For every recording (live or source-only),
 * simulate(recording.scenario) must give the recorded client lines and server log, and the
 * scenario's cause. No servers needed.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/machine/channel-open/simulate.ts';
import { loadRecordings } from './harness/index.ts';

const recordings = loadRecordings();

describe('the model agrees with the real servers', () => {
  it('has recordings to compare with', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(45);
  });

  for (const rec of recordings) {
    it(`${rec.id}: ${rec.title}`, () => {
      const trace = simulate(rec.scenario);
      expect(trace.clientLines, 'client lines').toEqual(rec.real.clientLines);
      expect(trace.serverLog, 'server log').toEqual(rec.real.serverLog);
      expect(trace.cause, 'cause').toBe(rec.cause);
      expect(trace.outcome === 'open', 'outcome is "open" exactly when there is no cause').toBe(rec.cause === null);
    });
  }
});
