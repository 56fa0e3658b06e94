/**
 * The explainer walks the parser's words: for generated ssh command lines, with and without what
 * people paste in front (a prompt, sudo -u X, env A=b, nohup, time), it never calls a word the
 * parser accepted "not ssh", and every explanation points at words that are in the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainCommand } from '../../src/model/explain.ts';
import { readSshCommand } from '../../src/model/parse/command.ts';

const PROMPT = fc.constantFrom('', '', '$ ', '# ', '% ', 'alice@box:~$ ', '[bob@web01 ~]$ ');
const WRAPPER = fc.constantFrom(
  '',
  '',
  'sudo ',
  'sudo -u bob ',
  'sudo -E -u deploy ',
  'env A=b ',
  'A=1 B=2 ',
  'nohup ',
  'time ',
  'exec ',
  'command ',
  'sudo -u bob nohup ',
);
const PREFIX = fc.tuple(PROMPT, WRAPPER).map(([p, w]) => p + w);
const PROGRAM = fc.constantFrom('ssh', 'autossh -M 0', 'autossh -M 20000', '/usr/bin/ssh', 'ssh.exe');
const OPTION = fc.oneof(
  fc.constantFrom('-N', '-f', '-T', '-t', '-q', '-v', '-vvv', '-4', '-6', '-g', '-C', '-A', '-fN', '-NfT', '-Z', '--'),
  fc
    .constantFrom('-L', '-R', '-D', '-W', '-J', '-w', '-p', '-l', '-i', '-o', '-S', '-O', '-E')
    .chain((flag) =>
      fc
        .tuple(
          fc.constant(flag),
          fc.constantFrom(
            '8080:localhost:80',
            '1080',
            '*:9000:db:5432',
            '[::1]:8080:h:80',
            'h:22',
            'ops@bastion:2222',
            'a,b',
            '0:1',
            'any',
            '2222',
            'bob',
            '~/.ssh/id',
            'ExitOnForwardFailure=yes',
            'Port=22',
            'check',
            '8080',
          ),
          fc.boolean(),
        )
        .map(([f, arg, attached]) => (attached ? `${f}${arg}` : `${f} ${arg}`)),
    ),
  fc.constantFrom('-NfL 8080:h:80', '-fNL8080:localhost:80', '-NL 5432:db.internal:5432'),
);
const DESTINATION = fc.constantFrom('alice@server.example', 'server', 'ssh://u@h:2222', 'gw');
const REMOTE = fc.constantFrom('', 'uptime', 'sleep 60', 'tail -f /var/log/syslog');

const COMMAND = fc
  .tuple(PREFIX, PROGRAM, fc.array(OPTION, { maxLength: 6 }), fc.option(DESTINATION), fc.array(OPTION, { maxLength: 2 }), REMOTE)
  .map(([prefix, program, before, dest, after, remote]) =>
    [`${prefix}${program}`, ...before, ...(dest ? [dest, ...after, remote] : [])].filter(Boolean).join(' '),
  );

/** Each word of the token is in the text at the explanation's span (a flag in a cluster by its letter). */
function pointsAtInput(input: string, e: { token: string; start?: number; end?: number }): boolean {
  if (e.start === undefined || e.end === undefined) return false;
  const slice = input.slice(e.start, e.end);
  return e.token
    .trim()
    .split(' ')
    .every((part) => slice.includes(part) || (/^-.$/.test(part) && slice.includes(part.slice(1))));
}

describe('the explainer walks the parser’s words', () => {
  it('never says "not ssh" about a command the parser read as ssh, and every token is in the input', () => {
    fc.assert(
      fc.property(COMMAND, (input) => {
        const read = readSshCommand(input);
        expect(read.diagnostics.map((d) => d.code)).not.toContain('command.not-ssh');
        const list = explainCommand(input);
        for (const e of list) {
          expect(e.text, `${e.token} in ${input}`).not.toMatch(/is not ssh/);
          expect(pointsAtInput(input, e), `${JSON.stringify(e.token)} at ${e.start}-${e.end} in ${input}`).toBe(true);
        }
        // Every word the parser read is explained, except the program name ssh itself and "--".
        const explained = new Set(list.map((e) => `${e.start}-${e.end}`));
        for (const w of read.words) {
          if ((w.kind === 'program' && w.program === 'ssh') || w.kind === 'end-of-options') continue;
          expect(explained.has(`${w.start}-${w.end}`), `${w.kind} ${w.text} in ${input}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('only the word the parser refused is "not ssh"', () => {
    fc.assert(
      fc.property(PREFIX, fc.constantFrom('scp', 'sftp', 'rsync', 'systemctl', '/etc/init.d/ssh', 'bob'), (prefix, program) => {
        const input = `${prefix}${program} -L 8080:localhost:80 h`;
        const refused = readSshCommand(input).words.filter((w) => w.kind === 'not-ssh');
        const notSsh = explainCommand(input).filter((e) => /is not ssh/.test(e.text));
        expect(notSsh.map((e) => e.token)).toEqual(refused.map((w) => w.text));
        expect(notSsh.length).toBeLessThanOrEqual(1);
        // A prompt is only taken off in front of ssh: "$ scp …" is refused at "$", "# scp …" is a comment.
        if (!/^[$#%[]|@/.test(prefix)) expect(notSsh.map((e) => e.token)).toEqual([program]);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});

describe('what people paste in front of ssh', () => {
  it('sudo -u bob and a prompt are explained, and the forward is read as the parser reads it', () => {
    const sudo = explainCommand('sudo -u bob ssh -N -L 8080:localhost:80 alice@server');
    expect(sudo.map((e) => e.token)).toEqual(['sudo -u bob', '-N', '-L 8080:localhost:80', 'alice@server']);
    expect(sudo[0]?.text).toMatch(/^runs ssh as bob: /);
    const prompt = explainCommand('$ ssh -L 8080:localhost:80 server');
    expect(prompt.map((e) => e.token)).toEqual(['$', '-L 8080:localhost:80', 'server']);
    expect(prompt.every((e) => !/not ssh/.test(e.text))).toBe(true);
    expect(explainCommand('$ sudo -u bob ssh -N h').map((e) => e.token)).toEqual(['$', 'sudo -u bob', '-N', 'h']);
    const long = explainCommand('alice@box:~$ env A=1 nohup ssh -fNL 8080:h:80 h');
    expect(long.map((e) => e.token)).toEqual(['alice@box:~$', 'env', 'A=1', 'nohup', '-f', '-N', '-L 8080:h:80', 'h']);
  });

  it('stops where the shell ends the command, as the parser does', () => {
    expect(explainCommand('ssh -N h 2>/dev/null | tee log').map((e) => e.token)).toEqual(['-N', 'h']);
    expect(explainCommand('ssh -- h -N').map((e) => [e.token, e.text.slice(0, 12)])).toEqual([
      ['h', 'logs in to h'],
      ['-N', 'runs this co'],
    ]);
  });

  it('autossh: -M and the -f autossh takes out are explained at the words typed', () => {
    const input = 'autossh -M 20000 -fN -L 8080:h:80 h';
    const list = explainCommand(input);
    expect(list.map((e) => e.token)).toEqual(['autossh', '-M 20000', '-f', '-N', '-L 8080:h:80', 'h']);
    expect(list.map((e) => input.slice(e.start, e.end))).toEqual(['autossh', '-M 20000', '-f', '-fN', '-L 8080:h:80', 'h']);
  });
});
