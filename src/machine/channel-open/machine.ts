/**
 * The channel-open machine: the order in which a real connection meets each check, from the ssh
 * command line to the target service. Every guard and action is named here, so the chart reads as
 * the specification. Each state that stands for a step names it (steps.ts); the step's guards ask
 * that step's model check whether it refused, and for which catalog cause, so the sentence the step
 * list shows and the way the machine goes come from one function. The machine has no events: every
 * transition is eventless, so starting the actor runs it to a final state.
 */
import { and, assign, setup, type AnyEventObject, type EventObject } from 'xstate';
import type { ChannelOpenContext, StepParams } from './types.ts';
import type { World } from '../../model/world.ts';
import type { CauseId } from '../../model/causes.ts';
import * as d from '../../model/decide.ts';
import type { Outcome } from '../../model/decide.ts';
import { checkStep, type StepId } from './steps.ts';

type GuardArgs = { context: ChannelOpenContext };

/** The guard "this step's check fails". */
const fails =
  (step: StepId) =>
  ({ context }: GuardArgs) =>
    !checkStep(step, context.world).ok;

/** The guard "this step's check refuses the channel for this cause". */
const refusesFor =
  (step: StepId, cause: CauseId) =>
  ({ context }: GuardArgs) =>
    checkStep(step, context.world).refusal?.cause === cause;

const requestIs =
  (kind: World['request']['kind']) =>
  ({ context }: GuardArgs) =>
    context.world.request.kind === kind;

