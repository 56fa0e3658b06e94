import { describe, expect, it } from 'vitest';
import { atLeast, disableForwardingCoversX11, hasFeature, KEYWORD_SINCE, parseServerVersion } from '../../src/model/version.ts';

describe('parseServerVersion', () => {
  it('defaults to Debian 12’s OpenSSH 9.2p1 and Dropbear 2022.83', () => {
    expect(parseServerVersion('openssh', undefined)).toEqual({
      value: { software: 'openssh', major: 9, minor: 2, label: '9.2p1', vendor: 'Debian-2+deb12u10' },
      diagnostics: [],
    });
    expect(parseServerVersion('dropbear', '').value).toEqual({ software: 'dropbear', major: 2022, minor: 83, label: '2022.83' });
  });

  it.each([
    ['7.4', 7, 4, '7.4p1'],
    ['7.4p1', 7, 4, '7.4p1'],
    ['OpenSSH_7.4p1', 7, 4, '7.4p1'],
    ['10.0', 10, 0, '10.0p1'],
    [' 9.3p2 ', 9, 3, '9.3p2'],
    ['10.5p1', 10, 5, '10.5p1'],
  ])('OpenSSH %j', (text, major, minor, label) => {
    const r = parseServerVersion('openssh', text);
    expect(r.value).toEqual({ software: 'openssh', major, minor, label });
    expect(r.diagnostics).toEqual([]);
  });

  it.each([
    ['OpenSSH_7.4p1 Debian-10+deb9u7', '7.4p1', 'Debian-10+deb9u7'],
    ['SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10', '8.9p1', 'Ubuntu-3ubuntu0.10'],
    ['OpenSSH_9.2p1 Debian-2+deb12u7, OpenSSL 3.0.17 1 Jul 2025', '9.2p1', 'Debian-2+deb12u7'],
  ])('keeps the distribution build of %j', (text, label, vendor) => {
    expect(parseServerVersion('openssh', text).value).toMatchObject({ label, vendor });
  });

  it('tells Debian 12 builds with the DisableForwarding fix from upstream 9.2p1 and older Debian builds', () => {
    const covers = (v?: string) => disableForwardingCoversX11(parseServerVersion('openssh', v).value);
    expect(covers(undefined)).toBe(true);
    expect(covers('OpenSSH_9.2p1 Debian-2+deb12u6')).toBe(true);
    expect(covers('OpenSSH_9.2p1 Debian-2+deb12u5')).toBe(false);
    expect(covers('9.2p1')).toBe(false);
    expect(covers('9.9p1')).toBe(false);
    expect(covers('10.0p1')).toBe(true);
    expect(disableForwardingCoversX11(parseServerVersion('dropbear', '2025.89').value)).toBe(false);
  });

  it('reads Dropbear versions', () => {
    expect(parseServerVersion('dropbear', 'dropbear_2020.81').value).toMatchObject({ major: 2020, minor: 81, label: '2020.81' });
    expect(parseServerVersion('dropbear', '2022.83').value.label).toBe('2022.83');
  });

  it('reports text that is no version and falls back to the default', () => {
    const r = parseServerVersion('openssh', 'latest');
    expect(r.value.label).toBe('9.2p1');
    expect(r.diagnostics).toMatchObject([{ code: 'version.invalid', severity: 'error', line: 1, column: 1, length: 6 }]);
    expect(parseServerVersion('dropbear', '9.2').diagnostics[0]?.code).toBe('version.invalid');
  });

  it('warns outside the modeled range and for releases that do not exist', () => {
    expect(parseServerVersion('openssh', '5.3p1').diagnostics[0]).toMatchObject({ code: 'version.unsupported', severity: 'warning' });
    expect(parseServerVersion('openssh', '11.0').diagnostics[0]?.code).toBe('version.unsupported');
    expect(parseServerVersion('openssh', '10.5p1').diagnostics).toEqual([]);
    expect(parseServerVersion('openssh', '10.6').diagnostics[0]?.code).toBe('version.unsupported');
    expect(parseServerVersion('openssh', '7.12').diagnostics[0]?.code).toBe('version.unknown-release');
    expect(parseServerVersion('openssh', '6.6').diagnostics).toEqual([]);
  });
});

describe('atLeast and KEYWORD_SINCE', () => {
  const v = (s: string) => parseServerVersion('openssh', s).value;
  it('compares releases', () => {
    expect(atLeast(v('7.4'), 7, 4)).toBe(true);
    expect(atLeast(v('7.4'), 7, 5)).toBe(false);
    expect(atLeast(v('10.0'), 9, 9)).toBe(true);
    expect(atLeast(v('6.6'), 7, 0)).toBe(false);
  });

  it('records the release of each modeled keyword (servconf.c / auth-options.c history)', () => {
    expect(KEYWORD_SINCE.Match).toEqual([4, 4]);
    expect(KEYWORD_SINCE.PermitTunnel).toEqual([4, 3]);
    expect(KEYWORD_SINCE['PermitOpen none']).toEqual([6, 1]);
    expect(KEYWORD_SINCE['AllowTcpForwarding local']).toEqual([6, 2]);
    expect(KEYWORD_SINCE.AllowStreamLocalForwarding).toEqual([6, 7]);
    expect(KEYWORD_SINCE.restrict).toEqual([7, 2]);
    expect(KEYWORD_SINCE.DisableForwarding).toEqual([7, 4]);
    expect(KEYWORD_SINCE.PermitListen).toEqual([7, 8]);
    expect(KEYWORD_SINCE.permitlisten).toEqual([7, 8]);
    expect(hasFeature(v('7.4'), 'DisableForwarding')).toBe(true);
    expect(hasFeature(v('7.3'), 'DisableForwarding')).toBe(false);
    expect(hasFeature(v('7.7'), 'PermitListen')).toBe(false);
  });
});
