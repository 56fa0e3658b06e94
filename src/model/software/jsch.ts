/**
 * JSch (Java; Debian libjsch-java 0.1.55, and the mwiede fork in DBeaver and JetBrains tools):
 * Channel.connect() throws JSchException("channel is not opened.") for every refused channel — the
 * reason code and the server's description are dropped; setPortForwardingR() throws "remote port
 * forwarding failed for listen port N"; a refused key "Auth fail". A local forward made with
 * setPortForwardingL() prints nothing at all: the accepted connection is closed.
 */
import type { ClientProfile } from './types.ts';

export const jsch = {
  id: 'jsch',
  name: 'JSch (Java: DBeaver, JetBrains tools, many Java programs)',
  seenIn: 'database-guis',
  description: 'hidden',
  lines(result) {
    if (result.kind === 'auth-failed') return ['com.jcraft.jsch.JSchException: Auth fail'];
    if (result.kind === 'remote-forward-refused') return [`com.jcraft.jsch.JSchException: remote port forwarding failed for listen port ${result.listen.port}`];
    return ['com.jcraft.jsch.JSchException: channel is not opened.'];
  },
} as const satisfies ClientProfile;

/** Where each of its wordings comes from: a recording made here, or a cited source line. */
export const jschBacking: readonly string[] = [
  'recorded: JSch 0.1.55 (Debian libjsch-java)',
  'source: JSch Channel.java connect(), Session.java (0.1.55; mwiede/jsch 2.28.7)',
];

/** The one command that shows what it hides, from the same machine. */
export const jschReveal = 'run the same hop with ssh -v -N -L localPort:host:port user@server from the same machine, with the same key';
