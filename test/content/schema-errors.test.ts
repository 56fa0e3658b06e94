/**
 * A cause article whose frontmatter breaks the schema must fail the build, naming the file and the
 * field. Builds a throwaway copy of the site (sources linked, content copied) with one bad article.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support.ts';

function buildWith(mutate: (text: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'td-schema-'));
  try {
    for (const name of ['src', 'public', 'node_modules', 'test', 'astro.config.mjs', 'tsconfig.json', 'package.json'])
      symlinkSync(join(ROOT, name), join(dir, name));
    cpSync(join(ROOT, 'content'), join(dir, 'content'), { recursive: true });
    const file = join(dir, 'content/causes/permitopen-mismatch.mdx');
    writeFileSync(file, mutate(readFileSync(file, 'utf8')));
    const r = spawnSync(join(ROOT, 'node_modules/.bin/astro'), ['build', '--outDir', join(dir, 'out')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a broken article fails the build', { timeout: 120_000 }, () => {
  it('names the file and the field', () => {
    const r = buildWith((t) => t.replace(/^fixOn: ssh-server$/m, 'fixOn: the-server'));
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('permitopen-mismatch');
    expect(r.output).toMatch(/fixOn: Invalid option/);
  });
});
