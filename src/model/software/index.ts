/**
 * Every program profile, in one registry: the clients a scenario's `client.software` picks, the
 * servers and gateways that are not OpenSSH or Dropbear, and the tools that wrap a client. Adding a
 * program is adding its module and listing it here.
 */
import { asyncssh } from './asyncssh.ts';
import { jsch } from './jsch.ts';
import { sshj } from './sshj.ts';
import { libssh } from './libssh.ts';
import { libssh2 } from './libssh2.ts';
import { minaSshd } from './mina-sshd.ts';
import { minaSshdServer } from './mina-sshd-server.ts';
import { netSsh } from './net-ssh.ts';
import { sshNet } from './ssh-net.ts';
import { opensshWindows } from './openssh-windows.ts';
import { opensshWindowsServer } from './openssh-windows-server.ts';
import { asyncsshServer } from './asyncssh-server.ts';
import { awsSsm } from './aws-ssm.ts';
import { azureBastion } from './azure-bastion.ts';
import { coder } from './coder.ts';
import { devpod } from './devpod.ts';
import { gcpIap } from './gcp-iap.ts';
import { gitpod } from './gitpod.ts';
import { goXCrypto } from './go-x-crypto.ts';
import { gliderlabsSsh } from './gliderlabs-ssh.ts';
import { jumpserver } from './jumpserver.ts';
import { nodeSsh2 } from './node-ssh2.ts';
import { nodeSsh2Server } from './node-ssh2-server.ts';
import { openssh } from './openssh.ts';
import { paramiko } from './paramiko.ts';
import { phpseclib } from './phpseclib.ts';
import { putty } from './putty.ts';
import { russhServer } from './russh-server.ts';
import { shellhub } from './shellhub.ts';
import { sish } from './sish.ts';
import { teleport } from './teleport.ts';
import { teleportTsh } from './teleport-tsh.ts';
import { tinyssh } from './tinyssh.ts';
import type { ClientLineOptions, ClientProfile, ProtocolResult, ServerProfile } from './types.ts';
import { upterm } from './upterm.ts';
import { vscodeRemoteSsh } from './vscode-remote-ssh.ts';
import { wallix } from './wallix.ts';
import { warpgate } from './warpgate.ts';
import { badExtData, closedByRemoteHost } from '../messages.ts';

export type {
  ClientProfile,
  ClientResult,
  DescriptionShown,
  DirectTcpipAnswer,
  GatewayPolicy,
  GatewaySignal,
  ProtocolResult,
  ServerProfile,
  TargetFailure,
  WrapperProfile,
} from './types.ts';

/** The clients, OpenSSH first (the default). */
export const CLIENT_PROFILES = [
  openssh,
  opensshWindows,
  putty,
  paramiko,
  goXCrypto,
  nodeSsh2,
  asyncssh,
  jsch,
  sshj,
  libssh,
  libssh2,
  netSsh,
  sshNet,
  minaSshd,
  phpseclib,
  teleportTsh,
] as const;

/** A `client.software` value. */
export type ClientSoftware = (typeof CLIENT_PROFILES)[number]['id'];

export const CLIENT_SOFTWARE: readonly ClientSoftware[] = CLIENT_PROFILES.map((p) => p.id);

export function isClientSoftware(v: unknown): v is ClientSoftware {
  return typeof v === 'string' && (CLIENT_SOFTWARE as readonly string[]).includes(v);
}

export function clientProfile(id: ClientSoftware): ClientProfile {
  return CLIENT_PROFILES.find((p) => p.id === id) ?? openssh;
}

/**
 * What one client prints for one protocol result. For a channel the server confirmed and closed
 * again (a gateway that answers so), only OpenSSH's line is established: no line is claimed for
 * the other clients.
 */
export function clientLines(software: ClientSoftware, result: ProtocolResult, opts: ClientLineOptions = {}): string[] {
  if (result.kind === 'channel-closed') return software === 'openssh' ? [badExtData(result.channel)] : [];
  if (result.kind === 'connection-closed') return software === 'openssh' ? [closedByRemoteHost(result.host)] : [];
  return clientProfile(software).lines(result, opts);
}

