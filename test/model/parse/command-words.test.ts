import { describe, expect, it } from 'vitest';
import { readSshCommand } from '../../../src/model/parse/command.ts';

const words = (text: string) => readSshCommand(text).words.map((w) => [w.kind, w.text, text.slice(w.start, w.end)]);

describe('the words the command parser read', () => {
  it('names what it skipped in front of ssh: prompt, sudo with its options, variables, nohup', () => {
    expect(words('$ sudo -u bob A=1 nohup ssh -N h')).toEqual([
      ['prompt', '$', '$'],
      ['wrapper', 'sudo -u bob', 'sudo -u bob'],
      ['environment', 'A=1', 'A=1'],
      ['wrapper', 'nohup', 'nohup'],
      ['program', 'ssh', 'ssh'],
      ['flag', '-N', '-N'],
      ['destination', 'h', 'h'],
    ]);
  });

  it('a cluster is one word per option, each at its letter; an argument spans to its end', () => {
    expect(words('ssh -NfL 8080:h:80 -p2222 alice@h uptime -x')).toEqual([
      ['program', 'ssh', 'ssh'],
      ['flag', '-N', '-N'],
      ['flag', '-f', 'f'],
      ['forward', '-L 8080:h:80', 'L 8080:h:80'],
      ['option', '-p 2222', '-p2222'],
      ['destination', 'alice@h', 'alice@h'],
      ['remote-command', 'uptime -x', 'uptime -x'],
    ]);
  });

  it('carries what each spec means, read by the rules ssh uses', () => {
    const read = readSshCommand('ssh -L 8080 -W db:5432 -J a,bad@ -w 0:1 -o Port=22 h');
    const byKind = Object.fromEntries(read.words.map((w) => [w.kind, w]));
    expect(byKind.forward).toMatchObject({ flag: 'L', arg: '8080', result: { error: expect.stringMatching(/names no target/) } });
    expect(byKind['stdio-forward']).toMatchObject({ target: { host: 'db', port: 5432 } });
    expect(byKind.jump).toMatchObject({ arg: 'a,bad@', valid: false });
    expect(byKind['tun-device']).toMatchObject({ device: { local: '0', remote: '1' } });
    expect(byKind['client-option']).toMatchObject({ keyword: 'Port', value: '22' });
  });

  it('a program that is not ssh is the only word, and the parser says so', () => {
    const read = readSshCommand('sudo systemctl restart ssh');
    expect(read.words.map((w) => [w.kind, w.text])).toEqual([
      ['wrapper', 'sudo'],
      ['not-ssh', 'systemctl'],
    ]);
    expect(read.diagnostics.map((d) => d.code)).toEqual(['command.not-ssh']);
  });

  it('autossh: -M at the words typed; its monitoring forwards are not words the user typed', () => {
    const read = readSshCommand('autossh -M 20000 -N h');
    expect(read.words.map((w) => w.kind)).toEqual(['program', 'autossh-monitor', 'flag', 'destination']);
    expect(read.value.forwards.map((f) => f.implicit)).toEqual(['autossh-monitor', 'autossh-monitor']);
  });
});
