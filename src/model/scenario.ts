/**
 * The scenario: everything the model needs to decide one channel-open. It is a public contract
 * (share links, the CLI's input files and the conformance scenarios are written in it): field names
 * here must not be renamed.
 */

import type { ClientSoftware, ServerSoftware } from './software/index.ts';

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
  /**
   * "openssh" or "dropbear" (default "openssh"), or another server program with a profile in
   * software/ ("gliderlabs-ssh", "teleport" …): what it answers a forward comes from its profile,
   * and sshd_config does not apply.
   */
  software?: 'openssh' | 'dropbear' | ServerSoftware;
  /**
   * The release as users see it: "10.5p1", "OpenSSH_9.2p1 Debian-2+deb12u7", "SSH-2.0-OpenSSH_8.9p1
   * Ubuntu-3ubuntu0.10"; Dropbear "2022.83", "dropbear_2020.81". OpenSSH 6.6 … 10.5 are modelled.
   * Default: Debian 12's OpenSSH 9.2p1 package / Dropbear 2022.83. A bare "9.2p1" is the upstream
   * release, which lacks the fixes Debian backported (see version.ts distribution fixes).
   */
  version?: string;
  /** sshd_config text, Match blocks included. Default: empty (sshd's built-in defaults). */
  sshdConfig?: string;
  /**
   * The sshd_config text the server actually runs with, when it differs from `sshdConfig` (the file
   * on disk, which is what `sshd -T` reads): the listener read its configuration when it started or
   * was last sent SIGHUP, and every connection keeps the copy it started with. For a multiplexed
   * session (ControlMaster) this is what the master's connection started with, e.g. a MaxSessions
   * the file has since raised. Default: the same as `sshdConfig`.
   */
  runningSshdConfig?: string;
  /**
   * Set when the login key is an OpenSSH user certificate (signed with `ssh-keygen -s`, Vault,
   * step-ca …): `extensions` lists what it grants, e.g. `["permit-pty"]`. sshd grants a certificate
   * login only what its extensions name, so without `permit-port-forwarding` every forward is
   * refused. Default: a plain key, no certificate.
   */
  certificate?: { extensions: string[] };
  /**
   * Set when the server is not OpenSSH or Dropbear but a gateway product (Tailscale SSH, JumpServer,
   * a bastion appliance) whose own policy refuses port forwarding; `description` is the text it
   * sends with reason code 1: gliderlabs/ssh-based servers send "port forwarding is disabled" (the
   * default), some bastions send "". sshd_config and the key's options are then not consulted.
   */
  gatewayPolicy?: { description?: string };
  /** Dropbear command-line flags as dropbear reads them: -j (no local forwarding), -k (no remote forwarding), -c command (a forced command). */
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
  /**
   * Socket paths among `sockets` that the login user may not open: e.g. /var/run/docker.sock,
   * owned root:docker with mode 0660, and the user not in the docker group. connect() fails with
   * "Permission denied".
   */
  deniedSockets?: string[];
  /**
   * Set when a mandatory access control policy denies sshd's own outbound connects although
   * sshd_config allows the forward: SELinux (Fedora/RHEL: sshd-session's domain lacks name_connect
   * for the target's port type) or AppArmor. connect() fails at once with "Permission denied".
   */
  macDeniesConnect?: 'selinux' | 'apparmor';
  /** The machine's own name, as `hostname` prints it there (where a load-balanced or alias name landed). */
  hostname?: string;
  /**
   * For -R: a relay or gateway that opens the forwarded-tcpip channel for another listen port or
   * address than the one ssh asked for (it rewrites the bind), so ssh does not know the channel.
   */
  rewritesRemoteForward?: { port?: number; address?: string };
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
  /**
   * The ssh(1) release (when `software` is "openssh"), as `ssh -V` prints it or as for server.version ("10.5p1", "OpenSSH_8.4p1").
   * Default: Debian 12's OpenSSH 9.2p1.
   */
  version?: string;
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
   * False when the client machine has no IPv6 loopback address (a container, a cloud shell, IPv6
   * switched off): binding ::1 fails with "Cannot assign requested address", and ssh tries ::1
   * after 127.0.0.1. Default true.
   */
  ipv6?: boolean;
  /**
   * True when ssh may listen on ports below 1024: it runs as root (sudo ssh …), or the system lets
   * anyone (macOS 10.14 and later, Linux with net.ipv4.ip_unprivileged_port_start=0). Default
   * false: such a port is refused ("Permission denied"; before OpenSSH 7.8 ssh refuses it itself).
   */
  root?: boolean;
  /**
   * Which SSH client prints the outcome (a profile in software/: CLIENT_SOFTWARE). Default "openssh". The
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
  /**
   * The machine the service runs on (its `hostname`), when the login name can land on several (an
   * HPC login alias, a round-robin or load-balanced name): a server whose `hostname` differs does
   * not have it.
   */
  onNode?: string;
}

export interface Scenario {
  client: ClientBlock;
  /** The bastion, for -J / ProxyJump. */
  jump?: ServerBlock;
  server?: ServerBlock;
  /** Services the server (or the jump host) can reach. An address with no entry is closed. */
  targets?: TargetService[];
}
