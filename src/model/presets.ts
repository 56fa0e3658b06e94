import type { Scenario } from './scenario.ts';
import type { CauseId } from './causes.ts';
import { gliderlabsSsh } from './software/index.ts';

/**
 * Ready-made scenarios: one per cause the model can reach, plus a working tunnel. Keyed by cause id
 * (or `working-tunnel`); every cause page links to `/simulator/<id>/` (built with the preset) when its id is here,
 * and test/model/presets.test.ts checks that each preset reaches its own cause.
 */
export interface Preset {
  title: string;
  scenario: Scenario;
}

const DB: Scenario['targets'] = [{ host: '10.0.0.9', port: 5432, state: 'listening' }];
const DB_HOSTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.0.0.9\tdb.internal\n';
const WEB: Scenario['targets'] = [{ host: '127.0.0.1', port: 8080, state: 'listening' }];

export const PRESETS: Record<string, Preset> = {
  'working-tunnel': {
    title: 'A working tunnel',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example' },
      server: { software: 'openssh', version: '9.2', hosts: DB_HOSTS },
      targets: DB,
    },
  },
  'tcp-forwarding-disabled': {
    title: 'AllowTcpForwarding no in sshd_config',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example' },
      server: { software: 'openssh', version: '9.2', sshdConfig: 'PasswordAuthentication no\nAllowTcpForwarding no\n', hosts: DB_HOSTS },
      targets: DB,
    },
  },
  'jump-host-forwarding-disabled': {
    title: 'ProxyJump through a bastion that forbids forwarding',
    scenario: {
      client: { command: 'ssh -J alice@bastion.example alice@internal.example' },
      jump: { software: 'openssh', version: '9.2', sshdConfig: 'AllowTcpForwarding no\n', hosts: '127.0.0.1\tlocalhost\n10.0.0.20\tinternal.example\n' },
      server: { software: 'openssh', version: '9.2' },
    },
  },
  'permitopen-mismatch': {
    title: 'PermitOpen lists 127.0.0.1, the tunnel asks for localhost',
    scenario: {
      client: { command: 'ssh -N -L 8080:localhost:8080 alice@server.example', address: '198.51.100.23' },
      server: { software: 'openssh', version: '9.2', sshdConfig: 'PermitOpen 127.0.0.1:8080\n' },
      targets: WEB,
    },
  },
  'key-forwarding-restricted': {
    title: 'The key is marked restrict in authorized_keys',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example' },
      server: { software: 'openssh', version: '9.2', authorizedKeysOptions: 'restrict', hosts: DB_HOSTS },
      targets: DB,
    },
  },
  'key-permitopen-mismatch': {
    title: 'autossh monitoring port not in the key’s permitopen',
    scenario: {
      client: { command: 'ssh -N -L 8080:localhost:8080 alice@server.example', address: '198.51.100.23' },
      server: { software: 'openssh', version: '9.2', authorizedKeysOptions: 'permitopen="localhost:5432"' },
      targets: WEB,
    },
  },
  'password-change-required': {
    title: 'The account’s password has expired',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example' },
      server: { software: 'openssh', version: '9.2', passwordExpired: true, hosts: DB_HOSTS },
      targets: DB,
    },
  },
  'sftp-only-account': {
    title: 'An SFTP-only Match Group block',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example' },
      server: {
        software: 'openssh',
        version: '9.2',
        groups: ['sftponly'],
        sshdConfig: 'Subsystem sftp internal-sftp\n\nMatch Group sftponly\n    ForceCommand internal-sftp\n    AllowTcpForwarding no\n    X11Forwarding no\n',
        hosts: DB_HOSTS,
      },
      targets: DB,
    },
  },
  'dropbear-forwarding-disabled': {
    title: 'A router’s Dropbear started with -j',
    scenario: {
      client: { command: 'ssh -N -L 8080:192.168.1.10:80 root@router.example' },
      server: { software: 'dropbear', version: '2022.83', dropbearOptions: '-j' },
      targets: [{ host: '192.168.1.10', port: 80, state: 'listening' }],
    },
  },
  'target-name-unresolvable': {
    title: 'A name only your machine knows',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example', hosts: '127.0.0.1 localhost\n10.0.0.9 db.internal\n' },
      server: { software: 'openssh', version: '9.2' },
      targets: DB,
    },
  },
  'localhost-not-resolvable': {
    title: 'The server’s /etc/hosts has no localhost',
    scenario: {
      client: { command: 'ssh -N -L 8080:localhost:8080 alice@server.example' },
      server: { software: 'openssh', version: '9.2', hosts: '127.0.1.1\tserver.example server\n' },
      targets: WEB,
    },
  },
  'server-dns-broken': {
    title: 'The server’s DNS server does not answer',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example' },
      server: { software: 'openssh', version: '9.2', resolvConf: 'nameserver 10.0.0.2\n', dns: { reachable: false, records: { 'db.internal': ['10.0.0.9'] } } },
      targets: DB,
    },
  },
  'dns-rebinding-protection': {
    title: 'A router drops DNS answers with private addresses',
    scenario: {
      client: { command: 'ssh -N -L 8080:nas.example.net:443 alice@server.example' },
      server: {
        software: 'openssh',
        version: '9.2',
        resolvConf: 'nameserver 192.168.1.1\n',
        dns: { records: { 'nas.example.net': ['192.168.1.20'] }, rebindingProtection: true },
      },
      targets: [{ host: '192.168.1.20', port: 443, state: 'listening' }],
    },
  },
  'invalid-ip-literal': {
    title: 'An address with a leading zero: 192.168.1.08',
    scenario: {
      client: { command: 'ssh -N -L 8080:192.168.1.08:80 alice@server.example' },
      server: { software: 'openssh', version: '9.2' },
      targets: [{ host: '192.168.1.8', port: 80, state: 'listening' }],
    },
  },
  'user-in-forward-spec': {
    title: 'user@host inside the -L spec',
    scenario: {
      client: { command: 'ssh -N -L 5678:alice@db.internal:5432 alice@server.example' },
      server: { software: 'openssh', version: '9.2', hosts: DB_HOSTS },
      targets: DB,
    },
  },
  'target-service-down': {
    title: 'Nothing listens on the target port',
    scenario: {
      client: { command: 'ssh -N -L 8080:localhost:8080 alice@server.example' },
      server: { software: 'openssh', version: '9.2' },
      targets: [{ host: '127.0.0.1', port: 8080, state: 'closed' }],
    },
  },
  'target-listens-elsewhere': {
    title: 'The service listens on ::1, the tunnel asks for 127.0.0.1',
    scenario: {
      client: { command: 'ssh -N -L 8080:127.0.0.1:8080 alice@server.example' },
      server: { software: 'openssh', version: '9.2' },
      targets: [{ host: '::1', port: 8080, state: 'listening' }],
    },
  },
  'target-firewalled': {
    title: 'A firewall drops the server’s connection to the target',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example' },
      server: { software: 'openssh', version: '9.2', hosts: DB_HOSTS },
      targets: [{ host: '10.0.0.9', port: 5432, state: 'filtered' }],
    },
  },
  'session-limit-multiplexing': {
    title: 'MaxSessions 1 on a ControlMaster connection',
    scenario: {
      client: { command: 'ssh -S ~/.ssh/ctl-%C -o ControlMaster=auto alice@server.example' },
      server: { software: 'openssh', version: '9.2', sshdConfig: 'MaxSessions 1\n', openSessions: 1 },
    },
  },
  'config-not-reloaded': {
    title: 'AllowTcpForwarding fixed in sshd_config, sshd not reloaded',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example' },
      server: {
        software: 'openssh',
        version: '9.2',
        sshdConfig: 'PasswordAuthentication no\nAllowTcpForwarding yes\n',
        runningSshdConfig: 'PasswordAuthentication no\nAllowTcpForwarding no\n',
        hosts: DB_HOSTS,
      },
      targets: DB,
    },
  },
  'certificate-forwarding-not-permitted': {
    title: 'A user certificate signed with -O clear -O permit-pty',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example' },
      server: {
        software: 'openssh',
        version: '9.2',
        sshdConfig: 'TrustedUserCAKeys /etc/ssh/user_ca.pub\n',
        certificate: { extensions: ['permit-pty'] },
        hosts: DB_HOSTS,
      },
      targets: DB,
    },
  },
  'ssh-gateway-policy': {
    title: 'A gliderlabs/ssh-based gateway (Tailscale SSH, JumpServer) with forwarding off',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@gateway.example' },
      server: { gatewayPolicy: { description: gliderlabsSsh.words.forwardingDisabled }, hosts: DB_HOSTS },
      targets: DB,
    },
  },
  'server-out-of-file-descriptors': {
    title: 'A long-running -D proxy runs sshd out of file descriptors',
    scenario: {
      client: { command: 'ssh -N -D 1080 alice@server.example', connect: { forward: 0, host: '10.0.0.9', port: 443 } },
      server: { software: 'openssh', version: '9.2', openFilesExhausted: true },
      targets: [{ host: '10.0.0.9', port: 443, state: 'listening' }],
    },
  },
  'tunnel-device-refused': {
    title: '-w with PermitTunnel no',
    scenario: {
      client: { command: 'ssh -N -w 0:0 root@server.example' },
      server: { software: 'openssh', version: '9.2' },
    },
  },
  'streamlocal-forwarding-disabled': {
    title: 'A Unix-socket forward with AllowStreamLocalForwarding no',
    scenario: {
      client: { command: 'ssh -N -L 8080:/run/app.sock alice@server.example' },
      server: { software: 'openssh', version: '9.2', sshdConfig: 'AllowStreamLocalForwarding no\n', sockets: ['/run/app.sock'] },
    },
  },
  'local-port-in-use': {
    title: 'The local port is already taken',
    scenario: {
      client: { command: 'ssh -N -L 8080:localhost:8080 alice@server.example', portsInUse: [8080] },
      server: { software: 'openssh', version: '9.2' },
      targets: WEB,
    },
  },
  'server-lacks-forwarding': {
    title: 'A Go server (gliderlabs/ssh) with no forwarding handler',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@devbox.example' },
      server: { software: 'gliderlabs-ssh', hosts: DB_HOSTS },
      targets: DB,
    },
  },
  'target-socket-permission': {
    title: 'A forward to docker.sock by a user outside the docker group',
    scenario: {
      client: { command: 'ssh -N -L 2375:/var/run/docker.sock alice@server.example' },
      server: { software: 'openssh', version: '9.2', sockets: ['/var/run/docker.sock'], deniedSockets: ['/var/run/docker.sock'] },
    },
  },
  'mandatory-access-control': {
    title: 'SELinux denies sshd the connect to the database port',
    scenario: {
      client: { command: 'ssh -N -L 5432:localhost:5432 alice@server.example' },
      server: { software: 'openssh', version: '10.0p1', macDeniesConnect: 'selinux' },
      targets: [{ host: '127.0.0.1', port: 5432, state: 'listening' }],
    },
  },
  'wrong-host-behind-name': {
    title: 'A login alias that lands on another node than the one running Jupyter',
    scenario: {
      client: { command: 'ssh -N -L 8888:localhost:8888 alice@login.cluster.example' },
      server: { software: 'openssh', version: '9.2', hostname: 'login02' },
      targets: [{ host: '127.0.0.1', port: 8888, state: 'listening', onNode: 'login01' }],
    },
  },
  'forwarded-channel-mismatch': {
    title: 'A tunnel relay that names another address for the -R it forwards',
    scenario: {
      client: { command: 'ssh -N -R 8080:localhost:3000 alice@relay.example' },
      server: { software: 'openssh', version: '9.2', rewritesRemoteForward: { address: '127.0.0.1' } },
    },
  },
  'client-listen-address-unavailable': {
    title: 'A forward bound to ::1 on a machine without IPv6 loopback',
    scenario: {
      client: { command: 'ssh -N -L [::1]:8089:localhost:8080 alice@server.example', ipv6: false },
      server: { software: 'openssh', version: '9.2' },
      targets: WEB,
    },
  },
  'client-port-not-permitted': {
    title: 'A local port below 1024 without root',
    scenario: {
      client: { command: 'ssh -N -L 443:localhost:8443 alice@server.example' },
      server: { software: 'openssh', version: '9.2' },
      targets: [{ host: '127.0.0.1', port: 8443, state: 'listening' }],
    },
  },
  'remote-forward-refused': {
    title: '-R with AllowTcpForwarding local',
    scenario: {
      client: { command: 'ssh -N -R 8080:localhost:80 alice@server.example' },
      server: { software: 'openssh', version: '9.2', sshdConfig: 'AllowTcpForwarding local\n' },
    },
  },
  'server-disk-full': {
    title: 'A socket -R on a server whose disk is full',
    scenario: {
      client: { command: 'ssh -N -R /tmp/app.sock:localhost:8080 alice@server.example' },
      server: { software: 'openssh', version: '9.2', diskFull: true },
    },
  },
  'myth-permittunnel': {
    title: 'Myth: PermitTunnel yes does not re-enable -L',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example' },
      server: { software: 'openssh', version: '9.2', sshdConfig: 'PermitTunnel yes\nAllowTcpForwarding no\n', hosts: DB_HOSTS },
      targets: DB,
    },
  },
  'myth-firewall-icmp': {
    title: 'Myth: an ICMP reject looks like “No route to host”, not “administratively prohibited”',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@server.example' },
      server: { software: 'openssh', version: '9.2', hosts: DB_HOSTS },
      targets: [{ host: '10.0.0.9', port: 5432, state: 'rejected' }],
    },
  },
  'x11-forwarding-refused': {
    title: 'ssh -X to a server with X11Forwarding no',
    scenario: {
      client: { command: 'ssh -X alice@server.example' },
      server: { software: 'openssh', version: '9.2', sshdConfig: 'X11Forwarding no\n' },
    },
  },
  'auth-failed': {
    title: 'The server does not accept your key',
    scenario: {
      client: { command: 'ssh -N -L 8080:localhost:8080 alice@server.example' },
      server: { software: 'openssh', version: '9.2', acceptsKey: false },
      targets: WEB,
    },
  },
};

