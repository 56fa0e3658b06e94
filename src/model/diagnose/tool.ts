/**
 * The tool a paste came from (VS Code Remote-SSH, PuTTY, a library, a gateway …) and the next step
 * in that tool's own terms. The ids are the "Seen in" pages' ids (content/tools/<id>.mdx at
 * /seen-in/<id>/); what each step says is what that page says, in one sentence.
 */
import type { FixOn } from '../causes.ts';
import { knownAnswersPage } from './server-answers.ts';
import { dialerPage } from './target-errors.ts';
import { WINDOWS_JUMP } from '../software/index.ts';
import type { Obs } from './obs.ts';
import type { ToolId } from './tool-ids.ts';
import type { DiagnosedTool } from './types.ts';

export interface ToolReading extends DiagnosedTool {
  id: ToolId;
}

const TITLES: Record<ToolId, string> = {
  'vscode-remote-ssh': 'VS Code Remote-SSH',
  'putty-winscp': 'PuTTY, plink and WinSCP',
  'ansible-paramiko': 'Ansible, Fabric and other Paramiko users',
  'terraform-go': 'Terraform, Packer and other Go tools',
  autossh: 'autossh',
  'docker-controlmaster': 'Docker contexts and SSH ControlMaster',
  gateways: 'Tailscale SSH, Teleport, JumpServer and other SSH gateways',
  'windows-openssh': 'Windows’ built-in OpenSSH',
  'database-guis': 'Database tools and JVM SSH libraries',
  'libssh-terminals': 'libssh and libssh2 terminals',
  'cloud-access': 'AWS SSM, Google Cloud IAP and Azure Bastion',
};

const LIBRARY =
  'runs on the machine where you start it and is the SSH client here: the SSH server it connects to (or its bastion) refused the channel, so that server must allow it';

/**
 * The next step in the tool's terms, given the leading cause and the machine it is fixed on;
 * `windowsJump`: Windows' ssh 7.6/7.7 could not start the ssh it runs for -J (software/openssh-windows.ts).
 */
function stepFor(id: ToolId, lead: Lead, windowsJump: boolean): string {
  const fixOn = lead?.fixOn ?? null;
  const onServer = fixOn === 'ssh-server' || fixOn === 'jump-host';
  switch (id) {
    case 'vscode-remote-ssh':
      return onServer
        ? 'Remote-SSH needs the SSH server to allow local forwarding (no remote.SSH setting avoids it, not even remote.SSH.enableDynamicForwarding: false): on the remote host set AllowTcpForwarding yes (or local) in /etc/ssh/sshd_config or a Match block for your user, reload sshd and connect again (Remote-SSH: Show Log shows what ssh printed).'
        : 'Run Remote-SSH: Show Log from the command palette and read the lines just before the failure; the settings in effect are printed at its top.';
    case 'putty-winscp':
      return onServer
        ? 'The refusal is the SSH server’s policy: change it there. The tunnel itself is set in PuTTY under Connection > SSH > Tunnels (plink: -L, -nc).'
        : 'Check the tunnel’s destination in PuTTY under Connection > SSH > Tunnels (plink: -L, -nc): the server connects to exactly that host:port.';
    case 'ansible-paramiko':
      return `Paramiko ${LIBRARY}; turn on the paramiko.transport logger to see the server’s description.`;
    case 'terraform-go':
      return `The Go code (x/crypto/ssh) ${LIBRARY}; run the same hop with ssh -v -W target:port user@server to see the server’s side.`;
    case 'autossh':
      return 'autossh only restarts ssh: fix what ssh reports (with -R, the server refused the listener), and add ExitOnForwardFailure yes so autossh sees the failure.';
    case 'docker-controlmaster':
      return 'Docker over ssh:// opens one session per connection through a shared ControlMaster: raise MaxSessions on the server (and restart the master, ssh -O exit), or turn multiplexing off for that host.';
    case 'gateways':
      if (lead?.id === 'ssh-gateway-policy')
        return 'The gateway product decides, not an sshd_config: allow port forwarding in its own policy (the page below names each product’s setting).';
      if (lead?.id === 'server-lacks-forwarding')
        return 'The server program has no forwarding for this channel, and no setting turns it on: the page below says what each program does instead.';
      return 'The gateway passed on what the machine behind it answered: the fix is on the machine the cause names, and its log says more than the gateway does.';
    case 'windows-openssh':
      if (onServer)
        return 'The refusal is the SSH server’s policy: change it there. On a Windows server its config is %ProgramData%\\ssh\\sshd_config (Restart-Service sshd after a change).';
      return windowsJump
        ? `Windows’ ssh.exe 7.6 and 7.7 cannot start the ssh that -J/ProxyJump runs: ${WINDOWS_JUMP.wayOut}.`
        : 'Windows’ ssh.exe before 7.9 refuses any local port below 1024, even for an Administrator: pick a port above 1024, or update OpenSSH for Windows.';
    case 'database-guis':
      return `The database tool’s SSH library ${LIBRARY}. JSch hides the server’s reason: run ssh -v -N -L localPort:dbhost:port user@server from the same machine with the same key to see it, and remember that the database host is resolved by the SSH server.`;
    case 'libssh-terminals':
      return `The terminal’s SSH library ${LIBRARY}. libssh2 drops the server’s description: run ssh -v -N -L localPort:host:port user@server to see it.`;
    case 'cloud-access':
      return 'The cloud access layer answered, not an sshd: fix what its line names (the instance’s port and firewall for SSM and IAP 4003, IAM for IAP 4033, the instance name and zone for 4047).';
  }
}

/** The leading cause, as the next step reads it. */
type Lead = { id: string; fixOn: FixOn } | null;

/** Which tool the observations show: a client application wins over the gateway it went through. */
export function toolOf(obs: readonly Obs[], lead: Lead): ToolReading | null {
  let gateway: Obs | null = null;
  const windowsJump = obs.some((o) => o.k === 'windows-jump-failed');
  for (const o of obs) {
    // a gateway's own description in ssh's line (gliderlabs/ssh: Tailscale SSH, JumpServer; upterm, ShellHub)
    if (o.k === 'open-failed' && o.d.desc && knownAnswersPage(o.d.reason, o.d.desc) === 'gateways') gateway ??= o;
    // a failed dial in the words of a gateway or workspace server (Go's, ShellHub's, JumpServer's)
    if (o.k === 'open-failed' && o.d.said && dialerPage(o.d.said) === 'gateways') gateway ??= o;
    if (o.k !== 'tool-line' || o.d.tool === null) continue;
    if (o.d.tool === 'gateways') {
      gateway ??= o;
      continue;
    }
    return reading(o.d.tool, o.line, lead, windowsJump);
  }
  return gateway ? reading('gateways', gateway.line, lead, false) : null;
}

function reading(id: ToolId, line: number, lead: Lead, windowsJump: boolean): ToolReading {
  return { id, title: TITLES[id], href: `/seen-in/${id}/`, line, nextStep: stepFor(id, lead, windowsJump) };
}
