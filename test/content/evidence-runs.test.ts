import { describe, expect, it } from 'vitest';
import { releaseList } from '../../src/site/evidence.ts';

describe('the releases a cause page names', () => {
  it('names every release, grouped by program, oldest first, OpenSSH before Dropbear before ssh clients', () => {
    expect(releaseList(['ssh 10.3p1', 'OpenSSH 10.3p1', 'OpenSSH 8.4p1', 'Dropbear 2026.94', 'OpenSSH 9.2p1', 'Dropbear 2020.81', 'ssh 8.4p1'])).toBe(
      'OpenSSH 8.4p1, 9.2p1, 10.3p1; Dropbear 2020.81, 2026.94; ssh 8.4p1, 10.3p1',
    );
  });

  it('never joins releases into a range that would claim the ones between', () => {
    expect(releaseList(['OpenSSH 8.4p1', 'OpenSSH 10.3p1'])).toBe('OpenSSH 8.4p1, 10.3p1');
  });

  it('names a release once however many recordings back it', () => {
    expect(releaseList(['OpenSSH 9.2p1', 'OpenSSH 9.2p1'])).toBe('OpenSSH 9.2p1');
    expect(releaseList([])).toBe('');
  });
});
