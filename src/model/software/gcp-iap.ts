/**
 * Google Cloud Identity-Aware Proxy TCP forwarding (gcloud compute start-iap-tunnel, and
 * gcloud compute ssh --tunnel-through-iap): gcloud prints the WebSocket close code and reason in
 * "Error while connecting [<code>: '<reason>']". Codes as public reports show them: 4003 "failed to
 * connect to backend" (IAP cannot reach the instance's port: the firewall lacks 35.235.240.0/20, or
 * nothing listens), 4033 "not authorized" (IAM: no IAP-secured Tunnel User), 4047 "Failed to lookup
 * instance" (wrong instance name, zone or project).
 */
import type { ServerProfile } from './types.ts';

export const gcpIap = {
  id: 'gcp-iap',
  name: 'Google Cloud IAP TCP forwarding',
  kind: 'gateway',
  seenIn: 'cloud-access',
  directTcpip: null,
  words: { backend: "[4003: 'failed to connect to backend']", unauthorized: "[4033: 'not authorized']", lookup: "[4047: 'Failed to lookup instance']" },
  signals: [
    {
      words: "4003: 'failed to connect to backend'",
      causes: [
        ['target-firewalled', 8],
        ['target-service-down', 5],
      ],
      decisive: false,
      note: 'IAP could not reach the instance’s port (close code 4003): a VPC firewall rule must allow 35.235.240.0/20 to that port, and something must listen on it. IAP refused before any sshd was reached.',
    },
    {
      words: "4033: 'not authorized'",
      causes: [['ssh-gateway-policy', 12]],
      decisive: true,
      note: 'IAP refused the tunnel (close code 4033): your account lacks the IAP-secured Tunnel User role on that instance or project. It is IAM, not sshd.',
    },
    {
      words: "4047: 'Failed to lookup instance'",
      causes: [['target-name-unresolvable', 10]],
      decisive: true,
      note: 'IAP found no such instance (close code 4047): check the instance name, --zone and --project you gave gcloud.',
    },
  ],
} as const satisfies ServerProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const gcpIapBacking: readonly string[] = [
  'https://github.com/terraform-google-modules/terraform-google-bastion-host/issues/58 (4003)',
  'https://github.com/google-github-actions/ssh-compute/issues/44 (4033)',
  'https://github.com/hashicorp/packer-plugin-googlecompute/issues/195 (4047)',
];
