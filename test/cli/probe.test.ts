/**
 * `tunnel-doctor probe` without servers (test/conformance/probe.test.ts runs it against real ones):
 * --dry-run, the argument lists it builds from the user's command, usage errors, the collector
 * script run for real on this machine, the diagnoser reading the collector's output, and output
 * from a server made safe for a terminal.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planProbe, serverLoginArgs, collectorArgs, forwardRunArgs, jumpLoginArgs } from '../../src/cli/probe-plan.ts';
import { acceptedKeys, passwordHosts, refusingHop, remoteFromServer } from '../../src/cli/probe-verdict.ts';
import { safeLine, safeLines } from '../../src/cli/sanitize.ts';
import { siteLink } from '../../src/cli/site.ts';
import { run } from './support.ts';

const SCRIPT = resolve(import.meta.dirname, '../../src/cli/collect.sh');

describe('tunnel-doctor probe --dry-run', () => {
  it('prints the local commands, each hop’s login and the whole script, and runs nothing', async () => {
    const r = await run([
      'probe',
      '--dry-run',
      '--ssh',
      '/nonexistent/ssh',
      '--',
      'ssh',
      '-N',
      '-L',
      '8080:db.internal:5432',
      '-J',
      'bob@bastion',
      'alice@server',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/nonexistent/ssh -v -o ExitOnForwardFailure=yes -N -L 8080:db.internal:5432 -J bob@bastion alice@server');
    expect(r.stdout).toMatch(/bastion: \/nonexistent\/ssh -T -o BatchMode=yes .* -l bob bastion sh -s -- --target server:22/);
    expect(r.stdout).toMatch(/server: \/nonexistent\/ssh -T -o BatchMode=yes .* -J bob@bastion alice@server sh -s -- --target db\.internal:5432/);
    expect(r.stdout).toContain('getent ahosts');
    expect(r.stdout).toContain('# tunnel-doctor collector');
  });

  it('refuses what is not an ssh command, with exit 2 and one line', async () => {
    const r = await run(['probe', '--', 'ls', '-l']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tunnel-doctor probe: .*ssh.*\n$/);
    expect((await run(['probe'])).code).toBe(2);
    expect((await run(['probe', '--socks-target', 'nope', '--', 'ssh', 'h'])).stderr).toContain('--socks-target needs HOST:PORT');
  });
});

describe('the commands probe builds from the user’s command', () => {
  const G = 'user alice\nhostname server.example\nport 22\nlocalforward 9090 [localhost]:9000\n';
  const plan = planProbe(['-vNfL', '8080:db:5432', '-o', 'SessionType=none', '-i', 'k', 'srv', 'sleep', '60'], G, null);

  it('keeps the user’s command for the forwarding run, in the foreground, with -v and ExitOnForwardFailure', () => {
    expect(forwardRunArgs(plan)).toEqual([
      '-v',
      '-o',
      'ExitOnForwardFailure=yes',
      '-vNL',
      '8080:db:5432',
      '-o',
      'SessionType=none',
      '-i',
      'k',
      'srv',
      'sleep',
      '60',
    ]);
  });

  it('logs in for the collector with the same key and host, without forwards, -N, -f or the remote command', () => {
    const argv = serverLoginArgs(plan, collectorArgs(plan, 0, 'ab12'));
    expect(argv.slice(0, 3)).toEqual(['-T', '-o', 'BatchMode=yes']);
    expect(argv).toContain('ClearAllForwardings=yes');
    expect(argv.slice(9)).toEqual(['-v', '-i', 'k', 'srv', 'sh', '-s', '--', '--target', 'db:5432', '--target', 'localhost:9000', '--key-sha256', 'ab12']);
  });

  it('tries the forwards ssh_config adds (ssh -G), after the command’s', () => {
    expect(plan.forwards.map((f) => f.spec)).toEqual(['8080:db:5432', '9090 [localhost]:9000']);
    expect(plan.hops.map((h) => h.host)).toEqual(['server.example']);
  });

  it('logs in to a jump host as ProxyJump does, and tests the next hop from there', () => {
    const p = planProbe(['-N', '-L', '1:x:2', '-J', 'a@j1,j2:2222', 'srv'], 'hostname srv.example\nport 22\nproxyjump a@j1,j2:2222\n', null);
    expect(jumpLoginArgs(p, 1, collectorArgs(p, 1, null)).slice(9)).toEqual(['-J', 'a@j1', '-p', '2222', 'j2', 'sh', '-s', '--', '--target', 'srv.example:22']);
  });

  it('finds the hop that refused and the key each hop accepted in ssh -v', () => {
    const p = planProbe(['-J', 'bob@bastion', 'srv'], 'hostname srv\nport 22\nproxyjump bob@bastion\n', null);
    const lines = [
      "debug1: Authenticating to bastion:22 as 'bob'",
      'debug1: Server accepts key: /home/me/.ssh/id_ed25519 ED25519 SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU explicit',
      'Authenticated to bastion ([10.0.0.1]:22) using "publickey".',
      'channel 0: open failed: administratively prohibited: open failed',
    ];
    const run = { argv: [], lines, exitCode: 255, timedOut: false, tests: [] };
    expect(refusingHop(p, run)).toBe(0);
    expect(acceptedKeys(lines).get('bastion')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('asks for the password once more where the run logged in with one, and keeps BatchMode elsewhere', () => {
    const lines = ['Authenticated to bastion ([10.0.0.1]:22) using "publickey".', 'Authenticated to srv (via proxy) using "password".'];
    expect([...passwordHosts(lines)]).toEqual(['srv']);
    const p = planProbe(['-N', '-L', '1:x:2', 'srv'], '', null);
    const argv = serverLoginArgs(p, [], true);
    expect(argv).toContain('BatchMode=no');
    expect(argv).toContain('NumberOfPasswordPrompts=1');
    expect(serverLoginArgs(p, [])).toContain('BatchMode=yes');
  });

  it('has the collector on the server connect to each -R port, and says what answered there', () => {
    const p = planProbe(['-N', '-R', '8080:localhost:3000', '-J', 'j', 'srv'], 'hostname srv\nproxyjump j\n', null);
    expect(collectorArgs(p, 1, null)).toEqual(['--listen-port', '8080']);
    expect(collectorArgs(p, 0, null)).not.toContain('--listen-port');
    const test = { forward: '-R 8080:localhost:3000', result: 'open' as const, detail: 'the server says it listens' };
    const collector = (result: string) => ({
      hop: 1,
      argv: [],
      stdout: ['@@ tunnel-doctor-collect 1', '@@ listen-test 8080', `@@ connect 127.0.0.1 8080 ${result} via python3`, '@@ end'],
      stderr: [],
      exitCode: 0,
      timedOut: false,
      truncated: false,
      binary: false,
      ran: true,
    });
    const [open] = remoteFromServer(p, [test], [collector('open')]);
    expect(open).toMatchObject({ result: 'open', detail: expect.stringContaining('a connection to 127.0.0.1:8080 was accepted') });
    const [closed] = remoteFromServer(p, [test], [collector('failed Connection refused')]);
    expect(closed).toMatchObject({
      result: 'no-listener',
      detail: expect.stringContaining('nothing accepted a connection to 127.0.0.1:8080 (Connection refused)'),
    });
  });
});

describe('the collector script, run here', () => {
  it('prints the options of the key that logged in, never the key, and what it tried', () => {
    const blob = randomBytes(51).toString('base64');
    const dir = mkdtempSync(join(tmpdir(), 'td-collect-'));
    const keys = join(dir, 'authorized_keys');
    writeFileSync(keys, `ssh-ed25519 AAAAother me@a\nno-pty,permitopen="db:5432" ssh-ed25519 AAAA${blob} me@laptop\n`);
    const hex = createHash('sha256')
      .update(Buffer.from(`AAAA${blob}`, 'base64'))
      .digest('hex');
    const r = spawnSync('sh', [SCRIPT, '--target', '127.0.0.1:9', '--key-sha256', hex, '--authorized-keys', keys, '--sshd-config', join(dir, 'none')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir },
      timeout: 30_000,
    });
    expect(r.stdout).toContain('@@ tunnel-doctor-collect 1');
    expect(r.stdout).toContain(`@@ key ${keys} line 2`);
    expect(r.stdout).toContain('@@ key-options no-pty,permitopen="db:5432"');
    expect(r.stdout).not.toContain(blob.slice(0, 20));
    expect(r.stdout).toMatch(/@@ connect 127\.0\.0\.1 9 (failed|open)/);
    expect(r.stdout).toContain(`@@ missing ${join(dir, 'none')}`);
    expect(r.stdout.trimEnd().endsWith('@@ end')).toBe(true);
  });

  it('connects to each -R port on its own loopback, and ignores a port that is not a number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-collect-'));
    const r = spawnSync('sh', [SCRIPT, '--listen-port', '9', '--listen-port', '1;id', '--sshd-config', join(dir, 'none')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir },
      timeout: 30_000,
    });
    expect(r.stdout).toContain('@@ listen-test 9\n');
    expect(r.stdout).toMatch(/@@ connect 127\.0\.0\.1 9 (failed|open)/);
    expect(r.stdout).not.toContain('listen-test 1');
  });
});

describe('tunnel-doctor diagnose reads the collector’s output', () => {
  const OUTPUT = [
    '@@ tunnel-doctor-collect 1',
    '@@ host gw',
    '@@ account alice',
    '@@ target db.internal 5432',
    '@@ address db.internal 10.0.0.5',
    '@@ connect db.internal 5432 failed Connection refused via python3',
    '@@ unreadable /etc/ssh/sshd_config.d/50-cloud.conf',
    '@@ file /etc/ssh/sshd_config',
    '| AllowTcpForwarding yes',
    '@@ end',
  ].join('\n');

  it('names the target service down from the server’s own connect, and says which file it could not read', async () => {
    const r = await run(['diagnose', '-'], OUTPUT);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[target-service-down]');
    expect(r.stdout).toContain('could not read /etc/ssh/sshd_config.d/50-cloud.conf');
    expect(r.stdout).not.toContain('https://tunnel.doctor');
    expect(r.stdout).toContain('More: /causes/target-service-down/');
  });

  it('reads a -R port that nothing answers on as a note, not as the target being down', async () => {
    const out = ['@@ tunnel-doctor-collect 1', '@@ listen-test 8080', '@@ connect 127.0.0.1 8080 failed Connection refused via python3', '@@ end'];
    const r = await run(['diagnose', '-'], `Error: remote port forwarding failed for listen port 8080\n${out.join('\n')}`);
    expect(r.stdout).not.toContain('[target-service-down]');
    expect(r.stdout).toContain('[remote-forward-refused]');
    expect(r.stdout).toContain('nothing accepted a connection to 127.0.0.1 port 8080');
  });

  it('reads a policy in the collected sshd_config, and nothing in a collector block is read before its first line', async () => {
    const policy = OUTPUT.replace('| AllowTcpForwarding yes', '| AllowTcpForwarding no').replace(/@@ connect .*\n/, '');
    expect((await run(['diagnose', '-'], `channel 2: open failed: administratively prohibited: open failed\n${policy}`)).stdout).toContain(
      '[tcp-forwarding-disabled]',
    );
    const stray = (await run(['diagnose', '-'], '@@ connect db 5432 failed Connection refused via nc\n')).stdout;
    expect(stray).not.toContain('[target-service-down]');
  });
});

describe('what a server prints is made safe', () => {
  it('removes escape sequences and control characters, and bounds lines and their number', () => {
    expect(safeLine('\x1b]0;owned\x07\x1b[2J\x1b[31mRED\x1b[0m\x00\x9b')).toBe('RED');
    expect(safeLine('A'.repeat(5000)).length).toBe(400);
    expect(safeLines('a\nb\nc\nd\n', 2)).toEqual(['a', 'b', '[2 more lines left out]']);
  });

  it('prints links as the site’s paths unless the build was given an origin', () => {
    expect(siteLink('/causes/x/')).toBe('/causes/x/');
    expect(siteLink('/causes/x/', 'https://tunnel.example')).toBe('https://tunnel.example/causes/x/');
  });
});
