/**
 * Evidence rules for what gateway products and client libraries show: a gateway's own description
 * or audit line, an empty description from a bastion, and a library's many channels on one session.
 */
import { GATEWAY_SIGNALS } from '../../software/annotations.ts';
import type { Acc } from '../evidence.ts';
import type { Ctx } from '../context.ts';
import { CERT_PORT_FORWARDING } from '../read-tools.ts';

/** A gateway's or cloud access layer's own line (its profile's signals); a description in a refusal is rules/client.ts's. */
export function gatewayPolicy(ctx: Ctx, a: Acc): void {
  for (const o of ctx.of('gateway-said')) {
    const signal = GATEWAY_SIGNALS[o.d.profile]?.[o.d.signal];
    if (!signal) continue;
    signal.causes.forEach(([id, points], i) => {
      a.add(id, points, o, signal.note, signal.decisive && i === 0);
    });
  }
}

/** A library that opens many channels on one connection hits MaxSessions: "connect failed" with "open failed". */
export function libraryChannels(_ctx: Ctx, a: Acc): void {
  const o = a.open.find((x) => x.d.client && x.d.client !== 'openssh' && x.d.reason === 'connect failed' && x.d.desc === 'open failed');
  if (o) add(a, o);
}

function add(a: Acc, o: Acc['open'][number]): void {
  a.add(
    'session-limit-multiplexing',
    8,
    o,
    'A library opens its sessions as channels of one connection; sshd answers "connect failed" with "open failed" once MaxSessions (10 by default) is reached.',
  );
}

/** A pasted user certificate (`ssh-keygen -L`) whose extensions lack permit-port-forwarding. */
export function certificateExtensions(ctx: Ctx, a: Acc): void {
  for (const o of ctx.of('certificate')) {
    if (!o.d.complete) continue;
    if (o.d.extensions.includes(CERT_PORT_FORWARDING)) {
      a.out('certificate-forwarding-not-permitted', `The certificate lists ${CERT_PORT_FORWARDING} (line ${o.line}).`);
      continue;
    }
    const refused = a.open.some((x) => x.d.reason === 'administratively prohibited') || a.refused.length > 0;
    a.add(
      'certificate-forwarding-not-permitted',
      refused ? 16 : 5,
      o,
      `The login certificate’s extensions do not include ${CERT_PORT_FORWARDING}: sshd allows no forwarding for a login with it.`,
      refused,
    );
  }
}

/**
 * VS Code Remote-SSH's "TCP port forwarding appears to be disabled" is its own guess after any
 * refused -D channel: without ssh's lines it points at the causes that refuse every forward, most
 * likely first, and the lines that decide are in Remote-SSH: Show Log.
 */
export function vscodeGuess(ctx: Ctx, a: Acc): void {
  const guess = ctx.of('tool-line').find((o) => o.d.guess);
  if (!guess || a.open.length > 0) return;
  const why = 'VS Code prints this after any refused forward; ssh’s own "channel N: open failed: …" line in Remote-SSH: Show Log tells which of these it is.';
  const ranked: [string, number, string][] = [
    ['tcp-forwarding-disabled', 4, `Most often AllowTcpForwarding no (or DisableForwarding yes) on the remote host. ${why}`],
    ['key-forwarding-restricted', 2, `A key restricted in authorized_keys (no-port-forwarding, restrict) refuses it too. ${why}`],
    ['certificate-forwarding-not-permitted', 1.5, `So does a user certificate without permit-port-forwarding. ${why}`],
    ['ssh-gateway-policy', 1.5, `So does a gateway’s or bastion’s own policy. ${why}`],
    ['sftp-only-account', 1, `So does an SFTP-only account. ${why}`],
  ];
  for (const [id, points, note] of ranked) a.add(id, points, guess, note);
  a.notes.push('VS Code’s notice is its guess, not the server’s answer: run “Remote-SSH: Show Log” and paste the lines around “open failed”.');
}
