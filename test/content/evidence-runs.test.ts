import { describe, expect, it } from 'vitest';
import { releaseRuns } from '../../src/site/evidence.ts';

describe('the releases a cause page names', () => {
  it('joins releases that reproduced it into runs, oldest first, OpenSSH before Dropbear', () => {
    expect(releaseRuns(['OpenSSH 10.5p1', 'OpenSSH 8.0p1', 'OpenSSH 9.2p1', 'Dropbear 2026.94', 'Dropbear 2020.81'], [])).toEqual([
      'OpenSSH 8.0p1–10.5p1',
      'Dropbear 2020.81–2026.94',
    ]);
  });

  it('breaks a run at a release that was run and did not reproduce it', () => {
    expect(releaseRuns(['OpenSSH 8.0p1', 'OpenSSH 9.6p1', 'OpenSSH 10.5p1'], ['OpenSSH 8.4p1'])).toEqual(['OpenSSH 8.0p1', 'OpenSSH 9.6p1–10.5p1']);
    expect(releaseRuns(['Dropbear 2026.94'], ['Dropbear 2022.83', 'Dropbear 2025.89'])).toEqual(['Dropbear 2026.94']);
  });

  it('says nothing when nothing reproduced it', () => {
    expect(releaseRuns([], ['OpenSSH 9.2p1'])).toEqual([]);
  });
});
