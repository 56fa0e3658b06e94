/**
 * The shape of a program profile: one module per SSH program (a client, a server or gateway, or a
 * tool that wraps another program) declares what it prints for each protocol result and how to
 * recognise it. The simulator prints through profiles, and the diagnoser's recognisers are built
 * from the same lines (diagnose/read-tools.ts), so a wording is typed once, in its profile. Each
 * module also exports `<name>Backing`, where each wording comes from (a recording made here or a
 * cited source line), a client that hides the server's answer `<name>Reveal`, the one command
 * that shows it, and a gateway `<name>Signals`, its own lines and what they mean: kept out of the
 * profile so the simulator's bundle does not carry them (annotations.ts gathers them).
 */
import type { CauseId } from '../causes.ts';
import type { ReasonCode } from '../messages.ts';

/** What the server answered, as the model computed it. */
export type ProtocolResult =
  | {
      kind: 'channel-refused';
      /** The client's channel id (OpenSSH's numbering; Paramiko numbers its own channels from 0). */
      channel: number;
      /** SSH_MSG_CHANNEL_OPEN_FAILURE reason code; any uint32 can arrive from a non-OpenSSH server. */
      code: ReasonCode | number;
      /** The description string from the packet (Dropbear and some gateways send ""). */
      description: string;
      /** The host and port the client asked the server to connect to. */
      target: { host: string; port: number };
      /** Where the forwarded connection came from (PuTTY logs it). */
      originator: { address: string; port: number };
      /** A -L/-D listener (`local`) or the whole session's stdio (-W, ProxyJump, plink -nc). */
      via: 'local-forward' | 'stdio';
    }
  | {
      kind: 'remote-forward-refused';
      /** The -R listen address and port the client asked for. */
      listen: { host: string; port: number };
      /** Where the client would connect accepted connections. */
      connect: { host: string; port: number };
    }
  | {
      kind: 'channel-closed';
      /** The client's channel id. */
      channel: number;
      /** What the server wrote on the channel's stderr before closing it. */
      stderr: string;
      /** A -L/-D listener or the whole session's stdio. */
      via: 'local-forward' | 'stdio';
    }
  | {
      kind: 'connection-closed';
      /** The host the client connected to. */
      host: string;
    }
  | {
      kind: 'auth-failed';
      user: string;
      host: string;
      /** The methods the server still allows (its SSH_MSG_USERAUTH_FAILURE list), comma-separated. */
      serverMethods: string;
    };

/**
 * The results a client profile words itself: a channel that opened and closed again, and a
 * connection the server closed, are left out, because what a client other than OpenSSH's ssh shows
 * for them is not established.
 */
export type ClientResult = Exclude<ProtocolResult, { kind: 'channel-closed' } | { kind: 'connection-closed' }>;

/** How much of the server's refusal a client lets its user see. */
export type DescriptionShown =
  /** The reason and the server's description are in what the user reads. */
  | 'shown'
  /** The description is only in a log line the user must turn on (Paramiko's logger). */
  | 'log-only'
  /** Only the reason, or a fixed message: the server's description is dropped. */
  | 'hidden';

/** Options a client's lines depend on. */
export interface ClientLineOptions {
  /** ssh's ExitOnForwardFailure (turns the -R warning into an error); other clients have no such switch. */
  opensshExitOnForwardFailure?: boolean;
}

/** One SSH client (a program or a library under many programs). */
export interface ClientProfile {
  /** The `client.software` value of a scenario; stable once published (share links carry it). */
  readonly id: string;
  /** The name users know it by, e.g. "PuTTY, plink and WinSCP". */
  readonly name: string;
  /** The "Seen in" page (`/seen-in/<id>/`) for the tools built on it, or null. */
  readonly seenIn: string | null;
  /** Whether its refusal lines keep the server's description. */
  readonly description: DescriptionShown;
  /** Words it prints that name it (a version string), by what they are. */
  readonly words?: Readonly<Record<string, string>>;
  /**
   * False for a library that cannot ask for any forward (no direct-tcpip channel, no tcpip-forward
   * request): a scenario with a forward stops on the client, and no server is asked.
   */
  readonly tunnels?: false;
  /** What it prints (stderr, log, exception) for one protocol result, in order. */
  lines(result: ClientResult, opts?: ClientLineOptions): string[];
}

