import { describe, expect, it } from 'vitest';
import { type Diagnostic, type DiagnosticCode, diag } from '../../src/model/diagnostics.ts';
import { parseAuthorizedKeysOptions } from '../../src/model/parse/authorized-keys.ts';
import { parseSshCommand } from '../../src/model/parse/command.ts';
import { parseSshdConfig } from '../../src/model/parse/sshd-config.ts';

describe('diagnostic codes are a closed set', () => {
  it('a code outside DiagnosticCode does not compile (tsc checks this file)', () => {
    // @ts-expect-error 'command.no-such-code' is not a DiagnosticCode
    const d: Diagnostic = diag(1, 1, 0, 'command.no-such-code', 'never emitted');
    const known: DiagnosticCode = 'command.env-in-forward';
    expect([d.code, known]).toEqual(['command.no-such-code', 'command.env-in-forward']);
  });

  it('the parsers emit codes of the union, including the prefixed client-option codes', () => {
    const codes = [
      ...parseSshCommand('ssh -o Port=0 -L 1:admin@db:2 h').diagnostics,
      ...parseSshdConfig('Bogus yes').diagnostics,
      ...parseAuthorizedKeysOptions('bogus ssh-ed25519 AAAA').diagnostics,
    ].map((x) => x.code);
    expect(codes).toEqual(['command.bad-value', 'command.user-in-forward', 'sshd.unknown-keyword', 'keys.bad-option']);
  });
});
