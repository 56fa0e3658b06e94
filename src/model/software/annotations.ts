/**
 * What the profiles' modules say beyond what the simulator prints, kept apart so its bundle does
 * not carry them: what backs each program's wordings (the site's /verification/), and, for a
 * client that hides the server's answer, the one command that shows it (the diagnoser).
 */
import { openssh, opensshBacking } from './openssh.ts';
import { opensshWindows, opensshWindowsBacking } from './openssh-windows.ts';
import { putty, puttyBacking } from './putty.ts';
import { paramiko, paramikoBacking, paramikoReveal } from './paramiko.ts';
import { goXCrypto, goXCryptoBacking } from './go-x-crypto.ts';
import { nodeSsh2, nodeSsh2Backing } from './node-ssh2.ts';
import { asyncssh, asyncsshBacking, asyncsshReveal } from './asyncssh.ts';
import { jsch, jschBacking, jschReveal } from './jsch.ts';
import { sshj, sshjBacking } from './sshj.ts';
import { libssh, libsshBacking } from './libssh.ts';
import { libssh2, libssh2Backing, libssh2Reveal } from './libssh2.ts';
import { netSsh, netSshBacking, netSshReveal } from './net-ssh.ts';
import { sshNet, sshNetBacking, sshNetReveal } from './ssh-net.ts';
import { minaSshd, minaSshdBacking } from './mina-sshd.ts';
import { phpseclib, phpseclibBacking } from './phpseclib.ts';
import { teleportTsh, teleportTshBacking, teleportTshReveal } from './teleport-tsh.ts';
import { gliderlabsSsh, gliderlabsSshBacking } from './gliderlabs-ssh.ts';
import { tinyssh, tinysshBacking } from './tinyssh.ts';
import { nodeSsh2Server, nodeSsh2ServerBacking } from './node-ssh2-server.ts';
import { asyncsshServer, asyncsshServerBacking } from './asyncssh-server.ts';
import { teleport, teleportBacking, teleportSignals } from './teleport.ts';
import { jumpserver, jumpserverBacking } from './jumpserver.ts';
import { wallix, wallixBacking } from './wallix.ts';
import { warpgate, warpgateBacking, warpgateSignals } from './warpgate.ts';
import { coder, coderBacking, coderSignals } from './coder.ts';
import { gitpod, gitpodBacking, gitpodSignals } from './gitpod.ts';
import { devpod, devpodBacking } from './devpod.ts';
import { awsSsm, awsSsmBacking, awsSsmSignals } from './aws-ssm.ts';
import { gcpIap, gcpIapBacking, gcpIapSignals } from './gcp-iap.ts';
import { azureBastion, azureBastionBacking, azureBastionSignals } from './azure-bastion.ts';
import { minaSshdServer, minaSshdServerBacking } from './mina-sshd-server.ts';
import { russhServer, russhServerBacking } from './russh-server.ts';
import { upterm, uptermBacking } from './upterm.ts';
import { sish, sishBacking, sishSignals } from './sish.ts';
import { opensshWindowsServer, opensshWindowsServerBacking } from './openssh-windows-server.ts';
import { shellhub, shellhubBacking } from './shellhub.ts';
import { vscodeRemoteSsh, vscodeRemoteSshBacking } from './vscode-remote-ssh.ts';

import type { GatewaySignal } from './types.ts';

export interface ProgramBacking {
  /** The profile's id (`client.software`, `server.software`, or the tool's page id). */
  id: string;
  name: string;
  role: 'client' | 'server' | 'gateway' | 'wrapper';
  /** `recorded: …` (run live here) or `source: …` / a public issue (read, not run). */
  backing: readonly string[];
}