/** An SSH server or gateway product that is not OpenSSH or Dropbear (those two are modelled in decide.ts). */
export interface ServerProfile {
  /** The `server.software` value of a scenario; stable once published. */
  readonly id: string;
  /** The name users know it by. */
  readonly name: string;
  /** `server`: an SSH server program or library; `gateway`: an access product in front of the real server. */
  readonly kind: 'server' | 'gateway';
  /** The "Seen in" page for it, or null. */
  readonly seenIn: string | null;
  /**
   * What it answers a direct-tcpip channel (-L, -D, -W) it will not open — the reason code, the
   * description, and the catalog cause that is — or null when its policy may open one.
   */
  readonly directTcpip: DirectTcpipAnswer | null;
  /** What its older releases answered instead, newest first (the diagnoser names the program by them too). */
  readonly earlier?: readonly (DirectTcpipAnswer & { readonly releases: string })[];
  /**
   * What its own access policy answers a forward it refuses (scenario `gatewayPolicy` turns the
   * refusal on): the reason code and description the SSH client receives, and the product's setting
   * that allows forwarding. Absent when it has no such policy or what it sends is not established.
   */
  readonly policy?: GatewayPolicy;
  /** The words it sends or logs that name it (a refusal description, an audit line), by what they mean. */
  readonly words: Readonly<Record<string, string>>;
  /**
   * What it answers a tcpip-forward or streamlocal-forward request (-R) in its default set-up:
   * `refused` is SSH_MSG_REQUEST_FAILURE for every one (ssh warns "remote port forwarding failed").
   * Absent when it binds what -R asks for, or its answer is not modelled.
   */
  readonly remoteForward?: 'refused';
  /**
   * True when it accepts every direct-tcpip channel (-L, -D, -W) and, finding nothing it serves at
   * that host and port, closes the whole SSH connection instead of refusing the channel (sish, with no
   * TCP alias of that name): ssh prints no "open failed", only "Connection to <host> closed by remote
   * host.", and the catalog cause is server-lacks-forwarding.
   */
  readonly closesConnection?: true;
  /**
   * For a gateway, what answers behind it: `sshd`, an OpenSSH server it hands each channel to (the
   * target's, the instance's, the asset's; its log is that sshd's); `agent`, its own agent on the
   * machine, which makes the connection. Absent: it is the SSH server itself (Coder's and DevPod's
   * workspace servers, a Teleport node), and a refusal from there is its own.
   */
  readonly behind?: 'sshd' | 'agent';
  /**
   * For a gateway that passes the channel on to the SSH server behind it: what it sends the client in
   * place of any refusal from behind (that server's policy, or its failed connection to the target),
   * whatever that server said. Absent: the answer from behind reaches the client as that server sent it.
   */
  readonly relays?: { readonly code: number; readonly description: string };
  /**
   * What it answers when its own connection to the target fails (nothing listens, no route, a
   * timeout), where that is not OpenSSH's reason 2 with strerror(). Absent: OpenSSH's sshd's answer.
   */
  readonly targetFailure?: TargetFailure;
  /**
   * True for a build of OpenSSH's own sshd (Windows'): sshd_config, the key's options and OpenSSH's
   * release rules apply to it as to OpenSSH, and the profile says only what its build does otherwise.
   */
  readonly opensshUnderneath?: true;
  /**
   * For a server that cannot use Unix-domain sockets: the strerror() text its sshd logs when a -L to a
   * socket path cannot connect (`connect`) and when a -R from a socket path cannot bind (`listen`).
   */
  readonly unixSockets?: { readonly connect: string; readonly listen: string };
}

