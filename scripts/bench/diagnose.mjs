/**
 * Diagnoser timings: a 1 MB paste (dense with recognised lines and noise; median of several runs,
 * budget 100 ms), a 1 MB single line, a 5 MB journal, and a typical paste (a few dozen lines).
 * Loads the TypeScript model through tsx.
 */
import { register } from 'tsx/esm/api';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn, runs) {
  fn(); // warm up
  fn();
  const t = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const TYPICAL = `$ ssh -v -N -L 8080:db.internal:5432 alice@server.example
OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024
debug1: Connecting to server.example [203.0.113.10] port 22.
debug1: Local version string SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3
debug1: Remote protocol version 2.0, remote software version OpenSSH_7.4
debug1: Authenticating to server.example:22 as 'alice'
debug1: Authenticated to server.example ([203.0.113.10]:22) using "publickey".
debug1: Local connections to LOCALHOST:8080 forwarded to remote address db.internal:5432
debug1: Connection to port 8080 forwarding to db.internal port 5432 requested.
debug1: channel 2: new [direct-tcpip]
channel 2: open failed: administratively prohibited: open failed
Nov 24 10:01:02 server sshd[1234]: Accepted publickey for alice from 198.51.100.23 port 50522 ssh2
Nov 24 10:01:09 server sshd[1236]: error: connect_to db.internal: unknown host (Name or service not known)
allowtcpforwarding yes
permitopen any
`;

export async function run() {
  const unregister = register();
  try {
    const { diagnose } = await import(pathToFileURL(join(import.meta.dirname, '../../src/model/diagnose/index.ts')).href);
    const { denseMegabytePaste, fiveMegabyteJournal } = await import(pathToFileURL(join(import.meta.dirname, '../../test/model/diagnose/pastes.ts')).href);
    const oneMb = denseMegabytePaste();
    const oneLine = 'x'.repeat(1_000_000);
    const fiveMb = fiveMegabyteJournal();
    return [
      { name: 'diagnose: 1 MB paste (median of 9)', value: time(() => diagnose(oneMb), 9), unit: 'ms', budget: 100 },
      { name: 'diagnose: 1 MB single line (median of 9)', value: time(() => diagnose(oneLine), 9), unit: 'ms', budget: 100 },
      { name: 'diagnose: 5 MB journal (median of 5)', value: time(() => diagnose(fiveMb), 5), unit: 'ms', budget: 500 },
      { name: 'diagnose: typical paste, 15 lines (median of 51)', value: time(() => diagnose(TYPICAL), 51), unit: 'ms', budget: 5 },
    ];
  } finally {
    await unregister?.();
  }
}
