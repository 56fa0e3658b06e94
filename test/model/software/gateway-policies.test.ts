/**
 * Every gateway profile with a policy (software/): a scenario with `gatewayPolicy` makes the
 * simulator print what OpenSSH's ssh shows for the product's own answer, read from the profile
 * (a refusal's reason and description, or for a product that opens and closes the channel ssh's
 * "bad ext data"), and names ssh-gateway-policy; without `gatewayPolicy` the forward opens.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/machine/channel-open/simulate.ts';
import { badExtData, channelOpenFailedLine, STDIO_FORWARDING_FAILED, type ReasonCode } from '../../../src/model/messages.ts';
import { SERVER_PROFILES, type ServerProfile } from '../../../src/model/software/index.ts';

const GATEWAYS = SERVER_PROFILES.filter((p): p is ServerProfile & { policy: NonNullable<ServerProfile['policy']> } => p.kind === 'gateway' && !!p.policy);
const TARGET = { host: 'db.internal', port: 5432 };
const hosts = '127.0.0.1 localhost\n10.0.0.30 db.internal\n';
const targets = [{ host: '10.0.0.30', port: 5432, state: 'listening' as const }];

function run(software: string, gatewayPolicy: boolean, command: string) {
  return simulate({
    client: { command },
    server: { software, hosts, ...(gatewayPolicy ? { gatewayPolicy: {} } : {}) },
    targets,
  } as Parameters<typeof simulate>[0]);
}

/** What ssh prints for the product's answer on channel `n` (-W adds its own line after a refusal). */
function expected(p: (typeof GATEWAYS)[number], n: number, stdio: boolean): string[] {
  if (p.policy.answer === 'closes') return [badExtData(n)];
  const line = channelOpenFailedLine(n, p.policy.code as ReasonCode, p.policy.description);
  return stdio ? [line, STDIO_FORWARDING_FAILED] : [line];
}

describe('gateway policies', () => {
  it('the gateways with an established answer have a policy', () => {
    expect(GATEWAYS.map((p) => p.id).sort()).toEqual(['jumpserver', 'shellhub', 'teleport', 'wallix']);
  });

  for (const p of GATEWAYS) {
    it(`${p.id}: -L refused by its own policy, as ssh prints it`, () => {
      const t = run(p.id, true, `ssh -N -L 15432:${TARGET.host}:${TARGET.port} alice@gw.example`);
      expect(t.cause).toBe('ssh-gateway-policy');
      expect(t.outcome).toBe('rejected');
      expect(t.clientLines).toEqual(expected(p, 2, false));
      expect(t.reasonCode).toBe(p.policy.answer === 'refuses' ? p.policy.code : null);
      expect(t.steps.at(-1)?.detail).toContain(p.policy.setting);
    });

    it(`${p.id}: -W refused the same way on channel 0`, () => {
      const t = run(p.id, true, `ssh -W ${TARGET.host}:${TARGET.port} alice@gw.example`);
      expect(t.cause).toBe('ssh-gateway-policy');
      expect(t.clientLines).toEqual(expected(p, 0, true));
    });

    it(`${p.id}: without gatewayPolicy the forward opens`, () => {
      const t = run(p.id, false, `ssh -N -L 15432:${TARGET.host}:${TARGET.port} alice@gw.example`);
      expect(t.outcome).toBe('open');
      expect(t.cause).toBeNull();
    });
  }

  it('a client other than OpenSSH’s ssh is given no line for a channel that opens and closes', () => {
    const t = simulate({
      client: { command: 'ssh -N -L 15432:db.internal:5432 alice@gw.example', software: 'paramiko' },
      server: { software: 'teleport', gatewayPolicy: {}, hosts },
      targets,
    });
    expect(t.cause).toBe('ssh-gateway-policy');
    expect(t.clientLines).toEqual([]);
  });
});