/** Servers and gateways that are not OpenSSH or Dropbear. */
const SERVERS = [
  gliderlabsSsh,
  tinyssh,
  nodeSsh2Server,
  asyncsshServer,
  minaSshdServer,
  russhServer,
  upterm,
  sish,
  opensshWindowsServer,
  shellhub,
  teleport,
  jumpserver,
  wallix,
  warpgate,
  coder,
  gitpod,
  devpod,
  awsSsm,
  gcpIap,
  azureBastion,
] as const satisfies readonly ServerProfile[];
export const SERVER_PROFILES: readonly ServerProfile[] = SERVERS;

/** A `server.software` value other than "openssh" and "dropbear": every server and gateway with a profile. */
export type ServerSoftware = (typeof SERVERS)[number]['id'];

export const SERVER_SOFTWARE: readonly ServerSoftware[] = SERVERS.map((p) => p.id);

/** The profile of a server software value, or null for OpenSSH, Dropbear and unknown values. */
export function serverProfile(id: string | undefined): ServerProfile | null {
  return SERVER_PROFILES.find((p) => p.id === id) ?? null;
}

/**
 * Whether sshd_config (and the key's options as OpenSSH reads them) decide for a `server.software`
 * value: OpenSSH, Dropbear's own rules aside, and a profile that is OpenSSH's sshd underneath
 * (Windows'); every other profile answers forwards itself.
 */
export function readsSshdConfig(software: string | undefined): boolean {
  const profile = serverProfile(software);
  return profile ? profile.opensshUnderneath === true : true;
}

/**
 * Whose log shows a refusal for a `server.software` value: OpenSSH's sshd (Windows' too) or
 * Dropbear; the sshd a gateway hands the channel to (its profile's `behind`); or another program,
 * the server itself or one dialling through its own agent, whose own log is not modelled.
 */
export function whoseLog(software: string | undefined): { by: 'sshd' | 'dropbear' } | { by: 'sshd-behind' | 'program'; profile: ServerProfile } {
  if (software === 'dropbear') return { by: 'dropbear' };
  const profile = serverProfile(software);
  if (!profile || profile.opensshUnderneath) return { by: 'sshd' };
  return { by: profile.behind === 'sshd' ? 'sshd-behind' : 'program', profile };
}

export {
  asyncssh,
  asyncsshServer,
  awsSsm,
  azureBastion,
  coder,
  devpod,
  gcpIap,
  gitpod,
  gliderlabsSsh,
  goXCrypto,
  jsch,
  jumpserver,
  libssh,
  libssh2,
  minaSshd,
  minaSshdServer,
  netSsh,
  nodeSsh2,
  nodeSsh2Server,
  openssh,
  opensshWindows,
  opensshWindowsServer,
  paramiko,
  phpseclib,
  putty,
  russhServer,
  shellhub,
  sish,
  sshj,
  sshNet,
  teleport,
  teleportTsh,
  tinyssh,
  upterm,
  vscodeRemoteSsh,
  wallix,
  warpgate,
};
export { goReason, goRejected } from './go-x-crypto.ts';
export { goDialError, goDialMeaning } from './gliderlabs-ssh.ts';
export { asyncioMeaning } from './asyncssh-server.ts';
export { WINDOWS_JUMP, type WindowsJumpRelease, windowsJumpRelease, windowsProxyJumpFailure, windowsProxyJumpRelease } from './openssh-windows.ts';
export { sishRandomPortMessage } from './sish.ts';
export { PARAMIKO_LOG_PREFIX, paramikoReason } from './paramiko.ts';
export { puttyReason } from './putty.ts';

/**
 * The server family whose release rules (version.ts) apply to a `server.software` value: Dropbear's,
 * or OpenSSH's for OpenSSH and for every program with a profile (its own answers come from the
 * profile; a profile that is OpenSSH underneath follows them in full: readsSshdConfig).
 */
export function serverFamily(software: string | undefined): 'openssh' | 'dropbear' {
  return software === 'dropbear' ? 'dropbear' : 'openssh';
}
