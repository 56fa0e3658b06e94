/**
 * The running configuration, a login certificate and a gateway's own policy. The OpenSSH lines are
 * what Debian's sshd 9.2p1 printed on loopback (test/conformance/scenarios/config-not-reloaded*.json
 * and certificate-no-port-forwarding.json); the gateway's description is gliderlabs/ssh's
 * (tcpip.go DirectTCPIPHandler, v0.3.8).
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/machine/channel-open/simulate.ts';
import { validateScenario } from '../../src/model/validate.ts';
import type { Scenario, ServerBlock } from '../../src/model/scenario.ts';

const HOSTS = '127.0.0.1 localhost\n::1 localhost\n10.0.0.9 db.internal\n';
const DB = [{ host: '10.0.0.9', port: 5432, state: 'listening' as const }];
const L = 'ssh -N -L 8080:db.internal:5432 alice@server.example';
const PROHIBITED_2 = 'channel 2: open failed: administratively prohibited: open failed';
const REFUSED_LOG = 'refused local port forward: originator 127.0.0.1 port 41234, target db.internal port 5432';

function run(server: ServerBlock, command = L, extra: Partial<Scenario> = {}) {
  return simulate({ client: { command }, server: { hosts: HOSTS, ...server }, targets: DB, ...extra });
}

describe('the running sshd has other settings than the file', () => {
  it('the file allows forwarding, the running sshd still has AllowTcpForwarding no: config-not-reloaded, same lines as the setting itself', () => {
    const t = run({ sshdConfig: 'AllowTcpForwarding yes\n', runningSshdConfig: 'AllowTcpForwarding no\n' });
    expect(t.cause).toBe('config-not-reloaded');
    expect(t.fixOn).toBe('ssh-server');
    expect(t.stoppedAt).toBe('ssh-server.policy.allow-tcp-forwarding');
    expect(t.clientLines).toEqual([PROHIBITED_2]);
    expect(t.serverLog).toEqual([REFUSED_LOG]);
    const step = t.steps.find((s) => s.id === 'ssh-server.policy.allow-tcp-forwarding')!;
    expect(step.detail).toContain('running sshd still has this old setting');
    expect(step.detail).toContain('systemctl reload ssh');
    expect(step.detail).toContain('ControlPersist masters opened before keep their settings');
  });

  it('after the reload (running text = file) the tunnel opens', () => {
    expect(run({ sshdConfig: 'AllowTcpForwarding yes\n', runningSshdConfig: 'AllowTcpForwarding yes\n' }).outcome).toBe('open');
    expect(run({ sshdConfig: 'AllowTcpForwarding yes\n' }).outcome).toBe('open');
  });

  it('when the file refuses too, the cause is the setting itself, not the reload', () => {
    const t = run({ sshdConfig: 'AllowTcpForwarding no\n', runningSshdConfig: 'AllowTcpForwarding no\nMaxSessions 5\n' });
    expect(t.cause).toBe('tcp-forwarding-disabled');
  });

  it('the file was made stricter but not reloaded: the running sshd still allows the tunnel', () => {
    expect(run({ sshdConfig: 'AllowTcpForwarding no\n', runningSshdConfig: '' }).outcome).toBe('open');
  });

  it('a PermitOpen fixed in the file but not reloaded', () => {
    const t = run({ sshdConfig: 'PermitOpen db.internal:5432\n', runningSshdConfig: 'PermitOpen 127.0.0.1:5432\n' });
    expect(t.cause).toBe('config-not-reloaded');
    expect(t.stoppedAt).toBe('ssh-server.policy.permit-open');
    expect(t.clientLines).toEqual([PROHIBITED_2]);
  });

  it('a ControlPersist master made under MaxSessions 1 keeps refusing after the file says 10', () => {
    const t = simulate({
      client: { command: 'ssh -S ~/.ssh/ctl-%C -o ControlMaster=auto alice@server.example' },
      server: { sshdConfig: 'MaxSessions 10\n', runningSshdConfig: 'MaxSessions 1\n', openSessions: 1 },
    });
    expect(t.cause).toBe('config-not-reloaded');
    expect(t.clientLines).toContain('mux_client_request_session: session request failed: Session open refused by peer');
    expect(t.serverLog).toEqual(['error: no more sessions']);
    expect(t.steps.at(-1)!.detail).toContain('ssh -O exit');
  });

  it('the running text’s errors, not the file’s, decide whether sshd runs', () => {
    const t = run({ sshdConfig: 'AllowTcpForwarding maybe\n', runningSshdConfig: 'AllowTcpForwarding no\n' });
    expect(t.steps.find((s) => s.id === 'ssh-server.start')!.status).toBe('passed');
    expect(run({ sshdConfig: '', runningSshdConfig: 'AllowTcpForwarding maybe\n' }).stoppedAt).toBe('ssh-server.start');
  });
});

describe('a login certificate', () => {
  it('without permit-port-forwarding (ssh-keygen -s … -O clear -O permit-pty): the same refusal as no-port-forwarding', () => {
    const t = run({ certificate: { extensions: ['permit-pty'] } });
    expect(t.cause).toBe('certificate-forwarding-not-permitted');
    expect(t.fixOn).toBe('ssh-server');
    expect(t.stoppedAt).toBe('ssh-server.policy.certificate');
    expect(t.reasonCode).toBe(1);
    expect(t.clientLines).toEqual([PROHIBITED_2]);
    expect(t.serverLog).toEqual([REFUSED_LOG]);
  });

  it('with no extensions at all', () => {
    expect(run({ certificate: { extensions: [] } }).cause).toBe('certificate-forwarding-not-permitted');
  });

  it('with permit-port-forwarding the tunnel opens; the extension name is exact', () => {
    expect(run({ certificate: { extensions: ['permit-pty', 'permit-port-forwarding'] } }).outcome).toBe('open');
    expect(run({ certificate: { extensions: ['Permit-Port-Forwarding'] } }).cause).toBe('certificate-forwarding-not-permitted');
  });

  it('AllowTcpForwarding no is still named first', () => {
    expect(run({ sshdConfig: 'AllowTcpForwarding no\n', certificate: { extensions: [] } }).cause).toBe('tcp-forwarding-disabled');
  });
});

describe('a gateway product’s own policy', () => {
  it('gliderlabs/ssh-based servers: administratively prohibited: port forwarding is disabled, whatever sshd_config says', () => {
    const t = run({ gatewayPolicy: {}, sshdConfig: 'AllowTcpForwarding yes\n' });
    expect(t.cause).toBe('ssh-gateway-policy');
    expect(t.reasonCode).toBe(1);
    expect(t.clientLines).toEqual(['channel 2: open failed: administratively prohibited: port forwarding is disabled']);
    expect(t.serverLog).toEqual([]);
  });

  it('a bastion that sends an empty description', () => {
    expect(run({ gatewayPolicy: { description: '' } }).clientLines).toEqual(['channel 2: open failed: administratively prohibited: ']);
  });

  it('-W through such a gateway: channel 0 and stdio forwarding failed', () => {
    const t = run({ gatewayPolicy: {} }, 'ssh -W db.internal:5432 alice@gateway.example');
    expect(t.cause).toBe('ssh-gateway-policy');
    expect(t.clientLines).toEqual(['channel 0: open failed: administratively prohibited: port forwarding is disabled', 'stdio forwarding failed']);
  });
});

describe('a gateway as the jump host', () => {
  it('ProxyJump through a gliderlabs-based bastion: its refusal of the channel to the server, not jump-host-forwarding-disabled', () => {
    const t = simulate({
      client: { command: 'ssh -J alice@bastion.example alice@internal.example' },
      jump: { gatewayPolicy: {}, hosts: '127.0.0.1 localhost\n10.0.0.20 internal.example\n' },
    });
    expect(t.cause).toBe('ssh-gateway-policy');
    expect(t.stoppedAt).toBe('jump-host.policy.allow-tcp-forwarding');
    expect(t.clientLines.slice(0, 2)).toEqual(['channel 0: open failed: administratively prohibited: port forwarding is disabled', 'stdio forwarding failed']);
  });
});

describe('the new scenario fields are checked', () => {
  it('certificate needs a list of extensions; gatewayPolicy.description is text', () => {
    const bad = validateScenario({ client: { command: L }, server: { certificate: { extensions: 'permit-pty' }, gatewayPolicy: { description: 1 } } });
    expect(bad.problems.map((p) => p.path)).toEqual(['server.certificate.extensions', 'server.gatewayPolicy.description']);
    expect(validateScenario({ client: { command: L }, server: { certificate: {} } }).problems.map((p) => p.path)).toEqual(['server.certificate.extensions']);
    expect(validateScenario({ client: { command: L }, server: { runningSshdConfig: 'AllowTcpForwarding no\n' } }).problems).toEqual([]);
  });
});