export const PROGRAM_BACKING: readonly ProgramBacking[] = [
  { id: openssh.id, name: openssh.name, role: 'client', backing: opensshBacking },
  { id: opensshWindows.id, name: opensshWindows.name, role: 'client', backing: opensshWindowsBacking },
  { id: putty.id, name: putty.name, role: 'client', backing: puttyBacking },
  { id: paramiko.id, name: paramiko.name, role: 'client', backing: paramikoBacking },
  { id: goXCrypto.id, name: goXCrypto.name, role: 'client', backing: goXCryptoBacking },
  { id: nodeSsh2.id, name: nodeSsh2.name, role: 'client', backing: nodeSsh2Backing },
  { id: asyncssh.id, name: asyncssh.name, role: 'client', backing: asyncsshBacking },
  { id: jsch.id, name: jsch.name, role: 'client', backing: jschBacking },
  { id: sshj.id, name: sshj.name, role: 'client', backing: sshjBacking },
  { id: libssh.id, name: libssh.name, role: 'client', backing: libsshBacking },
  { id: libssh2.id, name: libssh2.name, role: 'client', backing: libssh2Backing },
  { id: netSsh.id, name: netSsh.name, role: 'client', backing: netSshBacking },
  { id: sshNet.id, name: sshNet.name, role: 'client', backing: sshNetBacking },
  { id: minaSshd.id, name: minaSshd.name, role: 'client', backing: minaSshdBacking },
  { id: phpseclib.id, name: phpseclib.name, role: 'client', backing: phpseclibBacking },
  { id: teleportTsh.id, name: teleportTsh.name, role: 'client', backing: teleportTshBacking },
  { id: gliderlabsSsh.id, name: gliderlabsSsh.name, role: 'server', backing: gliderlabsSshBacking },
  { id: tinyssh.id, name: tinyssh.name, role: 'server', backing: tinysshBacking },
  { id: nodeSsh2Server.id, name: nodeSsh2Server.name, role: 'server', backing: nodeSsh2ServerBacking },
  { id: asyncsshServer.id, name: asyncsshServer.name, role: 'server', backing: asyncsshServerBacking },
  { id: minaSshdServer.id, name: minaSshdServer.name, role: 'server', backing: minaSshdServerBacking },
  { id: russhServer.id, name: russhServer.name, role: 'server', backing: russhServerBacking },
  { id: upterm.id, name: upterm.name, role: 'server', backing: uptermBacking },
  { id: sish.id, name: sish.name, role: 'server', backing: sishBacking },
  { id: opensshWindowsServer.id, name: opensshWindowsServer.name, role: 'server', backing: opensshWindowsServerBacking },
  { id: shellhub.id, name: shellhub.name, role: 'gateway', backing: shellhubBacking },
  { id: teleport.id, name: teleport.name, role: 'gateway', backing: teleportBacking },
  { id: jumpserver.id, name: jumpserver.name, role: 'gateway', backing: jumpserverBacking },
  { id: wallix.id, name: wallix.name, role: 'gateway', backing: wallixBacking },
  { id: warpgate.id, name: warpgate.name, role: 'gateway', backing: warpgateBacking },
  { id: coder.id, name: coder.name, role: 'gateway', backing: coderBacking },
  { id: gitpod.id, name: gitpod.name, role: 'gateway', backing: gitpodBacking },
  { id: devpod.id, name: devpod.name, role: 'gateway', backing: devpodBacking },
  { id: awsSsm.id, name: awsSsm.name, role: 'gateway', backing: awsSsmBacking },
  { id: gcpIap.id, name: gcpIap.name, role: 'gateway', backing: gcpIapBacking },
  { id: azureBastion.id, name: azureBastion.name, role: 'gateway', backing: azureBastionBacking },
  { id: vscodeRemoteSsh.id, name: vscodeRemoteSsh.name, role: 'wrapper', backing: vscodeRemoteSshBacking },
];

/** Whether a program's wordings were recorded from it running here (not only read in its source). */
export function runLive(p: ProgramBacking): boolean {
  return p.backing.some((b) => b.startsWith('recorded:'));
}

/** The one command that shows the server's answer, for each client that hides it, by client id. */
export const REVEAL: Readonly<Record<string, string>> = {
  [asyncssh.id]: asyncsshReveal,
  [jsch.id]: jschReveal,
  [libssh2.id]: libssh2Reveal,
  [netSsh.id]: netSshReveal,
  [paramiko.id]: paramikoReveal,
  [sshNet.id]: sshNetReveal,
  [teleportTsh.id]: teleportTshReveal,
};

/** Each gateway's own lines and what they mean, by profile id (the diagnoser reads them). */
export const GATEWAY_SIGNALS: Readonly<Record<string, readonly GatewaySignal[]>> = {
  [awsSsm.id]: awsSsmSignals,
  [azureBastion.id]: azureBastionSignals,
  [coder.id]: coderSignals,
  [gcpIap.id]: gcpIapSignals,
  [gitpod.id]: gitpodSignals,
  [sish.id]: sishSignals,
  [teleport.id]: teleportSignals,
  [warpgate.id]: warpgateSignals,
};
