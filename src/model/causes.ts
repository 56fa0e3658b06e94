/**
 * The cause catalog as data. Ids are public, stable URLs (`/causes/<id>/`) and the `cause` value a
 * trace or a diagnosis returns: never rename or drop one. Everything the site and the tools say
 * about a cause as a whole (its family, the machine to fix, what backs it, what a myth gets wrong)
 * is here, once.
 */

/** The machine on which the fix is made. */
export type FixOn = 'client' | 'jump-host' | 'ssh-server' | 'name-resolution' | 'target' | 'network';
/** What backs the cause: reproduced here, read in the OpenSSH source, only reported, or a myth. */
export type Evidence = 'observed' | 'source' | 'reported' | 'myth';
/** The family a cause belongs to; it decides where it is listed. */
export type CauseKind = 'policy' | 'resolution' | 'target' | 'resources' | 'look-alike' | 'myth';

interface CatalogEntry {
  /** The public id: the URL `/causes/<id>/` and the `cause` of a trace or a diagnosis. */
  id: string;
  kind: CauseKind;
  fixOn: FixOn;
  evidence: Evidence;
  /** A short name, used in lists and in traces. */
  title: string;
  /** For a myth: what is true instead. */
  truth?: string;
  /**
   * What fixing it on that machine means for this cause, where the machine's own sentence
   * (`FIX_ON_HINT`) would send the reader to the wrong file: shown in the cause page's "Fix on" box.
   */
  fixHint?: string;
}

export const FIX_ON_LABEL: Record<FixOn, string> = {
  client: 'Your machine (the ssh client)',
  'jump-host': 'The jump host (bastion)',
  'ssh-server': 'The SSH server (sshd)',
  'name-resolution': "The server's name resolution (resolver or DNS)",
  target: 'The target service or its host',
  network: 'The network between server and target',
};

/** The machine groups in the order a reader meets them: the closest machine first. */
export const FIX_ON_ORDER: readonly FixOn[] = ['client', 'jump-host', 'ssh-server', 'name-resolution', 'target', 'network'];

/** One sentence per machine: what "fix it there" means. */
export const FIX_ON_HINT: Record<FixOn, string> = {
  client: 'Change the command, ~/.ssh/config or key on the machine where you run ssh.',
  'jump-host': 'Change sshd_config on the bastion your -J or ProxyJump goes through.',
  'ssh-server': 'Change sshd_config, authorized_keys or the account on the machine you log in to.',
  'name-resolution': 'Fix the resolver the SSH server uses: /etc/resolv.conf, its DNS server or the router’s DNS.',
  target: 'Start the service, or make it listen where the server connects.',
  network: 'Open the path between the SSH server and the target: firewalls, security groups, routes.',
};

export const KIND_LABEL: Record<CauseKind, string> = {
  policy: 'Server policy refuses the channel',
  resolution: 'The server cannot resolve the target',
  target: 'The target does not accept',
  resources: 'The server runs out of something',
  'look-alike': 'Look-alikes',
  myth: 'Myths',
};

