/**
 * The scenario: everything the model needs to decide one channel-open. It is a public contract
 * (share links, the CLI's input files and the conformance scenarios are written in it): field names
 * here must not be renamed.
 */

import type { ClientSoftware } from './clients.ts';

/** Where the server's resolver finds a name. */
export interface DnsSettings {
  /** Names the DNS server answers, with their addresses. */
  records?: Record<string, string[]>;
  /** False when the configured DNS server cannot be reached ("Temporary failure in name resolution"). */
  reachable?: boolean;
  /** True when the resolver drops answers that point at private addresses (pfSense, home routers). */
  rebindingProtection?: boolean;
}

export interface ServerBlock {
  /** "openssh" or "dropbear". Default "openssh". */
  software?: 'openssh' | 'dropbear';
  /** OpenSSH "6.6" … "10.2" (a "p1" suffix is accepted); Dropbear "2022.83" …. Default "9.2" / "2022.83". */
  version?: string;
  /** sshd_config text, Match blocks included. Default: empty (sshd's built-in defaults). */
  sshdConfig?: string;
  /** Dropbear command-line flags, e.g. "-j -k". */
  dropbearOptions?: string;
  /** Options on the authorized_keys line of the key that logs in, e.g. `restrict,port-forwarding`. */
  authorizedKeysOptions?: string;
  /** The account that logs in; defaults to the user in the command (or the client's config). */
  user?: string;
  /** That account's groups, for Match Group. */
  groups?: string[];
  /** True when the account's password has expired and must be changed. */
  passwordExpired?: boolean;
  /** False when the server does not accept the client's key ("Permission denied"). Default true. */
  acceptsKey?: boolean;
  /** The server's /etc/hosts. Default: `127.0.0.1 localhost` and `::1 localhost`. */
  hosts?: string;
  /** The server's /etc/resolv.conf. */
  resolvConf?: string;
  dns?: DnsSettings;
  /** True when the sshd session process has hit its open-file limit. */
  openFilesExhausted?: boolean;
  /** Sessions already open on the multiplexed (ControlMaster) connection. */
  openSessions?: number;
  /** False when the server has no /dev/net/tun (containers, LXC). Default true. */
  tunDevice?: boolean;
  /** Unix socket paths that exist on the server: targets of -L …:/path, or in the way of -R /path:…. */
  sockets?: string[];
  /** Ports already bound on the server, for -R. */
  portsInUse?: number[];
  /**
   * True when the server's filesystems have no free block and no free inode. sshd then cannot create
   * the socket file of a -R from a Unix socket path; TCP forwards and sessions are unaffected.
   */
  diskFull?: boolean;
  /** The name or address the jump host uses for this server; for a jump block, ignored. */
  address?: string;
}

export interface ClientBlock {
  /** The command as typed; parsed as ssh(1) parses it. Required. */
  command: string;
  /** The client's ~/.ssh/config. */
  sshConfig?: string;
  /** The client's /etc/hosts. */
  hosts?: string;
  /** The client's address as the server sees it. Default "127.0.0.1". */
  address?: string;
  /** Which forward receives a connection, and (for -D) what the SOCKS client asks for. */
  connect?: { forward?: number; host?: string; port?: number };
  /** Local ports already taken on the client (bind fails). */
  portsInUse?: number[];
  /**
   * Which SSH client prints the outcome (clients.ts CLIENT_SOFTWARE). Default "openssh". The
   * command is still written as ssh(1) would take it; only what the client prints changes:
   * - "openssh": OpenSSH's ssh (the lines messages.ts models);
   * - "putty": PuTTY, plink and WinSCP (their Event Log lines, as plink -v prints them);
   * - "paramiko": Python's Paramiko (Ansible, Fabric): its log line and exception;
   * - "go-x-crypto": Go's golang.org/x/crypto/ssh (Terraform, Packer): its error;
   * - "node-ssh2": Node's ssh2 (tunnel-ssh, node-ssh): its error message.
   */
  software?: ClientSoftware;
}

export type TargetState = 'listening' | 'closed' | 'filtered' | 'rejected';

export interface TargetService {
  /** An address or a name as the server sees it. */
  host: string;
  port: number;
  /** listening; closed (RST: "Connection refused"); filtered (drops: "Connection timed out"); rejected (ICMP: "No route to host"). */
  state: TargetState;
}

export interface Scenario {
  client: ClientBlock;
  /** The bastion, for -J / ProxyJump. */
  jump?: ServerBlock;
  server?: ServerBlock;
  /** Services the server (or the jump host) can reach. An address with no entry is closed. */
  targets?: TargetService[];
}
