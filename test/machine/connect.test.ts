import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/model/scenario.ts';
import type { Trace } from '../../src/model/trace.ts';
import { PRESETS } from '../../src/model/presets.ts';
import { CAUSE_IDS, FIX_ON_LABEL } from '../../src/model/causes.ts';
import { decodeShareFragment, encodeScenario, shareFragment } from '../../src/model/share.ts';
import { simulate } from '../../src/machine/channel-open/simulate.ts';
import { connect, decisiveIndex } from '../../src/machine/channel-open/connect.ts';
import { analyse } from '../../src/machine/channel-open/analyse.ts';
import { initialState } from '../../src/machine/channel-open/url.ts';
import { parseServerVersion } from '../../src/model/version.ts';
import { playback } from '../../src/machine/channel-open/playback.ts';
import { editTargets, setServerField, setSoftware, softwareOptions, textToDnsRecords, dnsRecordsToText } from '../../src/machine/channel-open/editing.ts';
import { SERVER_SOFTWARE } from '../../src/model/software/index.ts';

/** What OpenSSH 9.2 does with `AllowTcpForwarding no` and one default -L (observed; openssh-facts.md). */
const denied: Scenario = {
  client: { command: 'ssh -N -L 8080:localhost:80 alice@server.example' },
  server: { software: 'openssh', version: '9.2', sshdConfig: 'AllowTcpForwarding no\n' },
  targets: [{ host: '127.0.0.1', port: 80, state: 'listening' }],
};
const deniedTrace: Trace = {
  outcome: 'rejected',
  stoppedAt: 'ssh-server.policy.allow-tcp-forwarding',
  cause: 'tcp-forwarding-disabled',
  fixOn: 'ssh-server',
  hop: 'ssh-server',
  hopDetail: 'The SSH server sent the refusal.',
  reasonCode: 1,
  clientLines: ['channel 2: open failed: administratively prohibited: open failed'],
  serverLog: ['refused local port forward: originator 127.0.0.1 port 41234, target localhost port 80'],
  steps: [
    { id: 'client.parse-command', machine: 'client', status: 'passed', detail: 'One local forward.' },
    { id: 'client.listen', machine: 'client', status: 'passed', detail: 'Listening on 127.0.0.1:8080 and [::1]:8080.' },
    { id: 'ssh-server.policy.allow-tcp-forwarding', machine: 'ssh-server', status: 'rejected', detail: 'AllowTcpForwarding no.' },
    { id: 'name-resolution.lookup', machine: 'name-resolution', status: 'skipped', detail: 'Not reached.' },
  ],
};
const openTrace: Trace = {
  outcome: 'open',
  stoppedAt: null,
  cause: null,
  fixOn: null,
  hop: null,
  hopDetail: null,
  reasonCode: null,
  clientLines: [],
  serverLog: [],
  steps: [
    { id: 'client.parse-command', machine: 'client', status: 'passed', detail: 'One local forward.' },
    { id: 'ssh-server.policy.allow-tcp-forwarding', machine: 'ssh-server', status: 'passed', detail: 'Forwarding allowed.' },
    { id: 'name-resolution.lookup', machine: 'name-resolution', status: 'passed', detail: 'localhost is 127.0.0.1.' },
    { id: 'target.connect', machine: 'target', status: 'passed', detail: 'Connected.' },
  ],
};