/**
 * A failed connection to the target, as a program words it. `go-dial`: reason 2 with Go's net.Dialer
 * error (`dial tcp 127.0.0.1:5432: connect: connection refused`, gliderlabs/ssh's DirectTCPIPHandler),
 * put in place of `{error}` in `wrap` when the product adds words of its own. `go-relay`: reason 2 with
 * x/crypto's error for the OpenSSH server behind it that made the connection (`ssh: rejected: connect
 * failed (Connection refused)`). `closes`: it confirmed the channel before dialling, so it writes Go's
 * error on the channel's stderr and closes it (OpenSSH's ssh prints "channel N: bad ext data").
 * A failed lookup of the target's name is not covered: Go's words for it depend on the resolver it
 * uses, which was not established here, so the simulator keeps getaddrinfo()'s text for it.
 */
export type TargetFailure = { readonly answer: 'go-dial'; readonly wrap?: string } | { readonly answer: 'go-relay' } | { readonly answer: 'closes' };

/** What a server answers a direct-tcpip channel (-L, -D, -W) it will not open, and the catalog cause that is. */
export interface DirectTcpipAnswer {
  /** SSH_MSG_CHANNEL_OPEN_FAILURE reason code. */
  readonly code: number;
  /** The description it sends; with `numbered`, the text before the number. */
  readonly description: string;
  readonly cause: 'server-lacks-forwarding' | 'ssh-gateway-policy';
  /**
   * True when the description ends with the server's own number for the channel, counted from 0 on
   * each connection (every channel the connection opened before counts, a session too).
   */
  readonly numbered?: true;
}

/**
 * A product's own answer to a forward its policy does not allow, and where its administrator allows
 * it: most refuse the channel; some open it and close it again with an error on its stderr.
 */
export type GatewayPolicy = GatewayRefusal | GatewayClose;

/** It refuses the channel: SSH_MSG_CHANNEL_OPEN_FAILURE with a reason code and a description. */
export interface GatewayRefusal {
  readonly answer: 'refuses';
  /** SSH_MSG_CHANNEL_OPEN_FAILURE reason code it sends (1: administratively prohibited). */
  readonly code: number;
  /** The description it sends with the code ("" when it sends none); with `numbered`, the text before the number. */
  readonly description: string;
  /** True when the description ends with the server's number for the channel (as in DirectTcpipAnswer). */
  readonly numbered?: true;
  /** The product's setting that allows forwarding, as its administrator finds it. */
  readonly setting: string;
}

/**
 * It confirms the channel, writes an error as SSH_MSG_CHANNEL_EXTENDED_DATA (the channel's stderr)
 * and closes it: no open failure reaches the client, which sees the forwarded connection close.
 */
export interface GatewayClose {
  readonly answer: 'closes';
  /** The text it writes on the channel's stderr before closing it. */
  readonly stderr: string;
  /** The product's setting that allows forwarding, as its administrator finds it. */
  readonly setting: string;
}

/** A line a gateway or cloud access layer prints or logs, and what it means. */
export interface GatewaySignal {
  /** The fixed words that mark the line (found anywhere in it). */
  readonly words: string;
  /** The causes it points at, with their weight (the first is the likeliest). */
  readonly causes: readonly (readonly [CauseId, number])[];
  /** True when only that cause prints the line. */
  readonly decisive: boolean;
  /**
   * Which hop the line shows refused: the gateway or cloud layer itself, the server behind it
   * (relayed), or `either` when the same line comes from both (the likeliest cause decides).
   */
  readonly refusedBy: 'gateway' | 'ssh-server' | 'either';
  /** What the line means, in one or two sentences, for the answer. */
  readonly note: string;
}

/** A program that runs another client and adds lines of its own (VS Code runs OpenSSH's ssh). */
export interface WrapperProfile {
  readonly id: string;
  readonly name: string;
  /** The client it runs. */
  readonly wraps: string;
  readonly seenIn: string;
  /** Lines only it prints, by what they mean; each marks a paste as this tool's. */
  readonly words: Readonly<Record<string, string>>;
}
