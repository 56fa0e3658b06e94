/**
 * AWS Systems Manager Session Manager port forwarding (AWS-StartPortForwardingSession and
 * …ToRemoteHost; the instance's SSM agent makes the connection, no sshd involved): when the agent
 * cannot connect to the destination port the session prints this line, and the agent's log
 * (/var/log/amazon/ssm/amazon-ssm-agent.log) has "Unable to dial connection to server: dial tcp …".
 * Wording from public reports (moia-oss/bastion-host-forward issue 164); the agent is not run here.
 * The session, not the instance's sshd, refused: only with AWS-StartSSHSession as a ProxyCommand is
 * an sshd involved, and then its own refusals are OpenSSH's lines. EC2 Instance Connect Endpoint
 * (`aws ec2-instance-connect open-tunnel`) has no wording established here: not modelled.
 */
import type { GatewaySignal, ServerProfile } from './types.ts';

export const awsSsm = {
  id: 'aws-ssm',
  name: 'AWS Systems Manager Session Manager',
  kind: 'gateway',
  seenIn: 'cloud-access',
  directTcpip: null,
  // it carries the SSH connection to the instance, whose sshd answers every forward
  behind: 'sshd',
  words: { destinationFailed: 'Connection to destination port failed' },
} as const satisfies ServerProfile;

/** Its own lines, and what each means (the diagnoser reads them; the simulator does not carry them). */
export const awsSsmSignals: readonly GatewaySignal[] = [
  {
    words: 'Connection to destination port failed',
    causes: [
      ['target-service-down', 8],
      ['target-firewalled', 5],
      ['target-listens-elsewhere', 3],
    ],
    decisive: false,
    refusedBy: 'gateway',
    note: 'The SSM agent on the instance could not connect to the destination port: nothing listens there, a security group or firewall drops it, or the service listens on another address. The refusal is in AWS’s session layer, not an sshd; the agent’s log (/var/log/amazon/ssm/amazon-ssm-agent.log) names the dial error.',
  },
];

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const awsSsmBacking: readonly string[] = [
  'https://github.com/moia-oss/bastion-host-forward/issues/164 (aws ssm start-session, AWS-StartPortForwardingSessionToRemoteHost)',
];