/** The refusal of the step that decided: the last one entered. */
function decidingRefusal(c: ChannelOpenContext): d.ChannelRefusal {
  const step = c.visited.at(-1)!;
  const refusal = checkStep(step, c.world).refusal;
  if (!refusal) throw new Error(`step ${step} ended the channel-open without a refusal`);
  return refusal;
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

const TCP_POLICY = 'ssh-server.policy.allow-tcp-forwarding';
const PERMIT_OPEN = 'ssh-server.policy.permit-open';

export const channelOpenMachine = setup({
  types: {
    context: {} as ChannelOpenContext,
    input: {} as World,
    output: {} as Outcome,
  },
  guards: {
    // client
    commandUnusable: fails('client.parse-command'),
    listenerCannotBind: fails('client.bind-listeners'),
    hasJumpHost: ({ context }) => context.world.jump !== null,
    // jump host
    jumpSshdWontStart: fails('jump-host.start'),
    jumpRejectsKey: fails('jump-host.authenticate'),
    jumpForbidsForwarding: fails('jump-host.policy.allow-tcp-forwarding'),
    jumpPermitOpenDenies: fails('jump-host.policy.permit-open'),
    jumpCannotResolveServer: fails('name-resolution.jump-lookup'),
    jumpCannotReachServer: fails('jump-host.connect'),
    // ssh server
    sshdWontStart: fails('ssh-server.start'),
    serverRejectsKey: fails('ssh-server.authenticate'),
    isSessionRequest: requestIs('session'),
    isRemoteForward: requestIs('remote'),
    isStreamlocalRequest: requestIs('direct-streamlocal'),
    isTunRequest: requestIs('tun'),
    isTcpRequest: requestIs('direct-tcpip'),
    nothingElseRequested: requestIs('none'),
    remoteForwardRefused: fails('ssh-server.policy.remote-forward'),
    relayRewritesForward: ({ context }) => context.world.server.block.rewritesRemoteForward !== undefined,
    forwardedChannelUnknown: fails('client.accept-forwarded-channel'),
    x11Requested: ({ context }) => context.world.x11Requested,
    x11Refused: fails('ssh-server.policy.x11-forwarding'),
    sessionLimitReached: refusesFor('ssh-server.session-limit', 'session-limit-multiplexing'),
    masterPredatesChange: refusesFor('ssh-server.session-limit', 'config-not-reloaded'),
    // policy for -L / -D / -W
    gatewayRefuses: refusesFor(TCP_POLICY, 'ssh-gateway-policy'),
    softwareLacksForwarding: refusesFor(TCP_POLICY, 'server-lacks-forwarding'),
    tcpConfigNotReloaded: refusesFor(TCP_POLICY, 'config-not-reloaded'),
    hasCertificate: ({ context }) => d.usesCertificate(context.world.server),
    certificateForbidsForwarding: fails('ssh-server.policy.certificate'),
    permitOpenNotReloaded: refusesFor(PERMIT_OPEN, 'config-not-reloaded'),
    dropbearForwardingDisabled: refusesFor(TCP_POLICY, 'dropbear-forwarding-disabled'),
    sftpOnlyAccount: refusesFor(TCP_POLICY, 'sftp-only-account'),
    tcpForwardingDisabled: refusesFor(TCP_POLICY, 'tcp-forwarding-disabled'),
    keyForbidsForwarding: refusesFor(TCP_POLICY, 'key-forwarding-restricted'),
    passwordChangeRequired: refusesFor(TCP_POLICY, 'password-change-required'),
    dropbearPermitOpenDenies: refusesFor(PERMIT_OPEN, 'dropbear-forwarding-disabled'),
    permitOpenDenies: refusesFor(PERMIT_OPEN, 'permitopen-mismatch'),
    keyPermitOpenDenies: refusesFor(PERMIT_OPEN, 'key-permitopen-mismatch'),
    // resolution and target
    targetUnresolvable: fails('name-resolution.lookup'),
    filesExhausted: fails('ssh-server.open-socket'),
    targetUnreachable: fails('target.connect'),
    // Unix sockets
    streamlocalRefused: fails('ssh-server.policy.streamlocal'),
    socketMissing: fails('target.connect-socket'),
    // -w
    tunnelNotPermitted: fails('ssh-server.policy.permit-tunnel'),
    tunDeviceMissing: fails('ssh-server.tun-device'),
  },
  actions: {
    enterStep: assign({
      visited: ({ context }, params: StepParams) => [...context.visited, params.step],
    }),
    noteX11Refused: assign({ x11Refused: true }),
    failX11: finish((c) => d.x11Refused(c.world)),
    failCommand: finish((c) => d.commandRefused(c.world)),
    failListener: finish((c) => d.listenerFailed(c.world)),
    failJumpSshd: finish((c) => d.sshdNotRunning(c.world, c.world.jump!)),
    failJumpAuth: finish((c) => d.authFailed(c.world, c.world.jump!)),
    failSshd: finish((c) => d.sshdNotRunning(c.world, c.world.server)),
    failAuth: finish((c) => d.authFailed(c.world, c.world.server)),
    failRemoteForward: finish((c) => d.remoteForwardRefused(c.world)),
    refuseUnknownForwardedChannel: finish((c) => d.forwardedChannelMismatch(c.world)),
    /** The jump host refuses the channel to the SSH server: what it prints follows from the deciding step's refusal. */
    rejectAtJumpHost: finish((c) => d.channelFailure(c.world, c.world.jump!, decidingRefusal(c))),
    /** The SSH server refuses the channel: what each side prints follows from the deciding step's refusal. */
    rejectAtServer: finish((c) => d.channelFailure(c.world, c.world.server, decidingRefusal(c))),
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
      entry: { type: 'enterStep', params: { step: 'client.parse-command' } },
      always: [{ guard: 'commandUnusable', target: 'commandInvalid' }, { target: 'readClientConfig' }],
    },
    readClientConfig: {
      entry: { type: 'enterStep', params: { step: 'client.read-config' } },
      always: { target: 'bindListeners' },
    },
    bindListeners: {
      entry: { type: 'enterStep', params: { step: 'client.bind-listeners' } },
      always: [{ guard: 'listenerCannotBind', target: 'listenerFailed' }, { guard: 'hasJumpHost', target: 'jumpStart' }, { target: 'serverStart' }],
    },
    // ---------------------------------------------------------------- jump host (-J / ProxyJump)
    jumpStart: {
      entry: { type: 'enterStep', params: { step: 'jump-host.start' } },
      always: [{ guard: 'jumpSshdWontStart', target: 'jumpNotRunning' }, { target: 'jumpAuthenticate' }],
    },
    jumpAuthenticate: {
      entry: { type: 'enterStep', params: { step: 'jump-host.authenticate' } },
      always: [{ guard: 'jumpRejectsKey', target: 'jumpAuthFailed' }, { target: 'jumpPolicy' }],
    },
    jumpPolicy: {
      entry: { type: 'enterStep', params: { step: 'jump-host.policy.allow-tcp-forwarding' } },
      always: [{ guard: 'jumpForbidsForwarding', target: 'jumpForwardingDisabled' }, { target: 'jumpPermitOpen' }],
    },
    jumpPermitOpen: {
      entry: { type: 'enterStep', params: { step: 'jump-host.policy.permit-open' } },
      always: [{ guard: 'jumpPermitOpenDenies', target: 'jumpPermitOpenDenied' }, { target: 'jumpResolve' }],
    },
    jumpResolve: {
      entry: { type: 'enterStep', params: { step: 'name-resolution.jump-lookup' } },
      always: [{ guard: 'jumpCannotResolveServer', target: 'jumpCannotResolve' }, { target: 'jumpConnect' }],
    },
    jumpConnect: {
      entry: { type: 'enterStep', params: { step: 'jump-host.connect' } },
      always: [{ guard: 'jumpCannotReachServer', target: 'jumpCannotConnect' }, { target: 'serverStart' }],
    },
    // ---------------------------------------------------------------- SSH server
    serverStart: {
      entry: { type: 'enterStep', params: { step: 'ssh-server.start' } },
      always: [{ guard: 'sshdWontStart', target: 'sshdNotRunning' }, { target: 'authenticate' }],
    },
    authenticate: {
      entry: { type: 'enterStep', params: { step: 'ssh-server.authenticate' } },
      always: [{ guard: 'serverRejectsKey', target: 'authFailed' }, { guard: 'x11Requested', target: 'x11Policy' }, { target: 'route' }],
    },
    x11Policy: {
      entry: { type: 'enterStep', params: { step: 'ssh-server.policy.x11-forwarding' } },
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
      entry: { type: 'enterStep', params: { step: 'ssh-server.session-limit' } },
      always: [
        { guard: 'sessionLimitReached', target: 'sessionLimitReached' },
        { guard: 'masterPredatesChange', target: 'masterPredatesChange' },
        { target: 'open' },
      ],
    },
    remoteForward: {
      entry: { type: 'enterStep', params: { step: 'ssh-server.policy.remote-forward' } },
      always: [
        { guard: 'remoteForwardRefused', target: 'remoteForwardRefused' },
        { guard: 'relayRewritesForward', target: 'acceptForwardedChannel' },
        { target: 'open' },
      ],
    },
    acceptForwardedChannel: {
      entry: { type: 'enterStep', params: { step: 'client.accept-forwarded-channel' } },
      always: [{ guard: 'forwardedChannelUnknown', target: 'forwardedChannelMismatch' }, { target: 'open' }],
    },
    tcpPolicy: {
      entry: { type: 'enterStep', params: { step: 'ssh-server.policy.allow-tcp-forwarding' } },
      always: [
        { guard: 'softwareLacksForwarding', target: 'serverLacksForwarding' },
        { guard: 'gatewayRefuses', target: 'gatewayPolicy' },
        { guard: 'tcpConfigNotReloaded', target: 'configNotReloaded' },
        { guard: 'dropbearForwardingDisabled', target: 'dropbearForwardingDisabled' },
        { guard: 'sftpOnlyAccount', target: 'sftpOnlyAccount' },
        { guard: 'tcpForwardingDisabled', target: 'tcpForwardingDisabled' },
        { guard: 'keyForbidsForwarding', target: 'keyForwardingRestricted' },
        { guard: 'passwordChangeRequired', target: 'passwordChangeRequired' },
        { guard: 'hasCertificate', target: 'certificatePolicy' },
        { target: 'permitOpen' },
      ],
    },
    certificatePolicy: {
      entry: { type: 'enterStep', params: { step: 'ssh-server.policy.certificate' } },
      always: [{ guard: 'certificateForbidsForwarding', target: 'certificateForwardingNotPermitted' }, { target: 'permitOpen' }],
    },
    permitOpen: {
      entry: { type: 'enterStep', params: { step: 'ssh-server.policy.permit-open' } },
      always: [
        { guard: 'dropbearPermitOpenDenies', target: 'dropbearForwardingDisabled' },
        { guard: 'permitOpenNotReloaded', target: 'configNotReloaded' },
        { guard: 'permitOpenDenies', target: 'permitOpenMismatch' },
        { guard: 'keyPermitOpenDenies', target: 'keyPermitOpenMismatch' },
        { target: 'resolveTarget' },
      ],
    },
    resolveTarget: {
      entry: { type: 'enterStep', params: { step: 'name-resolution.lookup' } },
      always: [{ guard: 'targetUnresolvable', target: 'targetUnresolvable' }, { target: 'openSocket' }],
    },
    openSocket: {
      entry: { type: 'enterStep', params: { step: 'ssh-server.open-socket' } },
      always: [{ guard: 'filesExhausted', target: 'filesExhausted' }, { target: 'connectTarget' }],
    },
    connectTarget: {
      entry: { type: 'enterStep', params: { step: 'target.connect' } },
      always: [{ guard: 'targetUnreachable', target: 'targetUnreachable' }, { target: 'open' }],
    },
    streamlocalPolicy: {
      entry: { type: 'enterStep', params: { step: 'ssh-server.policy.streamlocal' } },
      always: [{ guard: 'streamlocalRefused', target: 'streamlocalRefused' }, { target: 'connectSocket' }],
    },
    connectSocket: {
      entry: { type: 'enterStep', params: { step: 'target.connect-socket' } },
      always: [{ guard: 'socketMissing', target: 'socketMissing' }, { target: 'open' }],
    },
    tunnelPolicy: {
      entry: { type: 'enterStep', params: { step: 'ssh-server.policy.permit-tunnel' } },
      always: [{ guard: 'tunnelNotPermitted', target: 'tunnelNotPermitted' }, { target: 'tunDevice' }],
    },
    tunDevice: {
      entry: { type: 'enterStep', params: { step: 'ssh-server.tun-device' } },
      always: [{ guard: 'tunDeviceMissing', target: 'tunDeviceMissing' }, { target: 'open' }],
    },
    // ---------------------------------------------------------------- final states
    open: { type: 'final', entry: 'openChannel' },
    commandInvalid: { type: 'final', entry: 'failCommand' },
    listenerFailed: { type: 'final', entry: 'failListener' },
    jumpNotRunning: { type: 'final', entry: 'failJumpSshd' },
    jumpAuthFailed: { type: 'final', entry: 'failJumpAuth' },
    jumpForwardingDisabled: { type: 'final', entry: 'rejectAtJumpHost' },
    jumpPermitOpenDenied: { type: 'final', entry: 'rejectAtJumpHost' },
    jumpCannotResolve: { type: 'final', entry: 'rejectAtJumpHost' },
    jumpCannotConnect: { type: 'final', entry: 'rejectAtJumpHost' },
    sshdNotRunning: { type: 'final', entry: 'failSshd' },
    authFailed: { type: 'final', entry: 'failAuth' },
    x11Refused: { type: 'final', entry: 'failX11' },
    remoteForwardRefused: { type: 'final', entry: 'failRemoteForward' },
    sessionLimitReached: { type: 'final', entry: 'rejectAtServer' },
    masterPredatesChange: { type: 'final', entry: 'rejectAtServer' },
    gatewayPolicy: { type: 'final', entry: 'rejectAtServer' },
    serverLacksForwarding: { type: 'final', entry: 'rejectAtServer' },
    forwardedChannelMismatch: { type: 'final', entry: 'refuseUnknownForwardedChannel' },
    configNotReloaded: { type: 'final', entry: 'rejectAtServer' },
    certificateForwardingNotPermitted: { type: 'final', entry: 'rejectAtServer' },
    dropbearForwardingDisabled: { type: 'final', entry: 'rejectAtServer' },
    sftpOnlyAccount: { type: 'final', entry: 'rejectAtServer' },
    tcpForwardingDisabled: { type: 'final', entry: 'rejectAtServer' },
    keyForwardingRestricted: { type: 'final', entry: 'rejectAtServer' },
    passwordChangeRequired: { type: 'final', entry: 'rejectAtServer' },
    permitOpenMismatch: { type: 'final', entry: 'rejectAtServer' },
    keyPermitOpenMismatch: { type: 'final', entry: 'rejectAtServer' },
    targetUnresolvable: { type: 'final', entry: 'rejectAtServer' },
    filesExhausted: { type: 'final', entry: 'rejectAtServer' },
    targetUnreachable: { type: 'final', entry: 'rejectAtServer' },
    streamlocalRefused: { type: 'final', entry: 'rejectAtServer' },
    socketMissing: { type: 'final', entry: 'rejectAtServer' },
    tunnelNotPermitted: { type: 'final', entry: 'rejectAtServer' },
    tunDeviceMissing: { type: 'final', entry: 'rejectAtServer' },
  },
});

/** Every final state of the machine, for tests that walk the chart. */
export const FINAL_STATES = Object.entries(channelOpenMachine.root.states)
  .filter(([, node]) => node.type === 'final')
  .map(([key]) => key);
