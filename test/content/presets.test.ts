/**
 * A cause page and its simulator preset must tell the same story: the preset's trace names the
 * page's cause and prints a client line the page shows for that server family.
 */
import { serverFamily } from '../../src/model/software/index.ts';
import { describe, expect, it } from 'vitest';
import { readArticles } from './support.ts';
import { PRESETS } from '../../src/model/presets.ts';
import { simulate } from '../../src/machine/channel-open/simulate.ts';
import { parseServerVersion } from '../../src/model/version.ts';

interface Symptom {
  family: string;
  client: string[];
}

function familyOf(software: 'openssh' | 'dropbear', version: string | undefined): string {
  if (software === 'dropbear') return 'dropbear';
  const v = parseServerVersion('openssh', version).value;
  return v.major > 7 || (v.major === 7 && v.minor >= 5) ? 'openssh-7.5+' : 'openssh-pre-7.5';
}

const articles = new Map(readArticles().map((a) => [a.name, a]));

describe('cause pages and their presets', () => {
  const withPreset = [...articles.keys()].filter((id) => id in PRESETS);

  it('most cause pages have a preset', () => {
    expect(withPreset.length).toBeGreaterThanOrEqual(24);
  });

  it.each(withPreset.filter((id) => !id.startsWith('myth-')))('%s: the preset prints a client line the page shows', (id) => {
    const preset = PRESETS[id]!;
    const trace = simulate(preset.scenario);
    const software = serverFamily(preset.scenario.server?.software);
    const family = familyOf(software, preset.scenario.server?.version);
    const symptoms = (articles.get(id)!.data.symptoms ?? []) as Symptom[];
    const shown = symptoms.filter((s) => s.family === family || s.family === 'any').flatMap((s) => s.client);
    expect(shown.length, `${id} shows no lines for ${family}`).toBeGreaterThan(0);
    expect(trace.clientLines.length).toBeGreaterThan(0);
    expect(shown, `${id}: page lines for ${family}`).toContain(trace.clientLines[0]);
  });

  // A myth's preset shows what really happens instead; the page must say that line too.
  it.each(withPreset.filter((id) => id.startsWith('myth-')))('%s: the page states what the preset really prints', (id) => {
    const trace = simulate(PRESETS[id]!.scenario);
    const line = trace.clientLines[0]!;
    const a = articles.get(id)!;
    expect(a.body + JSON.stringify(a.data.symptoms)).toContain(line.slice(line.indexOf('open failed: ') + 'open failed: '.length));
  });
});
