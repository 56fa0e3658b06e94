/**
 * Share links: the whole scenario travels in the URL fragment, which browsers never send to a
 * server, so nothing a user types leaves the browser. Two forms:
 *  - `#z=…` (written now): the UTF-8 JSON, compressed with deflate-raw (the web-standard
 *    CompressionStream), in base64url: short enough for a chat message;
 *  - `#s=…` (older links, still read): the UTF-8 JSON in base64url, uncompressed.
 * Decoding untrusted links never throws and never hangs: the fragment's length and the inflated
 * size are capped, and every failure is a message for the user.
 */
import type { Scenario } from './scenario.ts';
import { validateScenario } from './validate.ts';
import { MAX_FIELD_CHARS } from './world.ts';

/** Longest fragment payload accepted, in characters (either form). */
export const MAX_SHARE_LENGTH = 48_000;
/** Most bytes a compressed link may inflate to: the per-field cap; reading stops once past it. */
export const MAX_INFLATED_BYTES = MAX_FIELD_CHARS;
/** Compressed input is fed to the inflater in pieces this small, so a bomb is stopped early. */
const FEED_BYTES = 256;

export const SHARE_PREFIX = 'z=';
export const LEGACY_SHARE_PREFIX = 's=';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function bytesToBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += B64[n & 63]!;
  }
  return out;
}

function base64urlToBytes(s: string): Uint8Array<ArrayBuffer> | null {
  if (s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const ch of s) {
    const v = B64.indexOf(ch);
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out.subarray(0, o);
}

/** The older, uncompressed payload (the part after `#s=`). Synchronous: the diagnoser's links use it. */
export function encodeScenario(scenario: Scenario): string {
  return bytesToBase64url(new TextEncoder().encode(JSON.stringify(scenario)));
}

/** The compressed payload (the part after `#z=`). */
export async function encodeScenarioCompressed(scenario: Scenario): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(scenario));
  const compressed = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return bytesToBase64url(new Uint8Array(await new Response(compressed).arrayBuffer()));
}

/** The fragment (without `#`) that carries a scenario: `z=…`. */
export async function shareFragment(scenario: Scenario): Promise<string> {
  return `${SHARE_PREFIX}${await encodeScenarioCompressed(scenario)}`;
}

export type DecodeResult = { ok: true; scenario: Scenario } | { ok: false; message: string };

const tooLong = (n: number): DecodeResult => ({ ok: false, message: `This link is too long to be a Tunnel Doctor scenario (${n} characters).` });
const notBase64: DecodeResult = { ok: false, message: 'This link is damaged: its scenario part is not valid base64url (was it cut off?).' };

/** UTF-8 JSON bytes to a checked scenario, or the message saying what is wrong with them. */
function scenarioFromBytes(bytes: Uint8Array): DecodeResult {
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: 'This link is damaged: its scenario is not valid UTF-8 text.' };
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { ok: false, message: 'This link is damaged: its scenario is not valid JSON (was it cut off?).' };
  }
  const { scenario, problems } = validateScenario(data);
  if (!scenario) {
    const first = problems
      .slice(0, 3)
      .map((p) => `${p.path}: ${p.message}`)
      .join('; ');
    return { ok: false, message: `This link's scenario is not valid: ${first}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}.` };
  }
  return { ok: true, scenario };
}

/** Decodes the older, uncompressed payload (the part after `#s=`). */
export function decodeScenario(payload: string): DecodeResult {
  if (payload.length > MAX_SHARE_LENGTH) return tooLong(payload.length);
  const bytes = base64urlToBytes(payload);
  return bytes ? scenarioFromBytes(bytes) : notBase64;
}

type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; why: 'damaged' | 'too-big' };

/** Feeds the compressed bytes in small pieces while reading the output, and gives up once past the cap. */
async function inflateCapped(input: Uint8Array<ArrayBuffer>, cap: number): Promise<Inflated> {
  const inflater = new DecompressionStream('deflate-raw');
  const writer = inflater.writable.getWriter();
  const reader = inflater.readable.getReader();
  const feeding = (async () => {
    for (let i = 0; i < input.length; i += FEED_BYTES) {
      await writer.ready;
      await writer.write(input.subarray(i, i + FEED_BYTES));
    }
    await writer.close();
  })();
  feeding.catch(() => {}); // its failure also fails the reader, which answers
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > cap) {
        reader.cancel().catch(() => {});
        writer.abort().catch(() => {});
        return { ok: false, why: 'too-big' };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, why: 'damaged' };
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes };
}

/** Decodes the compressed payload (the part after `#z=`). */
export async function decodeScenarioCompressed(payload: string): Promise<DecodeResult> {
  if (payload.length > MAX_SHARE_LENGTH) return tooLong(payload.length);
  const bytes = base64urlToBytes(payload);
  if (!bytes) return notBase64;
  const inflated = await inflateCapped(bytes, MAX_INFLATED_BYTES);
  if (inflated.ok) return scenarioFromBytes(inflated.bytes);
  if (inflated.why === 'too-big')
    return { ok: false, message: `This link's scenario unpacks to more than ${MAX_INFLATED_BYTES / 1024} KB, more than a Tunnel Doctor scenario holds.` };
  return { ok: false, message: 'This link is damaged: its compressed scenario does not unpack (was it cut off?).' };
}

/**
 * The scenario a URL fragment (`#z=…` or `#s=…`, with or without the `#`) carries, or null when the
 * fragment is not a share link at all.
 */
export async function decodeShareFragment(hash: string): Promise<DecodeResult | null> {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment.startsWith(SHARE_PREFIX)) return decodeScenarioCompressed(fragment.slice(SHARE_PREFIX.length));
  if (fragment.startsWith(LEGACY_SHARE_PREFIX)) return decodeScenario(fragment.slice(LEGACY_SHARE_PREFIX.length));
  return null;
}

/** Whether a URL fragment is a share link (either form). */
export function isShareFragment(hash: string): boolean {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  return fragment.startsWith(SHARE_PREFIX) || fragment.startsWith(LEGACY_SHARE_PREFIX);
}

/** The simulator URL (path + fragment) for a scenario, in the older synchronous `#s=` form. */
export function simulatorHref(scenario: Scenario, base = '/simulator/'): string {
  return `${base}#${LEGACY_SHARE_PREFIX}${encodeScenario(scenario)}`;
}

/** The simulator URL (path + fragment) for a scenario, compressed: `#z=`. */
export async function simulatorHrefCompressed(scenario: Scenario, base = '/simulator/'): Promise<string> {
  return `${base}#${await shareFragment(scenario)}`;
}
