/**
 * The articles agree with the cause catalog: one article per catalog id and no article outside it;
 * frontmatter id = file name; kind, fixOn and evidence as the catalog says; related ids exist.
 */
import { describe, expect, it } from 'vitest';
import { CAUSES, CAUSE_IDS, isCauseId, causeById } from '../../src/model/causes.ts';
import { readArticles } from './support.ts';

const articles = readArticles();

describe('cause articles and the catalog', () => {
  it('every catalog id has exactly one article', () => {
    const missing = CAUSE_IDS.filter((id) => articles.filter((a) => a.name === id).length !== 1);
    expect(missing, `catalog ids without exactly one content/causes/<id>.mdx`).toEqual([]);
  });

  it('every article is in the catalog', () => {
    const extra = articles.filter((a) => !causeById(a.name)).map((a) => a.file);
    expect(extra, 'articles whose file name is not a catalog id').toEqual([]);
  });

  it('frontmatter id equals the file name', () => {
    const wrong = articles.filter((a) => a.data.id !== a.name).map((a) => `${a.file}: id is ${JSON.stringify(a.data.id)}`);
    expect(wrong).toEqual([]);
  });

  it('kind, fixOn and evidence equal the catalog', () => {
    const wrong: string[] = [];
    for (const a of articles) {
      const info = causeById(a.name);
      if (!info) continue;
      for (const field of ['kind', 'fixOn', 'evidence'] as const) {
        if (a.data[field] !== info[field]) wrong.push(`${a.file}: ${field} is ${JSON.stringify(a.data[field])}, the catalog says "${info[field]}"`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every related id is a catalog id with an article, and not the page itself', () => {
    const wrong: string[] = [];
    const names = new Set(articles.map((a) => a.name));
    for (const a of articles) {
      const related = a.data.related;
      if (related === undefined) continue;
      if (!Array.isArray(related)) {
        wrong.push(`${a.file}: related is not a list`);
        continue;
      }
      for (const r of related) {
        if (typeof r !== 'string' || !isCauseId(r)) wrong.push(`${a.file}: related "${String(r)}" is not a catalog id`);
        else if (!names.has(r)) wrong.push(`${a.file}: related "${r}" has no article`);
        else if (r === a.name) wrong.push(`${a.file}: related lists the page itself`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('source-evidence articles name their source', () => {
    const wrong = articles
      .filter((a) => causeById(a.name)?.evidence === 'source' && !(typeof a.data.sourceRef === 'string' && a.data.sourceRef.trim()))
      .map((a) => a.file);
    expect(wrong, 'evidence "source" without sourceRef').toEqual([]);
  });

  it('the catalog has no duplicate ids', () => {
    expect(new Set(CAUSE_IDS).size).toBe(CAUSES.length);
  });
});
