/**
 * Whatever is pasted, diagnose() answers: random text, binary junk, huge pastes and very long lines
 * never throw, and the answer stays well-formed (scores add up, spans point inside the text).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../../src/model/causes.ts';
import { diagnose } from '../../../src/model/diagnose/index.ts';
import { denseMegabytePaste, fiveMegabyteJournal } from './pastes.ts';

const FRAGMENTS = [
  'channel 2: open failed: administratively prohibited: open failed',
  'channel 1: open failed: administratively prohibited: ',
  'channel 2: open failed: connect failed: Name or service not known',
  "channel 1: open failed: connect failed: Error resolving 'x' port '80'. Name or service not known",
  'Nov 24 10:01:02 host sshd[1234]: refused local port forward: originator 127.0.0.1 port 1, target a port 2',
  'sshd-session[9]: Received request from 1.2.3.4 port 5 to connect to host b port 6, but the request was denied.',
  'error: connect_to user@x: unknown host (Name or service not known)',
  'allowtcpforwarding no',
  'permitopen localhost:8080',
  'Match User bob',
  'ssh -N -L 8080:db:5432 -J jump alice@server',
  'autossh -M 10001 -N -R 1:localhost:22 u@h',
  'debug1: Remote protocol version 2.0, remote software version OpenSSH_7.4',
  'bind [127.0.0.1]:8080: Address already in use',
  'stdio forwarding failed',
  'accept: Too many open files',
  '\u0000\u0001\ufffd\ud800',
  '((((((((((((((((((((((((((((',
  ': : : : : : :',
];

function checkShape(text: string) {
  const d = diagnose(text);
  expect(typeof d.summary).toBe('string');
  const lines = text.split(/\r\n|\n/).length;
  let sum = 0;
  for (const c of d.causes) {
    expect(CAUSE_IDS).toContain(c.id);
    expect(c.score).toBeGreaterThanOrEqual(0);
    expect(c.score).toBeLessThanOrEqual(1);
    sum += c.score;
    for (const w of c.why) {
      expect(w.line).toBeGreaterThanOrEqual(1);
      expect(w.line).toBeLessThanOrEqual(lines);
    }
  }
  expect(sum).toBeLessThanOrEqual(1.01);
  if (!d.recognised) expect(d.causes).toEqual([]);
  expect(() => JSON.stringify(d)).not.toThrow();
  return d;
}

describe('diagnose never throws', () => {
  it('on random unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 2000 }), (s) => void checkShape(s)),
      { numRuns: 300 },
    );
  });

  it('on binary junk', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => void checkShape(String.fromCharCode(...bytes))),
      { numRuns: 200 },
    );
  });

  it('on shuffled real fragments with noise', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 80 })), { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        (parts, eol) => {
          checkShape(parts.join(eol));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on fragments glued together without separators', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }), (parts) => void checkShape(parts.join(''))),
      { numRuns: 200 },
    );
  });

  it('on non-string input from careless callers', () => {
    for (const v of [undefined, null, 42, {}, []]) expect(() => diagnose(v as unknown as string)).not.toThrow();
  });

  it('answers a 1 MB single line, and still reads a real line after it', () => {
    const long = 'x'.repeat(1_000_000);
    const d = checkShape(`${long}\nchannel 2: open failed: connect failed: Connection refused`);
    expect(d.causes[0]?.id).toBe('target-service-down');
    expect(d.stats.truncatedLines).toBe(1);
  });

  // No time assertions here: `npm run bench` prints the speed figures; a hang fails by timeout.
  it('answers a 1 MB line made of repeated triggers', () => {
    const line = 'open failed: administratively prohibited: '.repeat(25_000);
    checkShape(line);
  });

  it('answers a 5 MB paste of log lines', () => {
    const d = checkShape(fiveMegabyteJournal());
    expect(d.causes[0]?.id).toBe('target-firewalled');
  });

  it('answers a 1 MB paste of real-looking lines with the right cause', () => {
    const d = diagnose(denseMegabytePaste());
    expect(d.recognised).toBe(true);
  });
});
