/**
 * The channel-open machine: the order in which a real connection meets each check, from the ssh
 * command line to the target service. Every guard and action is named here, so the chart reads as
 * the specification; each guard calls one model function (src/model/decide.ts). The machine has no
 * events: every transition is eventless, so starting the actor runs it to a final state.
 */
import { and, assign, setup, type AnyEventObject, type EventObject } from 'xstate';
import type { ChannelOpenContext, StepParams } from './types.ts';
import type { World, ServerSide } from '../../model/world.ts';
import * as d from '../../model/decide.ts';
import type { Outcome } from '../../model/decide.ts';

const server = (c: ChannelOpenContext): ServerSide => c.world.server;
const jump = (c: ChannelOpenContext): ServerSide => c.world.jump!;

/** The host and port of a direct-tcpip request (empty for other requests). */
const tcpTarget = (w: World) => d.requestedTarget(w, false);

function resolution(c: ChannelOpenContext) {
  return d.resolveTarget(server(c), tcpTarget(c.world).host);
}

function jumpResolution(c: ChannelOpenContext) {
  return d.resolveTarget(jump(c), c.world.serverHost);
}

function connectResult(c: ChannelOpenContext) {
  const { host, port } = tcpTarget(c.world);
  return d.connectTarget(c.world, host, port, resolution(c).addresses);
}

/**
 * Assigns the outcome when a final state is entered. A refused X11 request comes earlier in the
 * connection than any forwarded channel, so its line leads the client's output.
 */
const finish = (make: (c: ChannelOpenContext) => Outcome) =>
  assign<ChannelOpenContext, AnyEventObject, undefined, EventObject, never>({
    outcome: ({ context }) => {
      const o = make(context);
      if (!context.x11Refused || o.cause === 'x11-forwarding-refused') return o;
      return { ...o, clientLines: [...d.x11Refused(context.world).clientLines, ...o.clientLines] };
    },
  });

const streamPath = (w: World) => (w.request.kind === 'direct-streamlocal' ? w.request.path : '');