describe('connect: playback and the rejecting step', () => {
  it('shows everything at the end and marks the step named by stoppedAt as the one that decides', () => {
    const v = connect({ scenario: denied, trace: deniedTrace, position: Infinity });
    expect(v.playback.atEnd).toBe(true);
    expect(v.steps.every((s) => s.shown)).toBe(true);
    const decisive = v.steps.filter((s) => s.decisive);
    expect(decisive.map((s) => s.id)).toEqual(['ssh-server.policy.allow-tcp-forwarding']);
    expect(decisive[0]!.icon).toBe('✗');
    expect(decisive[0]!.statusText).toBe('rejects');
    const server = v.nodes.find((n) => n.machine === 'ssh-server')!;
    expect(server).toMatchObject({ status: 'rejected', decisive: true, icon: '✗', statusText: 'rejects the channel' });
    // The machines after the rejection were never reached.
    expect(v.nodes.find((n) => n.machine === 'target')!.status).toBe('idle');
  });

  it('hides the result until playback reaches the deciding step', () => {
    let pos = playback({ position: Infinity, playing: false }, 'reset', 4);
    expect(pos.position).toBe(0);
    let v = connect({ scenario: denied, trace: deniedTrace, position: pos.position });
    expect(v.playback.label).toBe('Not started — 4 steps');
    expect(v.result.revealed).toBe(false);
    expect(v.nodes.every((n) => n.status === 'idle')).toBe(true);
    pos = playback(pos, 'step', 4);
    pos = playback(pos, 'step', 4);
    v = connect({ scenario: denied, trace: deniedTrace, position: pos.position });
    expect(v.playback.label).toBe('Step 2 of 4');
    expect(v.result.revealed).toBe(false);
    expect(v.steps[1]!.current).toBe(true);
    expect(v.nodes.find((n) => n.machine === 'client')!.status).toBe('active');
    pos = playback(pos, 'step', 4);
    v = connect({ scenario: denied, trace: deniedTrace, position: pos.position });
    expect(v.result.revealed).toBe(true);
    expect(v.result.clientLines[0]).toBe('channel 2: open failed: administratively prohibited: open failed');
    expect(v.nodes.find((n) => n.machine === 'client')!.status).toBe('passed');
    expect(v.nodes.find((n) => n.machine === 'ssh-server')!.status).toBe('rejected');
    pos = playback(pos, 'back', 4);
    expect(connect({ scenario: denied, trace: deniedTrace, position: pos.position }).result.revealed).toBe(false);
  });

  it('plays tick by tick, stops at the end, and replays from the start', () => {
    let s = playback({ position: 0, playing: false }, 'play', 3);
    expect(s).toEqual({ position: 0, playing: true });
    s = playback(s, 'tick', 3);
    s = playback(s, 'tick', 3);
    expect(s).toEqual({ position: 2, playing: true });
    s = playback(s, 'tick', 3);
    expect(s).toEqual({ position: 3, playing: false });
    expect(playback(s, 'tick', 3)).toEqual({ position: 3, playing: false });
    expect(playback(s, 'play', 3)).toEqual({ position: 0, playing: true });
    expect(playback({ position: 1, playing: true }, 'toggle', 3)).toEqual({ position: 1, playing: false });
    expect(playback({ position: 1, playing: true }, 'step', 3)).toEqual({ position: 2, playing: false });
    expect(playback({ position: 3, playing: false }, 'step', 3).position).toBe(3);
    expect(playback({ position: 0, playing: false }, 'back', 3).position).toBe(0);
    const v = connect({ scenario: denied, trace: deniedTrace, position: 4, playing: true });
    expect(v.playback).toMatchObject({ playing: false, playLabel: 'Replay', canStep: false, canBack: true });
  });

  it('links the cause page and names the machine to fix', () => {
    const v = connect({ scenario: denied, trace: deniedTrace, position: Infinity });
    expect(v.result.causeHref).toBe('/causes/tcp-forwarding-disabled/');
    expect(v.result.causeTitle).toBe('TCP forwarding is disabled on the server');
    expect(v.result.fixOnLabel).toBe(FIX_ON_LABEL['ssh-server']);
    expect(v.result.reasonText).toMatch(/^administratively prohibited/);
    expect(v.result.announcement).toContain('The server rejects the channel.');
    expect(v.result.serverLogLabel).toBe('Server log (sshd at LogLevel VERBOSE)');
    const dropbear = { ...denied, server: { software: 'dropbear' as const, dropbearOptions: '-j' } };
    expect(connect({ scenario: dropbear, trace: deniedTrace, position: Infinity }).result.serverLogLabel).toBe('Server log (Dropbear)');
    // another server program's log is its own, not sshd's
    const teleport = { ...denied, server: { software: 'teleport' as const, gatewayPolicy: {} } };
    const teleportView = connect({ scenario: teleport, trace: deniedTrace, position: Infinity }).result;
    expect(teleportView.serverLogLabel).toBe('Server log (Teleport)');
    // its own log is not modelled: an empty one must not claim it logs nothing
    expect(teleportView.serverLogEmpty).toMatch(/not modelled/);
    expect(v.result.serverLogEmpty).toBe('The server logs nothing about this channel.');
    // a gateway that hands the channel to the target's sshd shows that sshd's log
    const warpgate = { ...denied, server: { software: 'warpgate' as const } };
    expect(connect({ scenario: warpgate, trace: deniedTrace, position: Infinity }).result.serverLogLabel).toBe(
      'Server log (the sshd behind Warpgate, at LogLevel VERBOSE)',
    );
  });

  it('a server that takes the channel and then closes it (Teleport’s policy, sish’s missing alias) is not said to reject it', () => {
    for (const server of [{ software: 'teleport' as const, gatewayPolicy: {} }, { software: 'sish' as const }]) {
      const scenario = { ...denied, server };
      const trace = simulate(scenario);
      const v = connect({ scenario, trace, position: Infinity });
      expect(v.result.headline, server.software).toBe('The server takes the channel, then closes it without a refusal.');
      expect(v.result.reasonCode, server.software).toBeNull();
    }
  });

  it('an open channel has no cause link and is revealed only at the end', () => {
    expect(decisiveIndex(openTrace)).toBe(-1);
    expect(connect({ scenario: denied, trace: openTrace, position: 3 }).result.revealed).toBe(false);
    const v = connect({ scenario: denied, trace: openTrace, position: 4 });
    expect(v.result).toMatchObject({ revealed: true, outcome: 'open', causeHref: null, fixOnLabel: null });
    expect(v.nodes.map((n) => n.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(v.steps.some((s) => s.decisive)).toBe(false);
  });

  it('shows the jump host only when the path has one', () => {
    expect(connect({ scenario: denied, trace: deniedTrace, position: 0 }).nodes.map((n) => n.label)).toEqual([
      'Your machine',
      'SSH server',
      'Name resolution',
      'Target',
    ]);
    const viaJump = connect({
      scenario: { client: { command: 'ssh -J bastion -N -L 8080:localhost:80 server' } },
      trace: deniedTrace,
      position: 0,
      command: { host: 'server', jump: 'bastion', forwards: [{ kind: 'local', spec: '8080:localhost:80', target: 'localhost:80' }] },
    });
    expect(viaJump.hasJump).toBe(true);
    expect(viaJump.nodes.map((n) => n.label)).toEqual(['Your machine', 'Jump host', 'SSH server', 'Name resolution', 'Target']);
    expect(viaJump.nodes[1]!.sublabel).toBe('bastion');
    expect(viaJump.nodes[4]!.sublabel).toBe('localhost:80');
    const label = (spec: string) => {
      const scenario: Scenario = { client: { command: `ssh -N -L ${spec} alice@server.example` } };
      return connect({ scenario, trace: deniedTrace, position: 0, command: analyse(scenario).command }).nodes.at(-1)!.sublabel;
    };
    expect(label('/tmp/a.sock:db.internal:5432')).toBe('db.internal:5432');
    expect(label('2375:/var/run/docker.sock')).toBe('/var/run/docker.sock');
    expect(label('[::1]:8080:[2001:db8::7]:80')).toBe('[2001:db8::7]:80');
  });
});

describe('connect: diagnostics at their line', () => {
  it('lists each diagnostic as "line L, column C: message" and points aria-describedby at the list', () => {
    const v = connect({
      scenario: denied,
      trace: deniedTrace,
      position: Infinity,
      diagnostics: {
        'server.sshdConfig': [
          { line: 3, column: 1, length: 6, code: 'sshd.unknown-keyword', message: 'Unknown keyword "Permit".', severity: 'error' },
          { line: 1, column: 20, length: 2, code: 'sshd.bad-value', message: 'Expected yes or no.', severity: 'warning' },
        ],
        'client.command': [{ line: 1, column: 12, length: 3, code: 'command.bad-forward', message: 'Bad spec.', severity: 'error' }],
      },
    });
    const f = v.fields['server.sshdConfig'];
    expect(f.diagnostics.map((d) => d.text)).toEqual(['line 1, column 20: Expected yes or no.', 'line 3, column 1: Unknown keyword "Permit".']);
    expect(f.describedBy).toBe('sim-server-sshdConfig-diagnostics');
    expect(f.invalid).toBe(true);
    expect(f.markedLines).toEqual([1, 3]);
    expect(v.fields['client.command'].diagnostics[0]!.text).toBe('column 12: Bad spec.');
    expect(v.fields['client.sshConfig']).toMatchObject({ describedBy: null, invalid: false, diagnostics: [] });
  });
});

describe('analyse: real parser diagnostics reach the right editor and line', () => {
  it('maps each text to its editor', () => {
    const scenario: Scenario = {
      client: { command: 'ssh -N -L 8080 alice@server.example', hosts: '127.0.0.1 localhost\n10.0.0.08 db\n' },
      server: {
        sshdConfig: 'PermitRootLogin no\nAllowTcpForwarding maybe\n',
        authorizedKeysOptions: 'restrict,permitopen=localhost:5432',
        hosts: '127.0.0.1 localhost\n::1 localhost\n192.168.1.300 db.internal\n',
      },
    };
    const a = analyse(scenario);
    const v = connect({ scenario, trace: simulate(scenario), position: Infinity, diagnostics: a.diagnostics, command: a.command });
    expect(v.fields['client.command'].diagnostics.length).toBeGreaterThan(0);
    expect(v.fields['client.command'].diagnostics[0]!.text).toMatch(/^column \d+: /);
    expect(v.fields['server.sshdConfig'].diagnostics.map((d) => d.line)).toContain(2);
    expect(v.fields['server.hosts'].markedLines).toEqual([3]);
    expect(v.fields['client.hosts'].markedLines).toEqual([2]);
    expect(v.fields['server.authorizedKeysOptions'].diagnostics.length).toBeGreaterThan(0);
    expect(v.fields['client.sshConfig'].diagnostics).toEqual([]);
  });

  it('summarises the command as the model sees it, ssh_config included', () => {
    const scenario: Scenario = {
      client: { command: 'ssh -N db', sshConfig: 'Host db\n  HostName 203.0.113.10\n  ProxyJump ops@bastion\n  LocalForward 5432 localhost:5432\n' },
    };
    const a = analyse(scenario);
    expect(a.command).toMatchObject({ host: '203.0.113.10', jump: 'ops@bastion', forwards: [{ kind: 'local', spec: '5432 localhost:5432' }] });
    const v = connect({ scenario, trace: simulate(scenario), position: 0, command: a.command });
    expect(v.hasJump).toBe(true);
    expect(v.nodes.at(-1)!.sublabel).toBe('localhost:5432');
  });
});

describe('connect with the real model', () => {
  it.each(Object.keys(PRESETS))('preset %s: the marked step is the trace decision and the link is a catalog cause', (id) => {
    const scenario = PRESETS[id]!.scenario;
    const trace = simulate(scenario);
    const a = analyse(scenario);
    const v = connect({ scenario, trace, position: Infinity, diagnostics: a.diagnostics, command: a.command });
    expect(v.steps).toHaveLength(trace.steps.length);
    expect(v.result.revealed).toBe(true);
    if (trace.outcome === 'open') {
      expect(v.result.causeHref).toBeNull();
      expect(v.steps.some((s) => s.decisive)).toBe(false);
    } else {
      expect(CAUSE_IDS).toContain(trace.cause);
      expect(v.result.causeHref).toBe(`/causes/${trace.cause}/`);
      const marked = v.steps.filter((s) => s.decisive);
      expect(marked).toHaveLength(1);
      if (trace.stoppedAt) expect(marked[0]!.id).toBe(trace.stoppedAt);
      expect(['rejected', 'failed']).toContain(marked[0]!.status);
      expect(v.nodes.filter((n) => n.decisive)).toHaveLength(1);
    }
  });
});

describe('a side request refused while the tunnel opens', () => {
  it('draws the SSH server as passed with a warning, not as the machine that refused', () => {
    // Recorded live: x11-forwarding-no-with-local-forward (the -X request fails, the -L works).
    const scenario: Scenario = {
      client: { command: 'ssh -X -L 8080:localhost:8080 alice@server.example sleep 10' },
      server: { sshdConfig: 'X11Forwarding no\n' },
      targets: [{ host: '127.0.0.1', port: 8080, state: 'listening' }],
    };
    const trace = simulate(scenario);
    expect(trace.outcome).toBe('open');
    const a = analyse(scenario);
    const v = connect({ scenario, trace, position: Infinity, diagnostics: a.diagnostics, command: a.command });
    const server = v.nodes.find((n) => n.machine === 'ssh-server')!;
    expect(server.status).toBe('warned');
    expect(server.statusText).toBe('passed, with a warning');
    expect(v.nodes.filter((n) => n.status === 'failed' || n.status === 'rejected')).toEqual([]);
    expect(v.steps.find((s) => s.id === 'ssh-server.policy.x11-forwarding')?.status).toBe('failed');
  });
});

describe('editing the scenario', () => {
  it('removes emptied fields so share links stay short, and keeps the rest', () => {
    const a = setServerField(denied, 'server', 'sshdConfig', undefined);
    expect(a.server).toEqual({ software: 'openssh', version: '9.2' });
    const b = setServerField({ client: { command: 'ssh x' } }, 'jump', 'sshdConfig', undefined);
    expect('jump' in b).toBe(false);
    expect(denied.server!.sshdConfig).toBe('AllowTcpForwarding no\n');
  });

  it('software options include the scenario version when the list lacks it', () => {
    expect(softwareOptions({ software: 'openssh', version: '8.2' }).options.at(-1)!.label).toBe('OpenSSH 8.2');
    // No version is the model's default, Debian 12's package, not upstream 9.2p1.
    const def = softwareOptions(undefined);
    expect(def.value).toBe('openssh 9.2p1 Debian-2+deb12u10');
    expect(def.options.find((o) => o.value === def.value)!.label).toBe('OpenSSH 9.2p1 (Debian 12)');
    expect(softwareOptions({ version: '8.0' }).value).toBe('openssh 8.0p1');
    expect(def.options.map((o) => o.label)).toContain('OpenSSH 9.6p1 (Ubuntu 24.04)');
    expect(setSoftware(denied, 'server', 'dropbear 2022.83').server).toMatchObject({ software: 'dropbear', version: '2022.83' });
    expect(setSoftware(denied, 'server', 'openssh 9.2p1 Debian-2+deb12u10').server).toMatchObject({ software: 'openssh', version: '9.2p1 Debian-2+deb12u10' });
  });

  it('lists the other server programs by name, and picking one sets it with no version', () => {
    const options = softwareOptions(undefined).options;
    for (const id of SERVER_SOFTWARE) expect(options.map((o) => o.value)).toContain(id);
    const picked = setSoftware(denied, 'server', 'tinyssh');
    expect(picked.server).toMatchObject({ software: 'tinyssh' });
    expect(picked.server!.version).toBeUndefined();
    expect(softwareOptions(picked.server).value).toBe('tinyssh');
    expect(simulate(picked).clientLines).toEqual(["channel 2: open failed: administratively prohibited: only one 'session' channel allowed"]);
  });

  it('every release the picker lists is one the model reads without a warning', () => {
    for (const o of softwareOptions(undefined).options) {
      if (o.software !== 'openssh' && o.software !== 'dropbear') continue;
      const parsed = parseServerVersion(o.software, o.version);
      expect(parsed.diagnostics, o.label).toEqual([]);
      expect(o.label.startsWith(`${o.software === 'dropbear' ? 'Dropbear' : 'OpenSSH'} ${parsed.value.label} (`), o.label).toBe(true);
    }
  });

  it('edits targets and DNS records as text', () => {
    const t = editTargets(editTargets(denied, { kind: 'add' }), { kind: 'set', index: 1, field: 'state', value: 'filtered' });
    expect(t.targets).toHaveLength(2);
    expect(t.targets![1]!.state).toBe('filtered');
    expect('targets' in editTargets(denied, { kind: 'remove', index: 0 })).toBe(false);
    expect(textToDnsRecords('db.internal 10.0.0.9 10.0.0.10\n# note\n\nweb.internal')).toEqual({
      'db.internal': ['10.0.0.9', '10.0.0.10'],
      'web.internal': [],
    });
    expect(dnsRecordsToText({ 'db.internal': ['10.0.0.9'] })).toBe('db.internal 10.0.0.9');
  });
});

describe('initialState from the address', () => {
  const ref = (id: string) => ({ id, title: PRESETS[id]!.title, scenario: PRESETS[id]!.scenario });
  const find = async (id: string) => (Object.hasOwn(PRESETS, id) ? ref(id) : null);
  const load = (search: string, hash: string, pageId = 'working-tunnel') => initialState({ search, hash }, ref(pageId), find, decodeShareFragment);

  it('a share link restores its scenario exactly, compressed or in the older form', async () => {
    await expect(load('', `#${await shareFragment(denied)}`)).resolves.toEqual({ scenario: denied, presetId: null, notice: null });
    await expect(load('', `#s=${encodeScenario(denied)}`)).resolves.toEqual({ scenario: denied, presetId: null, notice: null });
  });

  it('?preset= loads that preset; an unknown one says so and shows the default', async () => {
    expect((await load('?preset=working-tunnel', '')).presetId).toBe('working-tunnel');
    const bad = await load('?preset=<script>alert(1)</script>', '');
    expect(bad.presetId).toBe('working-tunnel');
    expect(bad.notice).toContain('no preset called “<script>alert(1)</script>”');
  });

  it('a preset page starts with its own preset, and falls back to it when the link is damaged', async () => {
    await expect(load('', '', 'tcp-forwarding-disabled')).resolves.toMatchObject({ presetId: 'tcp-forwarding-disabled', notice: null });
    const bad = await load('', '#z=%%%', 'tcp-forwarding-disabled');
    expect(bad.presetId).toBe('tcp-forwarding-disabled');
    expect(bad.notice).toMatch(/Showing “AllowTcpForwarding no in sshd_config” instead\.$/);
  });

  it.each([
    ['bad base64', '#s=%%%'],
    ['too long', `#s=${'A'.repeat(60_000)}`],
    ['not a scenario', `#s=${Buffer.from('{"client":1}').toString('base64url')}`],
    ['unknown field', `#s=${encodeScenario({ client: { command: 'ssh x' }, evil: '<script>' } as unknown as Scenario)}`],
    ['compressed garbage', `#z=${Buffer.alloc(64, 0xff).toString('base64url')}`],
  ])('a damaged link (%s) gives a message and a usable default', async (_name, hash) => {
    const s = await load('', hash);
    expect(s.notice).toMatch(/Showing a working tunnel instead\.$/);
    expect(s.scenario).toEqual(PRESETS['working-tunnel']!.scenario);
  });
});
