/**
 * Which hop refused, as the simulator answers it: the preset scenarios each cause page links to,
 * run through the machine, name the hop a reader must look at (and clear the others).
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/machine/channel-open/simulate.ts';
import { HOP_LABEL } from '../../src/model/hops.ts';
import { SSH_EXCHANGE_CLOSED } from '../../src/model/messages.ts';
import { PRESETS } from '../../src/model/presets.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { shellhub, teleport, warpgate } from '../../src/model/software/index.ts';

const viaJump = (jump: Scenario['jump'], server: Scenario['server']): Scenario => ({
  client: { command: 'ssh -N -J bob@bastion.example -L 8080:db.internal:5432 alice@server.example' },
  jump: { hosts: '127.0.0.1 localhost\n10.0.0.2 server.example\n', ...jump },
  server: { hosts: '127.0.0.1 localhost\n10.0.0.9 db.internal\n', ...server },
  targets: [{ host: '10.0.0.9', port: 5432, state: 'listening' }],
});

describe('which hop refused', () => {
  it('a jump host that allows no forwarding: the jump host, and the final server was never asked', () => {
    const t = simulate(viaJump({ sshdConfig: 'AllowTcpForwarding no\n' }, {}));
    expect(t.clientLines).toContain('stdio forwarding failed');
    expect(t.hop).toBe('jump-host');
    expect(t.hopDetail).toMatch(/final server was never asked/);
  });

  it('an ssh client before 8.0 stops at ssh_exchange_identification once the jump leg closes (sshconnect.c V_7_9_P1 fatal())', () => {
    const scenario = viaJump({ sshdConfig: 'AllowTcpForwarding no\n' }, {});
    const old = simulate({ ...scenario, client: { ...scenario.client, version: '7.9p1' } });
    expect(old.clientLines.slice(-2)).toEqual(['stdio forwarding failed', SSH_EXCHANGE_CLOSED]);
    expect(simulate(scenario).clientLines.at(-1)).toBe('Connection closed by UNKNOWN port 65535');
  });

  it('the final server refuses behind a working jump host: the final server, and the jump host is cleared', () => {
    const t = simulate(viaJump({}, { sshdConfig: 'AllowTcpForwarding no\n' }));
    expect(t.cause).toBe('tcp-forwarding-disabled');
    expect(t.hop).toBe('ssh-server');
    expect(t.hopDetail).toMatch(/jump host carried the connection and is not at fault/);
  });

  it('a jump host that cannot resolve the final server: the jump host, on its way onward', () => {
    const t = simulate({ ...viaJump({}, {}), jump: {} });
    expect(t.cause).toBe('target-name-unresolvable');
    expect(t.clientLines).toContain('stdio forwarding failed');
    expect(t.hop).toBe('jump-host');
    expect(t.hopDetail).toMatch(/could not reach the final server/);
  });

  it('without a jump host the answer does not mention one', () => {
    const t = simulate(PRESETS['tcp-forwarding-disabled']!.scenario);
    expect(t.hop).toBe('ssh-server');
    expect(t.hopDetail).not.toMatch(/jump/);
  });

  it('a gateway product’s own policy: the gateway, by its name, not the sshd behind it', () => {
    const t = simulate({ ...PRESETS['working-tunnel']!.scenario, server: { software: teleport.id, gatewayPolicy: {} } });
    expect(t.cause).toBe('ssh-gateway-policy');
    expect(t.hop).toBe('gateway');
    expect(t.hopDetail).toContain(teleport.name);
    expect(t.hopDetail).toMatch(/sshd behind it was never asked/);
  });

  it('a target that is down: the final server sent the refusal after its own connect failed', () => {
    const t = simulate(PRESETS['target-service-down']!.scenario);
    expect(t.fixOn).toBe('target');
    expect(t.hop).toBe('ssh-server');
    expect(t.hopDetail).toMatch(/after its own connection to the target failed/);
  });

  it('a target that is down behind Warpgate: the server behind it, and Warpgate only passed on its fixed answer', () => {
    const scenario = PRESETS['target-service-down']!.scenario;
    const t = simulate({ ...scenario, server: { ...scenario.server, software: warpgate.id } });
    expect(t.cause).toBe('target-service-down');
    expect(t.clientLines).toEqual([`channel 2: open failed: connect failed: ${warpgate.relays.description}`]);
    expect(t.hop).toBe('ssh-server');
    expect(t.hopDetail).toMatch(/after its own connection to the target failed/);
    expect(t.hopDetail).toContain(`${warpgate.name} in front of it did not decide`);
    expect(t.hopDetail).not.toMatch(/own policy/);
  });

  it('a gateway that refuses -R itself (ShellHub): the gateway, not a server behind it', () => {
    const t = simulate({ client: { command: 'ssh -N -R 8080:localhost:3000 alice@device.example' }, server: { software: shellhub.id } });
    expect(t.cause).toBe('remote-forward-refused');
    expect(t.hop).toBe('gateway');
    expect(t.hopDetail).toContain(shellhub.name);
  });

  it('a local port already in use: your own client, before any server', () => {
    const t = simulate(PRESETS['local-port-in-use']!.scenario);
    expect(t.hop).toBe('client');
    expect(HOP_LABEL[t.hop!]).toBe('your own ssh client');
  });

  it('a tunnel that opens names no hop', () => {
    const t = simulate(PRESETS['working-tunnel']!.scenario);
    expect(t.outcome).toBe('open');
    expect(t.hop).toBeNull();
    expect(t.hopDetail).toBeNull();
  });
});