export const channelOpenMachine = setup({
  types: {
    context: {} as ChannelOpenContext,
    input: {} as World,
    output: {} as Outcome,
  },
  guards: {
    // client
    commandUnusable: ({ context }) => !d.commandUsable(context.world).ok,
    localPortInUse: ({ context }) => d.blockedListener(context.world) !== null,
    hasJumpHost: ({ context }) => context.world.jump !== null,
    // jump host
    jumpSshdWontStart: ({ context }) => !d.sshdStarts(jump(context)).ok,
    jumpRejectsKey: ({ context }) => !d.acceptsKey(jump(context)).ok,
    jumpForbidsForwarding: ({ context }) => !d.tcpPolicy(jump(context)).ok,
    jumpPermitOpenDenies: ({ context }) => !d.permitOpen(jump(context), context.world.serverHost, context.world.serverPort).ok,
    jumpCannotResolveServer: ({ context }) => !jumpResolution(context).ok,
    jumpCannotReachServer: ({ context }) => !d.jumpConnect(context.world).ok,
    // ssh server
    sshdWontStart: ({ context }) => !d.sshdStarts(server(context)).ok,
    serverRejectsKey: ({ context }) => !d.acceptsKey(server(context)).ok,
    isSessionRequest: ({ context }) => context.world.request.kind === 'session',
    isRemoteForward: ({ context }) => context.world.request.kind === 'remote',
    isStreamlocalRequest: ({ context }) => context.world.request.kind === 'direct-streamlocal',
    isTunRequest: ({ context }) => context.world.request.kind === 'tun',
    isTcpRequest: ({ context }) => context.world.request.kind === 'direct-tcpip',
    remoteForwardRefused: ({ context }) => {
      const r = context.world.request;
      if (r.kind !== 'remote') return false;
      return !d.remoteForwardCheck(context.world, r.forward).ok;
    },
    x11Requested: ({ context }) => context.world.x11Requested,
    x11Refused: ({ context }) => !d.x11Policy(server(context)).ok,
    nothingElseRequested: ({ context }) => context.world.request.kind === 'none',
    sessionLimitReached: ({ context }) => !d.sessionAvailable(server(context)).ok,
    // policy for -L / -D / -W
    dropbearForwardingDisabled: ({ context }) => server(context).version.software === 'dropbear' && !d.tcpPolicy(server(context)).ok,
    sftpOnlyAccount: ({ context }) => d.sftpOnlyDenial(server(context)),
    tcpForwardingDisabled: ({ context }) => !d.sshdAllowsLocalTcp(server(context)),
    keyForbidsForwarding: ({ context }) => !server(context).key.portForwarding,
    passwordChangeRequired: ({ context }) => d.passwordChangeRequired(server(context)),
    permitOpenDenies: ({ context }) => !d.adminPermitOpen(server(context), tcpTarget(context.world).host, tcpTarget(context.world).port).ok,
    dropbearPermitOpenDenies: ({ context }) =>
      server(context).version.software === 'dropbear' && !d.keyPermitOpen(server(context), tcpTarget(context.world).host, tcpTarget(context.world).port).ok,
    keyPermitOpenDenies: ({ context }) => !d.keyPermitOpen(server(context), tcpTarget(context.world).host, tcpTarget(context.world).port).ok,
    // resolution and target
    targetUnresolvable: ({ context }) => !resolution(context).ok,
    filesExhausted: ({ context }) => !d.filesAvailable(server(context)).ok,
    targetUnreachable: ({ context }) => !connectResult(context).ok,
    // Unix sockets
    streamlocalDisabled: ({ context }) => !d.streamlocalPolicy(server(context)).ok,
    streamlocalPermitOpenDenies: ({ context }) => !d.streamlocalPermitOpen(server(context)).ok,
    socketMissing: ({ context }) => !d.socketExists(context.world, streamPath(context.world)).ok,
    // -w
    tunnelNotPermitted: ({ context }) => !d.tunnelPolicy(server(context)).ok,
    tunDeviceMissing: ({ context }) => !d.tunDevice(server(context)).ok,
  },
  actions: {
    noteX11Refused: assign({ x11Refused: true }),
    failX11: finish((c) => d.x11Refused(c.world)),
    enterStep: assign({
      visited: ({ context }, params: StepParams) => [...context.visited, params],
    }),
    failCommand: finish((c) => d.clientFailure(d.commandUsable(c.world).detail)),
    failLocalPortInUse: finish((c) => d.localPortInUse(c.world)),
    failJumpSshd: finish(() => ({ ...d.clientFailure(`kex_exchange_identification: Connection closed by remote host`), fixOn: 'jump-host' })),
    failJumpAuth: finish((c) => d.authFailed(c.world, jump(c))),
    rejectJumpForwarding: finish((c) => d.channelFailure(c.world, jump(c), 'tcp-policy', 'jump-host-forwarding-disabled', 'jump-host')),
    rejectJumpPermitOpen: finish((c) => d.channelFailure(c.world, jump(c), 'permit-open', 'jump-host-forwarding-disabled', 'jump-host')),
    rejectJumpResolve: finish((c) => {
      const r = jumpResolution(c);
      const cause = d.resolutionCause(c.world.serverHost, r);
      return d.channelFailure(
        c.world,
        jump(c),
        'resolve',
        cause,
        cause === 'server-dns-broken' || cause === 'dns-rebinding-protection' ? 'name-resolution' : 'client',
        { gaiError: r.error ?? undefined },
      );
    }),
    rejectJumpConnect: finish((c) => {
      const r = d.jumpConnect(c.world);
      return d.channelFailure(c.world, jump(c), 'connect', r.cause ?? 'target-service-down', r.cause === 'target-firewalled' ? 'network' : 'target', {
        connectError: r.error ?? undefined,
      });
    }),
    failSshd: finish((c) => ({
      ...d.clientFailure(`ssh: connect to host ${c.world.serverHost} port ${c.world.serverPort}: Connection refused`),
      fixOn: 'ssh-server',
      serverLog: d.sshdStartupLog(server(c)),
    })),
    failAuth: finish((c) => d.authFailed(c.world, server(c))),
    failRemoteForward: finish((c) => d.remoteForwardRefused(c.world)),
    rejectSessionLimit: finish((c) => d.channelFailure(c.world, server(c), 'session-limit', 'session-limit-multiplexing', 'ssh-server')),
    rejectDropbearForwarding: finish((c) => d.channelFailure(c.world, server(c), 'tcp-policy', 'dropbear-forwarding-disabled', 'ssh-server')),
    rejectSftpOnly: finish((c) => d.channelFailure(c.world, server(c), 'tcp-policy', 'sftp-only-account', 'ssh-server')),
    rejectTcpForwarding: finish((c) => d.channelFailure(c.world, server(c), 'tcp-policy', 'tcp-forwarding-disabled', 'ssh-server')),
    rejectKeyForwarding: finish((c) => d.channelFailure(c.world, server(c), 'tcp-policy', 'key-forwarding-restricted', 'ssh-server')),
    rejectPasswordChange: finish((c) => d.channelFailure(c.world, server(c), 'tcp-policy', 'password-change-required', 'ssh-server')),
    rejectPermitOpen: finish((c) => d.channelFailure(c.world, server(c), 'permit-open', 'permitopen-mismatch', 'ssh-server')),
    rejectKeyPermitOpen: finish((c) => d.channelFailure(c.world, server(c), 'key-permit-open', 'key-permitopen-mismatch', 'ssh-server')),
    rejectUnresolvable: finish((c) => {
      const r = resolution(c);
      const cause = d.resolutionCause(tcpTarget(c.world).host, r);
      const fixOn =
        cause === 'localhost-not-resolvable'
          ? 'ssh-server'
          : cause === 'server-dns-broken' || cause === 'dns-rebinding-protection'
            ? 'name-resolution'
            : cause === 'target-listens-elsewhere'
              ? 'target'
              : 'client';
      return d.channelFailure(c.world, server(c), 'resolve', cause, fixOn, { gaiError: r.error ?? undefined });
    }),
    rejectFilesExhausted: finish((c) => d.channelFailure(c.world, server(c), 'emfile', 'server-out-of-file-descriptors', 'ssh-server')),
    rejectUnreachable: finish((c) => {
      const r = connectResult(c);
      return d.channelFailure(c.world, server(c), 'connect', r.cause ?? 'target-service-down', r.cause === 'target-firewalled' ? 'network' : 'target', {
        connectError: r.error ?? undefined,
      });
    }),
    rejectStreamlocal: finish((c) => d.channelFailure(c.world, server(c), 'streamlocal-policy', 'streamlocal-forwarding-disabled', 'ssh-server')),
    rejectStreamlocalPermitOpen: finish((c) =>
      d.channelFailure(c.world, server(c), 'streamlocal-permit-open', 'streamlocal-forwarding-disabled', 'ssh-server'),
    ),
    rejectSocketMissing: finish((c) => d.channelFailure(c.world, server(c), 'streamlocal-missing', 'streamlocal-forwarding-disabled', 'ssh-server')),
    rejectTunnelPolicy: finish((c) => d.channelFailure(c.world, server(c), 'tun', 'tunnel-device-refused', 'ssh-server')),
    rejectTunDevice: finish((c) => d.channelFailure(c.world, server(c), 'tun', 'tunnel-device-refused', 'ssh-server')),
    openChannel: finish(() => d.opened()),
  },
}).createMachine({
  id: 'channelOpen',
  context: ({ input }) => ({ world: input, visited: [], outcome: null, x11Refused: false }),
  initial: 'parseCommand',
  output: ({ context }) => context.outcome!,
  states: {
    // ---------------------------------------------------------------- your machine
    parseCommand: {
      entry: { type: 'enterStep', params: { id: 'client.parse-command', machine: 'client' } },
      always: [{ guard: 'commandUnusable', target: 'commandInvalid' }, { target: 'readClientConfig' }],
    },
    readClientConfig: {
      entry: { type: 'enterStep', params: { id: 'client.read-config', machine: 'client' } },
      always: { target: 'bindListeners' },
    },
    bindListeners: {
      entry: { type: 'enterStep', params: { id: 'client.bind-listeners', machine: 'client' } },
      always: [{ guard: 'localPortInUse', target: 'localPortInUse' }, { guard: 'hasJumpHost', target: 'jumpStart' }, { target: 'serverStart' }],
    },
    // ---------------------------------------------------------------- jump host (-J / ProxyJump)
    jumpStart: {
      entry: { type: 'enterStep', params: { id: 'jump-host.start', machine: 'jump-host' } },
      always: [{ guard: 'jumpSshdWontStart', target: 'jumpNotRunning' }, { target: 'jumpAuthenticate' }],
    },
    jumpAuthenticate: {
      entry: { type: 'enterStep', params: { id: 'jump-host.authenticate', machine: 'jump-host' } },
      always: [{ guard: 'jumpRejectsKey', target: 'jumpAuthFailed' }, { target: 'jumpPolicy' }],
    },
    jumpPolicy: {
      entry: { type: 'enterStep', params: { id: 'jump-host.policy.allow-tcp-forwarding', machine: 'jump-host' } },
      always: [{ guard: 'jumpForbidsForwarding', target: 'jumpForwardingDisabled' }, { target: 'jumpPermitOpen' }],
    },
    jumpPermitOpen: {
      entry: { type: 'enterStep', params: { id: 'jump-host.policy.permit-open', machine: 'jump-host' } },
      always: [{ guard: 'jumpPermitOpenDenies', target: 'jumpPermitOpenDenied' }, { target: 'jumpResolve' }],
    },
    jumpResolve: {
      entry: { type: 'enterStep', params: { id: 'name-resolution.jump-lookup', machine: 'name-resolution' } },
      always: [{ guard: 'jumpCannotResolveServer', target: 'jumpCannotResolve' }, { target: 'jumpConnect' }],
    },
    jumpConnect: {
      entry: { type: 'enterStep', params: { id: 'jump-host.connect', machine: 'jump-host' } },
      always: [{ guard: 'jumpCannotReachServer', target: 'jumpCannotConnect' }, { target: 'serverStart' }],
    },
    // ---------------------------------------------------------------- SSH server
    serverStart: {
      entry: { type: 'enterStep', params: { id: 'ssh-server.start', machine: 'ssh-server' } },
      always: [{ guard: 'sshdWontStart', target: 'sshdNotRunning' }, { target: 'authenticate' }],
    },
    authenticate: {
      entry: { type: 'enterStep', params: { id: 'ssh-server.authenticate', machine: 'ssh-server' } },
      always: [{ guard: 'serverRejectsKey', target: 'authFailed' }, { guard: 'x11Requested', target: 'x11Policy' }, { target: 'route' }],
    },
    x11Policy: {
      entry: { type: 'enterStep', params: { id: 'ssh-server.policy.x11-forwarding', machine: 'ssh-server' } },
      always: [
        { guard: and(['x11Refused', 'nothingElseRequested']), target: 'x11Refused' },
        { guard: 'x11Refused', target: 'route', actions: 'noteX11Refused' },
        { target: 'route' },
      ],
    },
    route: {
      always: [
        { guard: 'isSessionRequest', target: 'sessionLimit' },
        { guard: 'isRemoteForward', target: 'remoteForward' },
        { guard: 'isStreamlocalRequest', target: 'streamlocalPolicy' },
        { guard: 'isTunRequest', target: 'tunnelPolicy' },
        { guard: 'isTcpRequest', target: 'tcpPolicy' },
        { target: 'open' },
      ],
    },
    sessionLimit: {
      entry: { type: 'enterStep', params: { id: 'ssh-server.session-limit', machine: 'ssh-server' } },
      always: [{ guard: 'sessionLimitReached', target: 'sessionLimitReached' }, { target: 'open' }],
    },
    remoteForward: {
      entry: { type: 'enterStep', params: { id: 'ssh-server.policy.remote-forward', machine: 'ssh-server' } },
      always: [{ guard: 'remoteForwardRefused', target: 'remoteForwardRefused' }, { target: 'open' }],
    },
    tcpPolicy: {
      entry: { type: 'enterStep', params: { id: 'ssh-server.policy.allow-tcp-forwarding', machine: 'ssh-server' } },
      always: [
        { guard: 'dropbearForwardingDisabled', target: 'dropbearForwardingDisabled' },
        { guard: 'sftpOnlyAccount', target: 'sftpOnlyAccount' },
        { guard: 'tcpForwardingDisabled', target: 'tcpForwardingDisabled' },
        { guard: 'keyForbidsForwarding', target: 'keyForwardingRestricted' },
        { guard: 'passwordChangeRequired', target: 'passwordChangeRequired' },
        { target: 'permitOpen' },
      ],
    },
    permitOpen: {
      entry: { type: 'enterStep', params: { id: 'ssh-server.policy.permit-open', machine: 'ssh-server' } },
      always: [
        { guard: 'dropbearPermitOpenDenies', target: 'dropbearForwardingDisabled' },
        { guard: 'permitOpenDenies', target: 'permitOpenMismatch' },
        { guard: 'keyPermitOpenDenies', target: 'keyPermitOpenMismatch' },
        { target: 'resolveTarget' },
      ],
    },
    resolveTarget: {
      entry: { type: 'enterStep', params: { id: 'name-resolution.lookup', machine: 'name-resolution' } },
      always: [{ guard: 'targetUnresolvable', target: 'targetUnresolvable' }, { target: 'openSocket' }],
    },
    openSocket: {
      entry: { type: 'enterStep', params: { id: 'ssh-server.open-socket', machine: 'ssh-server' } },
      always: [{ guard: 'filesExhausted', target: 'filesExhausted' }, { target: 'connectTarget' }],
    },
    connectTarget: {
      entry: { type: 'enterStep', params: { id: 'target.connect', machine: 'target' } },
      always: [{ guard: 'targetUnreachable', target: 'targetUnreachable' }, { target: 'open' }],
    },
    streamlocalPolicy: {
      entry: { type: 'enterStep', params: { id: 'ssh-server.policy.streamlocal', machine: 'ssh-server' } },
      always: [
        { guard: 'streamlocalDisabled', target: 'streamlocalDisabled' },
        { guard: 'streamlocalPermitOpenDenies', target: 'streamlocalPermitOpenDenied' },
        { target: 'connectSocket' },
      ],
    },
    connectSocket: {
      entry: { type: 'enterStep', params: { id: 'target.connect-socket', machine: 'target' } },
      always: [{ guard: 'socketMissing', target: 'socketMissing' }, { target: 'open' }],
    },
    tunnelPolicy: {
      entry: { type: 'enterStep', params: { id: 'ssh-server.policy.permit-tunnel', machine: 'ssh-server' } },
      always: [{ guard: 'tunnelNotPermitted', target: 'tunnelNotPermitted' }, { target: 'tunDevice' }],
    },
    tunDevice: {
      entry: { type: 'enterStep', params: { id: 'ssh-server.tun-device', machine: 'ssh-server' } },
      always: [{ guard: 'tunDeviceMissing', target: 'tunDeviceMissing' }, { target: 'open' }],
    },
    // ---------------------------------------------------------------- final states
    open: { type: 'final', entry: 'openChannel' },
    commandInvalid: { type: 'final', entry: 'failCommand' },
    localPortInUse: { type: 'final', entry: 'failLocalPortInUse' },
    jumpNotRunning: { type: 'final', entry: 'failJumpSshd' },
    jumpAuthFailed: { type: 'final', entry: 'failJumpAuth' },
    jumpForwardingDisabled: { type: 'final', entry: 'rejectJumpForwarding' },
    jumpPermitOpenDenied: { type: 'final', entry: 'rejectJumpPermitOpen' },
    jumpCannotResolve: { type: 'final', entry: 'rejectJumpResolve' },
    jumpCannotConnect: { type: 'final', entry: 'rejectJumpConnect' },
    sshdNotRunning: { type: 'final', entry: 'failSshd' },
    authFailed: { type: 'final', entry: 'failAuth' },
    x11Refused: { type: 'final', entry: 'failX11' },
    remoteForwardRefused: { type: 'final', entry: 'failRemoteForward' },
    sessionLimitReached: { type: 'final', entry: 'rejectSessionLimit' },
    dropbearForwardingDisabled: { type: 'final', entry: 'rejectDropbearForwarding' },
    sftpOnlyAccount: { type: 'final', entry: 'rejectSftpOnly' },
    tcpForwardingDisabled: { type: 'final', entry: 'rejectTcpForwarding' },
    keyForwardingRestricted: { type: 'final', entry: 'rejectKeyForwarding' },
    passwordChangeRequired: { type: 'final', entry: 'rejectPasswordChange' },
    permitOpenMismatch: { type: 'final', entry: 'rejectPermitOpen' },
    keyPermitOpenMismatch: { type: 'final', entry: 'rejectKeyPermitOpen' },
    targetUnresolvable: { type: 'final', entry: 'rejectUnresolvable' },
    filesExhausted: { type: 'final', entry: 'rejectFilesExhausted' },
    targetUnreachable: { type: 'final', entry: 'rejectUnreachable' },
    streamlocalDisabled: { type: 'final', entry: 'rejectStreamlocal' },
    streamlocalPermitOpenDenied: { type: 'final', entry: 'rejectStreamlocalPermitOpen' },
    socketMissing: { type: 'final', entry: 'rejectSocketMissing' },
    tunnelNotPermitted: { type: 'final', entry: 'rejectTunnelPolicy' },
    tunDeviceMissing: { type: 'final', entry: 'rejectTunDevice' },
  },
});

/** Every final state of the machine, for tests that walk the chart. */
export const FINAL_STATES = Object.entries(channelOpenMachine.root.states)
  .filter(([, node]) => node.type === 'final')
  .map(([key]) => key);
