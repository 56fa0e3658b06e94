/**
 * A config sshd refuses: the model's start-up log (decide.ts sshdStartupLog) must be what the real
 * sshd prints for the same file with `sshd -t`. Runs the installed sshd only to parse the file; no
 * daemon is started.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorld } from '../../src/model/world.ts';
import { sshdStartupLog } from '../../src/model/decide.ts';

const SSHD = '/usr/sbin/sshd';
const have = existsSync(SSHD);
if (!have && process.env.CI === 'true') throw new Error(`${SSHD} is missing: CI must install openssh-server`);

const CONFIGS = [
  'Bogus yes\n',
  'AllowTcpForwarding no\nAllowTCPForwardin yes\nPermitOpenn any\n',
  'AllowTcpForwarding maybe\n',
  'PermitTunnel sometimes\n',
  'MaxSessions lots\n',
  'DisableForwarding perhaps\n',
  'AllowTcpForwarding yes\nMatch User alice\n  Port 2222\n',
  'Match Group sftponly\n  ForceCommand internal-sftp\n  ListenAddress 0.0.0.0\n',
];

describe.skipIf(!have)('sshd start-up errors, against the real sshd -t', () => {
  it.each(CONFIGS)('%j', (config) => {
    const dir = mkdtempSync(join(tmpdir(), 'td-sshd-t-'));
    try {
      const file = join(dir, 'sshd_config');
      writeFileSync(file, config);
      const real = spawnSync(SSHD, ['-t', '-f', file], { encoding: 'utf8' });
      expect(real.status).not.toBe(0);
      const world = buildWorld({ client: { command: 'ssh -N -L 8080:localhost:80 a@s' }, server: { sshdConfig: config } });
      expect(sshdStartupLog(world.server, file)).toEqual(real.stderr.trim().split(/\r?\n/));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it.skipIf(have)('says why the real-sshd comparison was skipped', () => {
  console.warn(`skipped: ${SSHD} is not installed (apt-get install openssh-server)`);
});
