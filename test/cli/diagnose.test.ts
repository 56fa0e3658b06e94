/**
 * `tunnel-doctor diagnose`: in-process through main() with fake streams, plus one real spawn of the
 * bin with piped input.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as runCli } from './support.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function run(args: string[], stdin = '', tty = false) {
  return runCli(['diagnose', ...args], stdin, { tty });
}

const OLD_SERVER = `channel 2: open failed: administratively prohibited: open failed
Nov 24 10:01:09 bastion sshd[1236]: error: connect_to db.internal: unknown host (Name or service not known)
`;

describe('tunnel-doctor diagnose', () => {
  it('names the tool a paste came from, its page and the next step in its terms', async () => {
    const r = await run(
      ['-'],
      '[17:02:43.907] > channel 3: open failed: administratively prohibited: open failed\n[17:02:43.911] Failed to set up socket for dynamic port forward to remote port 40117: Socket closed. Is the remote port correct?\n',
    );
    expect(r.stdout).toContain('Seen in: VS Code Remote-SSH (line 2)');
    expect(r.stdout).toContain('AllowTcpForwarding');
    expect(r.stdout).toContain('/etc/ssh/sshd_config');
    expect(r.stdout).toContain('More: /seen-in/vscode-remote-ssh/');
  });

  it('reads standard input with - and prints the cause, the machine and the lines', async () => {
    const r = await run(['-'], OLD_SERVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('The server cannot resolve the target name');
    expect(r.stdout).toContain('[target-name-unresolvable]');
    expect(r.stdout).toContain('OpenSSH before 7.5');
    expect(r.stdout).toContain('More: /causes/target-name-unresolvable/');
    expect(r.stdout).toMatch(/\s2 \| Nov 24 10:01:09 bastion sshd\[1236\]: error: connect_to db\.internal/);
    expect(r.stdout).toContain('simulator: /simulator/#s=');
  });

  it('reads standard input when no FILE is given, and tells the next step when the text cannot decide', async () => {
    const r = await run(
      [],
      'debug1: Remote protocol version 2.0, remote software version OpenSSH_9.6p1\nchannel 2: open failed: administratively prohibited: open failed\n',
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Next step, on the SSH server (sshd):');
    expect(r.stdout).toContain(
      "sudo sshd -T -C user=USER,host=CLIENT_IP,addr=CLIENT_IP | grep -iE 'allowtcpforwarding|disableforwarding|permitopen|forcecommand'",
    );
  });

  it('reads a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-diag-'));
    const file = join(dir, 'paste.txt');
    writeFileSync(file, 'bind [127.0.0.1]:8080: Address already in use\nCould not request local forwarding.\n');
    const r = await run([file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[local-port-in-use]');
    expect(r.stdout).toContain('lsof -nP -iTCP:8080 -sTCP:LISTEN');
  });

  it('--json prints the diagnosis for scripts', async () => {
    const r = await run(['--json', '-'], OLD_SERVER);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.recognised).toBe(true);
    expect(d.causes[0].id).toBe('target-name-unresolvable');
    expect(d.causes[0].fixOn).toBe('client');
    expect(d.server.before75).toBe(true);
    expect(d.causes[0].why.map((w: { line: number }) => w.line)).toContain(2);
  });

  it('exits 0 and says what to paste when nothing is recognised', async () => {
    const r = await run(['-'], 'hello world\nthis is not a log\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing in this text was recognised');
    expect(r.stdout).toContain('journalctl');
    const j = await run(['--json', '-'], 'hello');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout).recognised).toBe(false);
  });

  it('--help documents the exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: tunnel-doctor diagnose');
    expect(r.stdout).toMatch(/0\s+the channel opens, or nothing wrong was found/);
    expect(r.stdout).toMatch(/1\s+the channel is refused, or a cause was found/);
    expect(r.stdout).toMatch(/2\s+bad input or usage/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(['--bogus'])).code).toBe(2);
    expect((await run(['a.txt', 'b.txt'])).code).toBe(2);
    const missing = await run(['/nonexistent/paste.txt']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const tty = await run([], '', true);
    expect(tty.code).toBe(2);
    expect(tty.stderr).toContain('nothing to read');
  });

  it('runs as a real process with piped input', () => {
    const node = process.execPath;
    const r = spawnSync(node, [join(ROOT, 'bin/tunnel-doctor.mjs'), 'diagnose', '-'], {
      input: 'Nov 24 10:09:12 srv sshd[3110]: error: no more sessions\nmux_client_request_session: session request failed: Session open refused by peer\n',
      encoding: 'utf8',
      cwd: ROOT,
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('[session-limit-multiplexing]');
  });
});
