/**
 * A failed dial as programs other than OpenSSH word it: the same strerror() or getaddrinfo() text,
 * inside Go's dial error, asyncio's "[Errno N] …", x/crypto's "ssh: rejected: connect failed (…)"
 * (a Go gateway passing on the answer behind it) or a product's own words around those (its
 * profile's `targetFailure.wrap`). The diagnoser reads the text inside, as it reads OpenSSH's.
 */
import { asyncioMeaning, goDialMeaning, goRejected, SERVER_PROFILES } from '../software/index.ts';

const ERROR = '{error}';

/** The words around a passed-on error: x/crypto's for a refused channel, and each product's wrap. */
const WRAPS: readonly (readonly [string, string])[] = [
  goRejected(2, ERROR),
  ...SERVER_PROFILES.flatMap((p) => (p.targetFailure?.answer === 'go-dial' && p.targetFailure.wrap ? [p.targetFailure.wrap] : [])),
].map((w) => [w.slice(0, w.indexOf(ERROR)), w.slice(w.indexOf(ERROR) + ERROR.length)] as const);

/** The text inside the first wrap that fits, or null. */
function unwrapOnce(d: string): string | null {
  for (const [before, after] of WRAPS) {
    if (d.length > before.length + after.length && d.startsWith(before) && d.endsWith(after)) return d.slice(before.length, d.length - after.length);
  }
  return null;
}

/** The strerror() or resolver text a description stands for when another program worded it, or null (OpenSSH's own, or not a dial). */
export function targetErrorIn(description: string): string | null {
  let d = description;
  for (let depth = 0; depth < 4; depth++) {
    const inner = unwrapOnce(d);
    if (inner === null) break;
    d = inner;
  }
  return goDialMeaning(d) ?? asyncioMeaning(d) ?? (d === description ? null : d);
}