/**
 * Further scenarios that reach the same causes by another path through the machine (a different
 * final state or check). The model-based test walks them with PRESETS (allPresets()); the simulator's
 * preset list and the cause pages offer only PRESETS, so these are not in the page's JavaScript.
 */
export const VARIANT_PRESETS: Record<string, Preset & { cause: CauseId }> = {
  'controlpersist-master-predates-maxsessions': {
    title: 'MaxSessions raised to 10, but the ControlPersist master still has 1',
    cause: 'config-not-reloaded',
    scenario: {
      client: { command: 'ssh -S ~/.ssh/ctl-%C -o ControlMaster=auto alice@server.example' },
      server: { software: 'openssh', version: '9.2', sshdConfig: 'MaxSessions 10\n', runningSshdConfig: 'MaxSessions 1\n', openSessions: 1 },
    },
  },
  'gateway-empty-description': {
    title: 'A bastion that refuses forwarding with an empty description',
    cause: 'ssh-gateway-policy',
    scenario: {
      client: { command: 'ssh -N -L 8080:db.internal:5432 alice@bastion.example' },
      server: { gatewayPolicy: { description: '' }, hosts: DB_HOSTS },
      targets: DB,
    },
  },
  'jump-host-permitopen': {
    title: 'A bastion whose PermitOpen does not list the server',
    cause: 'jump-host-forwarding-disabled',
    scenario: {
      client: { command: 'ssh -J bob@bastion.example alice@internal.example' },
      jump: { sshdConfig: 'PermitOpen db.internal:5432\n', hosts: '127.0.0.1\tlocalhost\n10.0.0.20\tinternal.example\n' },
    },
  },
  'jump-host-cannot-resolve': {
    title: 'The bastion cannot resolve the server’s name',
    cause: 'target-name-unresolvable',
    scenario: {
      client: { command: 'ssh -J bob@bastion.example alice@internal.example' },
      jump: {},
    },
  },
  'jump-host-server-down': {
    title: 'Nothing listens on the server’s SSH port behind the bastion',
    cause: 'target-service-down',
    scenario: {
      client: { command: 'ssh -J bob@bastion.example -p 2222 alice@internal.example' },
      jump: { hosts: '127.0.0.1\tlocalhost\n10.0.0.20\tinternal.example\n' },
      targets: [{ host: '10.0.0.20', port: 2222, state: 'closed' }],
    },
  },
  'jump-host-key-refused': {
    title: 'The bastion does not accept your key',
    cause: 'auth-failed',
    scenario: {
      client: { command: 'ssh -J bob@bastion.example alice@internal.example' },
      jump: { acceptsKey: false, hosts: '127.0.0.1\tlocalhost\n10.0.0.20\tinternal.example\n' },
    },
  },
  'streamlocal-permitopen': {
    title: 'A PermitOpen list also refuses Unix-socket forwards',
    cause: 'streamlocal-forwarding-disabled',
    scenario: {
      client: { command: 'ssh -N -L 8080:/run/app.sock alice@server.example' },
      server: { sshdConfig: 'PermitOpen localhost:8080\n', sockets: ['/run/app.sock'] },
    },
  },
  'streamlocal-socket-missing': {
    title: 'The Unix socket does not exist on the server',
    cause: 'streamlocal-forwarding-disabled',
    scenario: {
      client: { command: 'ssh -N -L 8080:/run/app.sock alice@server.example' },
      server: { sockets: [] },
    },
  },
  'remote-socket-left-behind': {
    title: 'gpg-agent forwarding: a socket left by an earlier session blocks -R',
    cause: 'remote-forward-refused',
    scenario: {
      client: { command: 'ssh -N -R /run/user/1000/gnupg/S.gpg-agent:/home/alice/.gnupg/S.gpg-agent.extra alice@server.example' },
      server: { sockets: ['/run/user/1000/gnupg/S.gpg-agent'] },
    },
  },
  'tunnel-no-tun-device': {
    title: '-w on a server without /dev/net/tun',
    cause: 'tunnel-device-refused',
    scenario: {
      client: { command: 'ssh -N -w 0:0 root@server.example' },
      server: { sshdConfig: 'PermitTunnel yes\n', tunDevice: false },
    },
  },
  'key-permitopen-dropbear': {
    title: 'Dropbear and a key whose permitopen does not list the target',
    cause: 'dropbear-forwarding-disabled',
    scenario: {
      client: { command: 'ssh -N -L 8080:localhost:80 root@router.example' },
      server: { software: 'dropbear', version: '2022.83', authorizedKeysOptions: 'permitopen="localhost:22"' },
      targets: [{ host: '127.0.0.1', port: 80, state: 'listening' }],
    },
  },
};

/** Every preset, main and variant, by id. */
export function allPresets(): Record<string, Preset> {
  return { ...PRESETS, ...VARIANT_PRESETS };
}

export function hasPreset(id: string): boolean {
  return Object.hasOwn(PRESETS, id);
}
