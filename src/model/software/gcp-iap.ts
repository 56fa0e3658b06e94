/**
 * Google Cloud Identity-Aware Proxy TCP forwarding (gcloud compute start-iap-tunnel, and
 * gcloud compute ssh --tunnel-through-iap). IAP closes the WebSocket with a code and a reason;
 * gcloud keeps them as `'%r: %r' % (close_code, close_reason)` (iap_tunnel_websocket_helper.py
 * _OnClose) and raises "Error while connecting [<that>]." (iap_tunnel_websocket.py
 * _WaitForOpenOrRaiseError, which appends " (Failed to connect to port N)" after a 4003), read in
 * google-cloud-sdk-unofficial/google-cloud-sdk at commit 01f043c2289dbd5b8de55d1d271ead804f9448f0.
 * The reasons are IAP's, as public reports show them: 4003 "failed to connect to backend" (IAP,
 * connecting from 35.235.240.0/20, got no connection to the instance's port: a firewall rule, or
 * nothing listens), 4033 "not authorized" (IAM: no IAP-secured Tunnel User), 4047 "Failed to lookup
 * instance" (wrong instance name, zone or project). None of them comes from the instance's sshd.
 */
import type { GatewaySignal, ServerProfile } from './types.ts';

export const gcpIap = {
  id: 'gcp-iap',
  name: 'Google Cloud IAP TCP forwarding',
  kind: 'gateway',
  seenIn: 'cloud-access',
  directTcpip: null,
  // it carries the SSH connection to the instance, whose sshd answers every forward
  behind: 'sshd',
  words: { backend: "[4003: 'failed to connect to backend']", unauthorized: "[4033: 'not authorized']", lookup: "[4047: 'Failed to lookup instance']" },
} as const satisfies ServerProfile;

/** Its own lines, and what each means (the diagnoser reads them; the simulator does not carry them). */
export const gcpIapSignals: readonly GatewaySignal[] = [
  {
    words: "4003: 'failed to connect to backend'",
    causes: [
      ['target-firewalled', 8],
      ['target-service-down', 5],
    ],
    decisive: false,
    refusedBy: 'gateway',
    note: 'IAP could not connect to the instance’s port (close code 4003). IAP connects from 35.235.240.0/20, so a VPC firewall rule must allow that range to the port, and something must listen on the instance’s address. The cloud layer failed before any sshd was reached.',
  },
  {
    words: "4033: 'not authorized'",
    causes: [['ssh-gateway-policy', 12]],
    decisive: true,
    refusedBy: 'gateway',
    note: 'IAP refused the tunnel (close code 4033): your account lacks the IAP-secured Tunnel User role (iap.tunnelInstances.accessViaIAP) on that instance or project. Google’s layer refused on IAM grounds, not the instance’s sshd.',
  },
  {
    words: "4047: 'Failed to lookup instance'",
    causes: [['target-name-unresolvable', 10]],
    decisive: true,
    refusedBy: 'gateway',
    note: 'IAP found no such instance (close code 4047): check the instance name, --zone and --project you gave gcloud, and that the instance exists. The cloud layer answered; no sshd was reached.',
  },
];

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const gcpIapBacking: readonly string[] = [
  'source: google-cloud-sdk-unofficial/google-cloud-sdk lib/googlecloudsdk/api_lib/compute/iap_tunnel_websocket_helper.py _OnClose, iap_tunnel_websocket.py _WaitForOpenOrRaiseError (commit 01f043c2289dbd5b8de55d1d271ead804f9448f0): the frame around the code and reason',
  'https://github.com/terraform-google-modules/terraform-google-bastion-host/issues/58 (4003)',
  'https://github.com/google-github-actions/ssh-compute/issues/44 (4033)',
  'https://github.com/hashicorp/packer-plugin-googlecompute/issues/195 (4047)',
];
