/**
 * Share links: the whole scenario travels in the URL fragment (`#s=…`), which browsers never send to
 * a server, so nothing a user types leaves the browser. The payload is UTF-8 JSON in base64url.
 * Decoding untrusted links never throws: it returns the scenario or a message for the user.
 */
import type { Scenario } from './scenario.ts';
import { validateScenario } from './validate.ts';

/** Longest fragment payload accepted, in characters. */
export const MAX_SHARE_LENGTH = 48_000;

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

function base64urlToBytes(s: string): Uint8Array | null {
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

export function encodeScenario(scenario: Scenario): string {
  return bytesToBase64url(new TextEncoder().encode(JSON.stringify(scenario)));
}

export type DecodeResult = { ok: true; scenario: Scenario } | { ok: false; message: string };

export function decodeScenario(payload: string): DecodeResult {
  if (payload.length > MAX_SHARE_LENGTH) return { ok: false, message: `This link is too long to be a Tunnel Doctor scenario (${payload.length} characters).` };
  const bytes = base64urlToBytes(payload);
  if (!bytes) return { ok: false, message: 'This link is damaged: its scenario part is not valid base64url (was it cut off?).' };
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

/** The simulator URL (path + fragment) for a scenario. */
export function simulatorHref(scenario: Scenario, base = '/simulator/'): string {
  return `${base}#s=${encodeScenario(scenario)}`;
}
