import { describe, expect, it } from 'vitest';
import { DiagList, LineIndex } from '../../../src/model/parse/common.ts';
import { type GetoptEvent, getopt, SSH_OPTSTRING } from '../../../src/model/parse/getopt.ts';
import { shellWords } from '../../../src/model/parse/shell-words.ts';

const walk = (args: string) => {
  const words = shellWords(args, new DiagList('command'), new LineIndex(args)).words;
  const events: string[] = [];
  const visit = (e: GetoptEvent) => {
    if (e.kind === 'end-of-options') events.push('--');
    else if (e.kind === 'argument') events.push(`${e.ch}=${e.optarg}${e.argWord === e.word ? ' (same word)' : ''}`);
    else events.push(`${e.kind === 'flag' ? '' : `${e.kind} `}${e.ch}`);
  };
  const end = getopt(words, 0, SSH_OPTSTRING, visit);
  return { events, next: words[end.next]?.value ?? null, terminated: end.terminated };
};

describe('getopt as ssh runs it', () => {
  it('reads a cluster of flags ending in an option that takes the next word', () => {
    expect(walk('-NfL 8080:h:80 host')).toEqual({ events: ['N', 'f', 'L=8080:h:80'], next: 'host', terminated: false });
  });

  it('an argument attached to its option is the rest of the word', () => {
    expect(walk('-fNL8080:localhost:80 -p2222 h').events).toEqual(['f', 'N', 'L=8080:localhost:80 (same word)', 'p=2222 (same word)']);
  });

  it('stops at the first word that is not an option, and at "--"', () => {
    expect(walk('-N h -L 1:a:2')).toMatchObject({ events: ['N'], next: 'h' });
    expect(walk('-N -- -h')).toEqual({ events: ['N', '--'], next: '-h', terminated: true });
    expect(walk('- -N').events).toEqual([]);
  });

  it('an unknown letter is reported and the rest of the cluster still read; a missing argument ends the walk', () => {
    expect(walk('-NZq h').events).toEqual(['N', 'unknown-option Z', 'q']);
    expect(walk('-N -L').events).toEqual(['N', 'missing-argument L']);
  });

  it('an option takes the next word even when it looks like an option', () => {
    expect(walk('-l -N h')).toMatchObject({ events: ['l=-N'], next: 'h' });
  });
});