const CATALOG = [
  { id: 'tcp-forwarding-disabled', kind: 'policy', fixOn: 'ssh-server', evidence: 'observed', title: 'TCP forwarding is disabled on the server' },
  { id: 'jump-host-forwarding-disabled', kind: 'policy', fixOn: 'jump-host', evidence: 'observed', title: 'The jump host refuses forwarding' },
  { id: 'permitopen-mismatch', kind: 'policy', fixOn: 'ssh-server', evidence: 'observed', title: 'PermitOpen does not list the target' },
  { id: 'key-forwarding-restricted', kind: 'policy', fixOn: 'ssh-server', evidence: 'observed', title: 'The key is restricted in authorized_keys' },
  { id: 'key-permitopen-mismatch', kind: 'policy', fixOn: 'ssh-server', evidence: 'observed', title: 'The key’s permitopen does not list the target' },
  { id: 'password-change-required', kind: 'policy', fixOn: 'ssh-server', evidence: 'observed', title: 'The account must change its expired password' },
  { id: 'sftp-only-account', kind: 'policy', fixOn: 'ssh-server', evidence: 'observed', title: 'The account is SFTP-only' },
  { id: 'dropbear-forwarding-disabled', kind: 'policy', fixOn: 'ssh-server', evidence: 'observed', title: 'Dropbear has forwarding turned off' },
  {
    id: 'certificate-forwarding-not-permitted',
    kind: 'policy',
    fixOn: 'ssh-server',
    evidence: 'observed',
    title: 'The user certificate lacks permit-port-forwarding',
  },
  {
    id: 'config-not-reloaded',
    kind: 'policy',
    fixOn: 'ssh-server',
    evidence: 'observed',
    title: 'The fixed sshd_config was never loaded',
    fixHint: 'The file is already right: make the running sshd load it (check it with sshd -t, then reload the service) and reconnect.',
  },
  {
    id: 'ssh-gateway-policy',
    kind: 'policy',
    fixOn: 'ssh-server',
    evidence: 'reported',
    title: 'A gateway product’s own forwarding policy',
    fixHint: 'Change the gateway product’s own policy (its roles, permissions or forwarding switches); it does not read sshd_config.',
  },
  {
    id: 'server-lacks-forwarding',
    kind: 'policy',
    fixOn: 'ssh-server',
    evidence: 'observed',
    title: 'The SSH server software has no forwarding',
    fixHint:
      'The server program has nothing to switch on: upgrade it or give it a forwarding handler if you run it; otherwise tunnel through a server that forwards.',
  },
  {
    id: 'mandatory-access-control',
    kind: 'policy',
    fixOn: 'ssh-server',
    evidence: 'reported',
    title: 'SELinux or AppArmor refuses the connect',
    fixHint:
      'Let sshd connect under SELinux or AppArmor on the server: update the policy, set a boolean or load a local module; sshd_config is not the problem.',
  },
  { id: 'target-name-unresolvable', kind: 'resolution', fixOn: 'client', evidence: 'observed', title: 'The server cannot resolve the target name' },
  {
    id: 'localhost-not-resolvable',
    kind: 'resolution',
    fixOn: 'ssh-server',
    evidence: 'observed',
    title: 'The server’s /etc/hosts has no localhost',
    fixHint: 'Put the standard localhost lines back at the top of the server’s /etc/hosts.',
  },
  { id: 'server-dns-broken', kind: 'resolution', fixOn: 'name-resolution', evidence: 'observed', title: 'The server’s DNS is broken' },
  {
    id: 'dns-rebinding-protection',
    kind: 'resolution',
    fixOn: 'name-resolution',
    evidence: 'reported',
    title: 'DNS rebinding protection hides private addresses',
  },
  { id: 'invalid-ip-literal', kind: 'resolution', fixOn: 'client', evidence: 'observed', title: 'The target is an invalid IP address' },
  { id: 'user-in-forward-spec', kind: 'resolution', fixOn: 'client', evidence: 'observed', title: 'A user@ inside the forward spec' },
  {
    id: 'wrong-host-behind-name',
    kind: 'resolution',
    fixOn: 'client',
    evidence: 'reported',
    title: 'The name lands on another machine',
  },
  { id: 'target-service-down', kind: 'target', fixOn: 'target', evidence: 'observed', title: 'Nothing listens on the target port' },
  { id: 'target-listens-elsewhere', kind: 'target', fixOn: 'target', evidence: 'observed', title: 'The target listens on another address' },
  { id: 'target-firewalled', kind: 'target', fixOn: 'network', evidence: 'observed', title: 'A firewall blocks the target' },
  {
    id: 'target-socket-permission',
    kind: 'target',
    fixOn: 'ssh-server',
    evidence: 'observed',
    title: 'The login user may not open the target socket',
    fixHint: 'Give the login account access to the socket on the server (its group or mode), then log in again.',
  },
  { id: 'session-limit-multiplexing', kind: 'resources', fixOn: 'ssh-server', evidence: 'observed', title: 'MaxSessions reached on a multiplexed connection' },
  {
    id: 'server-out-of-file-descriptors',
    kind: 'resources',
    fixOn: 'ssh-server',
    evidence: 'observed',
    title: 'sshd ran out of file descriptors',
    fixHint: 'Raise the sshd service’s open-file limit (LimitNOFILE) on the server, or find what holds the descriptors.',
  },
  { id: 'tunnel-device-refused', kind: 'resources', fixOn: 'ssh-server', evidence: 'observed', title: 'The -w tunnel device is refused' },
  { id: 'streamlocal-forwarding-disabled', kind: 'resources', fixOn: 'ssh-server', evidence: 'observed', title: 'Unix-socket forwarding is refused' },
  {
    id: 'server-disk-full',
    kind: 'resources',
    fixOn: 'ssh-server',
    evidence: 'observed',
    title: 'The server’s disk is full',
    fixHint: 'Free space and inodes on the server’s filesystem; nothing needs a reload.',
  },
  { id: 'local-port-in-use', kind: 'look-alike', fixOn: 'client', evidence: 'observed', title: 'The local port is already in use' },
  {
    id: 'client-listen-address-unavailable',
    kind: 'look-alike',
    fixOn: 'client',
    evidence: 'observed',
    title: 'The client cannot bind its listen address',
  },
  {
    id: 'client-port-not-permitted',
    kind: 'look-alike',
    fixOn: 'client',
    evidence: 'observed',
    title: 'The client may not use that local port',
  },
  { id: 'remote-forward-refused', kind: 'look-alike', fixOn: 'ssh-server', evidence: 'observed', title: 'The remote (-R) forward is refused' },
  {
    id: 'forwarded-channel-mismatch',
    kind: 'look-alike',
    fixOn: 'ssh-server',
    evidence: 'observed',
    title: 'The server forwards a -R connection the client never asked for',
    fixHint: 'The server or relay must label each forwarded connection with the address and port the client asked for; until then, ask for what it sends.',
  },
  { id: 'auth-failed', kind: 'look-alike', fixOn: 'client', evidence: 'observed', title: 'Authentication failed' },
  { id: 'x11-forwarding-refused', kind: 'look-alike', fixOn: 'ssh-server', evidence: 'observed', title: 'X11 forwarding is refused' },
  {
    id: 'myth-firewall-icmp',
    kind: 'myth',
    fixOn: 'network',
    evidence: 'myth',
    title: 'Myth: it is an ICMP admin-prohibited reject',
    truth:
      'The message is SSH reason code 1, sent by the SSH server inside the encrypted connection. An ICMP “administratively prohibited” reject reaches programs as “No route to host”.',
  },
  {
    id: 'myth-permittunnel',
    kind: 'myth',
    fixOn: 'ssh-server',
    evidence: 'myth',
    title: 'Myth: set PermitTunnel yes',
    truth: 'PermitTunnel only governs -w tun/tap device tunnels. It has no effect on -L, -D or -R port forwarding.',
  },
] as const satisfies readonly CatalogEntry[];

/** Every cause id the catalog has: an id that is not in the catalog does not compile. */
export type CauseId = (typeof CATALOG)[number]['id'];

/** One catalog entry. */
export type CauseInfo = CatalogEntry & { id: CauseId };

/** The catalog in its order (policy first, myths last). */
export const CAUSES: readonly CauseInfo[] = CATALOG;

export const CAUSE_IDS: readonly CauseId[] = CAUSES.map((c) => c.id);

/** Whether a string (a URL segment, a recording's field) is a catalog id. */
export function isCauseId(id: string): id is CauseId {
  return (CAUSE_IDS as readonly string[]).includes(id);
}

export function causeById(id: string): CauseInfo | undefined {
  return CAUSES.find((c) => c.id === id);
}

/** The machine on which a cause is fixed, from the catalog. */
export function fixOnOf(id: CauseId): FixOn {
  return causeById(id)!.fixOn;
}
