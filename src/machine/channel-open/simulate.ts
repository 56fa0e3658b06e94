import type { Scenario } from '../../model/scenario.ts';
import type { Trace } from '../../model/trace.ts';

/**
 * Runs the channel-open machine for one scenario to its end and returns the trace.
 * (Placeholder with the final signature; the model task replaces the body.)
 */
export function simulate(scenario: Scenario): Trace {
  void scenario;
  return {
    outcome: 'rejected',
    stoppedAt: 'ssh-server.policy.allow-tcp-forwarding',
    cause: 'tcp-forwarding-disabled',
    fixOn: 'ssh-server',
    reasonCode: 1,
    clientLines: ['channel 2: open failed: administratively prohibited: open failed'],
    serverLog: ['refused local port forward: originator 127.0.0.1 port 41234, target localhost port 80'],
    steps: [
      { id: 'client.parse-command', machine: 'client', status: 'passed', detail: 'Parsed the command.' },
      { id: 'ssh-server.policy.allow-tcp-forwarding', machine: 'ssh-server', status: 'rejected', detail: 'AllowTcpForwarding no.' },
    ],
  };
}
