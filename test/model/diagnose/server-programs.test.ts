/**
 * Every server program and gateway profile, run through the simulator for -L, -W and -R against a
 * target that listens, refuses or drops, with and without the product's own policy: the diagnoser,
 * given only what ssh printed, lists the cause the simulator reached among its first three. Where the
 * printed words cannot carry the cause, the answer must say what it can instead (each case below).
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/machine/channel-open/simulate.ts';
import { diagnose } from '../../../src/model/diagnose/index.ts';
import type { Scenario } from '../../../src/model/scenario.ts';
import { SERVER_SOFTWARE, serverProfile } from '../../../src/model/software/index.ts';

const COMMANDS = [
  'ssh -N -L 15432:db.internal:5432 alice@gw.example',
  'ssh -W db.internal:5432 alice@gw.example',
  'ssh -N -R 8080:localhost:3000 alice@gw.example',
];
const STATES = ['listening', 'closed', 'filtered'] as const;

function scenario(software: string, command: string, state: (typeof STATES)[number], policy: boolean): Scenario {
  return {
    client: { command },
    server: { software, hosts: '127.0.0.1 localhost\n10.0.0.30 db.internal\n', ...(policy ? { gatewayPolicy: {} } : {}) },
    targets: [{ host: '10.0.0.30', port: 5432, state }],
  } as Scenario;
}

/**
 * Why the printed words alone cannot name the cause, for the cases where they cannot: the answer is
 * then checked for what it says instead.
 */
function wordsCannotTell(software: string, lines: string[]): string | null {
  // AsyncSSH refuses with OpenSSH's own words for a dead port: only its banner (ssh -v) tells
  if (software === 'asyncssh-server') return 'banner';
  // a fixed relayed text carries no errno: a firewalled target reads as one of the other target causes
  if (lines.some((l) => /open target channel error|Connect failed$|bad ext data/.test(l))) return 'relayed';
  // an empty description with -W: Dropbear, bastions and Node ssh2 send it alike
  if (lines.some((l) => l.endsWith('administratively prohibited: '))) return 'empty';
  // sish ends the connection: a note, no cause
  if (serverProfile(software)?.closesConnection) return 'closed';
  return null;
}

describe('the diagnoser agrees with the simulator for every server program', () => {
  for (const software of SERVER_SOFTWARE) {
    it(software, () => {
      let checked = 0;
      for (const command of COMMANDS)
        for (const state of STATES)
          for (const policy of [false, true]) {
            const t = simulate(scenario(software, command, state, policy));
            if (!t.cause || t.clientLines.length === 0) continue;
            const d = diagnose([`$ ${command}`, ...t.clientLines].join('\n'));
            const ids = d.causes.map((c) => c.id);
            const why = wordsCannotTell(software, t.clientLines);
            const at = `${command} / ${state}${policy ? ' / policy' : ''}: ${t.clientLines.join(' | ')} → ${ids.join(', ')}`;
            checked++;
            if (why === null) expect(ids.slice(0, 3), at).toContain(t.cause);
            else if (why === 'closed') expect(d.notes.join(' '), at).toContain('ended the whole connection');
            else if (why === 'relayed')
              expect(
                ids.some((id) => ['target-service-down', 'ssh-gateway-policy', 'tcp-forwarding-disabled'].includes(id)),
                at,
              ).toBe(true);
            else if (why === 'empty') expect(d.server.software, at).toBe('not-openssh');
            else {
              // with ssh -v, the banner names the program, and its profile's answer leads
              const banner = `debug1: Remote protocol version 2.0, remote software version ${serverProfile(software)!.words.banner}1.0`;
              expect(diagnose([`$ ${command}`, banner, ...t.clientLines].join('\n')).causes[0]?.id, at).toBe(t.cause);
            }
          }
      expect(checked, `${software}: no refusal simulated`).toBeGreaterThan(0);
    });
  }
});
