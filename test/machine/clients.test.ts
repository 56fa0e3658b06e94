/**
 * `client.software` in the simulator: for every case recorded with a real client against OpenSSH
 * 9.2p1 or Dropbear 2022.83 (test/conformance/clients/recordings/), the same scenario simulated
 * with that client prints exactly what the real client printed.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/machine/channel-open/simulate.ts';
import type { Scenario, ServerBlock } from '../../src/model/scenario.ts';
import { validateScenario } from '../../src/model/validate.ts';
import { loadClientRecordings } from '../conformance/clients/record-clients.ts';
import { isModelled, type ModelledRecording, refusalLines, SOFTWARE } from '../conformance/clients/profiles.ts';

/** The recorder's servers (record-clients.ts): sshd_config lines, or Dropbear with -j -k. */
const SERVERS: Record<string, ServerBlock> = {
  'forwarding-off': { sshdConfig: 'AllowTcpForwarding no\n' },
  permitopen: { sshdConfig: 'PermitOpen 127.0.0.1:5432\n' },
  default: {},
  'dropbear-off': { software: 'dropbear', version: '2022.83', dropbearOptions: '-j -k' },
};

/** The recorded case as a scenario: the program's request written as ssh(1) would take it. */
function scenarioOf(r: ModelledRecording): Scenario {
  const c = r.case;
  const target = `${c.targetHost}:${c.targetPort}`;
  const command =
    c.mode === 'remote'
      ? `ssh -N -R ${c.targetHost}:${c.targetPort}:127.0.0.1:5432 root@127.0.0.1`
      : r.client === 'plink-nc'
        ? `ssh -W ${target} root@127.0.0.1`
        : // a refused login is refused before any forward is asked for (and phpseclib cannot ask for one)
          c.mode === 'auth'
          ? 'ssh -N root@127.0.0.1'
          : `ssh -N -L 15432:${target} root@127.0.0.1`;
  return {
    client: { command, software: SOFTWARE[r.client] },
    server: { ...SERVERS[c.server], ...(c.mode === 'auth' ? { acceptsKey: false } : {}) },
    targets: [{ host: '127.0.0.1', port: 5432, state: 'listening' }],
  };
}

const allRefused = loadClientRecordings().filter((r) => r.case.cause !== null);
const refused = allRefused.filter(isModelled);

describe('simulator: client.software prints what the real client printed', () => {
  it('has the recorded cases of every client', () => {
    expect(refused.length).toBeGreaterThanOrEqual(30);
    expect(new Set(refused.map((r) => r.client)).size).toBe(Object.keys(SOFTWARE).length);
  });
  for (const r of refused) {
    it(`${r.client} ${r.version}: ${r.case.id} → ${r.case.cause}`, () => {
      const scenario = scenarioOf(r);
      expect(validateScenario(scenario).problems).toEqual([]);
      const trace = simulate(scenario);
      // the model files a refused -W (plink -nc's main channel) under the jump-host cause: ssh -W is what a jump host is asked for
      const stdioPolicy = r.client === 'plink-nc' && (r.case.id === 'forwarding-disabled' || r.case.id === 'permitopen-mismatch');
      expect(trace.cause).toBe(stdioPolicy ? 'jump-host-forwarding-disabled' : r.case.cause);
      expect(trace.clientLines).toEqual(refusalLines(r));
    });
  }
  it('OpenSSH stays the default and prints its own line', () => {
    const trace = simulate({ client: { command: 'ssh -N -L 15432:localhost:5432 root@127.0.0.1' }, server: SERVERS['forwarding-off'] });
    expect(trace.clientLines).toEqual(['channel 2: open failed: administratively prohibited: open failed']);
  });
  it('rejects a client the model does not know', () => {
    const v = validateScenario({ client: { command: 'ssh -N -L 1:a:2 h', software: 'winscp' } });
    expect(v.scenario).toBeNull();
    expect(v.problems[0]?.path).toBe('client.software');
  });
});
