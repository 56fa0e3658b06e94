/**
 * The built site serves the command-line tool: /tunnel-doctor.mjs is the bundled program (it
 * runs), and /cli/ says how to fetch it from the site's origin, with the file's real SHA-256, and
 * is linked from every page's navigation.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/version.ts';
import { DIST } from './support.ts';

const served = join(DIST, 'tunnel-doctor.mjs');
const page = join(DIST, 'cli', 'index.html');

/** The page's text as a reader sees it: tags removed, the few entities the page uses decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('the command-line tool on the site', () => {
  it('serves /tunnel-doctor.mjs, the bundled program, which runs with the machine’s Node', () => {
    expect(existsSync(served), `${served}: run npm run build`).toBe(true);
    const r = spawnSync('/usr/bin/node', [served, '--version'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${VERSION}\n`);
  });

  it('has a /cli/ page telling how to fetch and run it, with its SHA-256', () => {
    const html = readFileSync(page, 'utf8');
    const text = visibleText(html);
    expect(text).toMatch(/curl -fsSLO https?:\/\/[^/\s]+\/tunnel-doctor\.mjs/);
    expect(text).toContain('node tunnel-doctor.mjs check');
    expect(html).toContain('href="/tunnel-doctor.mjs"');
    const sha = createHash('sha256').update(readFileSync(served)).digest('hex');
    expect(text).toContain(sha);
  });

  it('is linked from the navigation of the home page', () => {
    expect(readFileSync(join(DIST, 'index.html'), 'utf8')).toMatch(/<a [^>]*href="\/cli\/"/);
  });
});
