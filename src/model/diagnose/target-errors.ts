/**
 * A failed dial as programs other than OpenSSH word it: the same strerror() or getaddrinfo() text,
 * inside Go's dial error, asyncio's "[Errno N] …", x/crypto's "ssh: rejected: connect failed (…)"
 * (a Go gateway passing on the answer behind it) or a product's own words around those (its
 * profile's `targetFailure.wrap`). The diagnoser reads the text inside, as it reads OpenSSH's.
 */
import { asyncioMeaning, asyncsshServer, goDialMeaning, goRejected, SERVER_PROFILES, type ServerProfile } from '../software/index.ts';
import { inSentence } from './server-answers.ts';

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

/** The profiles whose failed dial has this shape. */
function profilesWith(answer: 'go-dial' | 'go-relay'): ServerProfile[] {
  return SERVER_PROFILES.filter((p) => p.targetFailure?.answer === answer);
}

/** Their names, as a list in a sentence. */
function namesWith(answer: 'go-dial' | 'go-relay'): string {
  const names = profilesWith(answer).map((p) => p.name);
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** The programs that word a failed dial this way (the description as ssh printed it), and how to say so; null for OpenSSH's own words. */
function dialers(description: string): { profiles: readonly ServerProfile[]; phrase: string } | null {
  if (targetErrorIn(description) === null) return null;
  const product = SERVER_PROFILES.find((p) => {
    const wrap = p.targetFailure?.answer === 'go-dial' ? p.targetFailure.wrap : undefined;
    return wrap !== undefined && description.startsWith(wrap.slice(0, wrap.indexOf(ERROR)));
  });
  if (product) return { profiles: [product], phrase: `${product.name}’s words around the Go dial error of the machine behind it` };
  if (description.startsWith(WRAPS[0]![0]))
    return { profiles: profilesWith('go-relay'), phrase: `x/crypto’s wording for an answer that a Go gateway passed on (${namesWith('go-relay')})` };
  if (asyncioMeaning(description) !== null)
    return { profiles: [asyncsshServer], phrase: `asyncio’s, from ${inSentence(asyncsshServer.name)} that allows forwarding` };
  return { profiles: profilesWith('go-dial'), phrase: `Go’s dial error, from a Go server on gliderlabs/ssh’s handler (${namesWith('go-dial')})` };
}

/**
 * Which kind of program worded a failed dial that is not OpenSSH's (the description as ssh printed
 * it), as a phrase for the answer, or null for OpenSSH's own words.
 */
export function dialerOf(description: string): string | null {
  return dialers(description)?.phrase ?? null;
}

/** The one "Seen in" page of the programs that word a failed dial this way, or null (none, or several). */
export function dialerPage(description: string): string | null {
  const pages = new Set(dialers(description)?.profiles.map((p) => p.seenIn) ?? []);
  return pages.size === 1 ? [...pages][0]! : null;
}
