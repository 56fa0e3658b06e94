/**
 * Azure Bastion's native-client tunnels (`az network bastion tunnel`, `az network bastion ssh`, the
 * Azure CLI's bastion extension: Azure/azure-cli-extensions src/bastion/azext_bastion/custom.py,
 * read at commit 9ddfc81fe27ddca89db34ec49471b8b8c6df1b50). Before it opens any tunnel, the CLI
 * reads the Bastion resource and stops with "Bastion Host SKU must be Standard and Native Client
 * must be enabled." when the SKU is Basic, or Standard without enableTunneling ("native client
 * support" in the portal); later releases say "Standard or Premium". The SSH client never connects,
 * so no channel answer exists to model (no `policy`). What a forward over an open tunnel gets is
 * the instance's sshd's answer.
 */
import type { GatewaySignal, ServerProfile } from './types.ts';

/** The fixed words of its line. */
const NATIVE_CLIENT = 'and Native Client must be enabled';

export const azureBastion = {
  id: 'azure-bastion',
  name: 'Azure Bastion',
  kind: 'gateway',
  seenIn: 'cloud-access',
  directTcpip: null,
  // it carries the SSH connection to the instance, whose sshd answers every forward
  behind: 'sshd',
  words: { nativeClient: NATIVE_CLIENT },
} as const satisfies ServerProfile;

/** Its own lines, and what each means (the diagnoser reads them; the simulator does not carry them). */
export const azureBastionSignals: readonly GatewaySignal[] = [
  {
    words: NATIVE_CLIENT,
    causes: [['ssh-gateway-policy', 12]],
    decisive: true,
    refusedBy: 'gateway',
    note: 'The Azure CLI refused before any SSH connection: the Bastion resource must be Standard (or Premium) with native client support (enableTunneling) switched on. Azure’s layer refused, not the VM’s sshd; whoever manages the Bastion switches it on.',
  },
];

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const azureBastionBacking: readonly string[] = [
  'source: Azure/azure-cli-extensions src/bastion/azext_bastion/custom.py ssh_bastion_host, create_bastion_tunnel (commit 9ddfc81fe27ddca89db34ec49471b8b8c6df1b50)',
];
