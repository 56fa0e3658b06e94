/**
 * The "Seen in" tool pages (content/tools/*.mdx, built to dist/seen-in/<id>/): each is built and
 * linked from the home page and the /seen-in/ index, links every cause it names, each of those
 * cause pages links back under "Seen in", and every line a page says was recorded here appears in a
 * recording (test/conformance/clients/recordings/ or test/conformance/recordings/).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isCauseId } from '../../src/model/causes.ts';
import { loadClientRecordings } from '../conformance/clients/record-clients.ts';
import { loadServerRecordings } from '../conformance/servers/record-servers.ts';
import { builtPages, DIST, distExists, readRecordings } from './support.ts';

const TOOLS_DIR = join(import.meta.dirname, '../../content/tools');
const CAUSES_DIR = join(import.meta.dirname, '../../content/causes');
const PASTES_DIR = join(import.meta.dirname, '../model/diagnose/corpus/tools');
const FIX_ON = ['client', 'jump-host', 'ssh-server', 'name-resolution', 'target', 'network'];

interface ToolFrontmatter {
  id: string;
  title: string;
  causes: string[];
  shows: { text: string; source: string }[];
}

function readTools(): ToolFrontmatter[] {
  return readdirSync(TOOLS_DIR)
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((f) => parse(/^---\n([\s\S]*?)\n---/.exec(readFileSync(join(TOOLS_DIR, f), 'utf8'))?.[1] ?? '') as ToolFrontmatter);
}

const tools = readTools();
const html = new Map<string, string>();

beforeAll(() => {
  if (!distExists()) throw new Error(`${DIST} has no index.html: run \`npm run build\` first`);
  for (const p of builtPages()) html.set(p.path, p.html);
});

const hrefs = (page: string) => [...(html.get(page) ?? '').matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]);

describe('the "Seen in" tool pages', () => {
  it('cover the tool families, each naming only catalog causes', () => {
    expect(tools.map((t) => t.id).sort()).toEqual([
      'ansible-paramiko',
      'autossh',
      'cloud-access',
      'database-guis',
      'docker-controlmaster',
      'editors-dev-environments',
      'gateways',
      'hpc-jupyter',
      'libssh-terminals',
      'putty-winscp',
      'routers-nas',
      'terraform-go',
      'vscode-remote-ssh',
      'windows-openssh',
    ]);
    for (const t of tools)
      expect(
        t.causes.filter((c) => !isCauseId(c)),
        t.id,
      ).toEqual([]);
  });

  it('are built, listed on /seen-in/ and linked from the home page', () => {
    for (const t of tools) {
      expect(html.has(`/seen-in/${t.id}/`), t.id).toBe(true);
      expect(hrefs('/seen-in/'), t.id).toContain(`/seen-in/${t.id}/`);
      expect(hrefs('/'), t.id).toContain(`/seen-in/${t.id}/`);
    }
  });

  it('link each cause they name, and each such cause page links back under "Seen in"', () => {
    const missing: string[] = [];
    for (const t of tools) {
      // A catalog cause whose article is not written yet is listed without a link (and has no page to link back).
      for (const c of t.causes.filter((id) => existsSync(join(CAUSES_DIR, `${id}.mdx`)))) {
        if (!hrefs(`/seen-in/${t.id}/`).includes(`/causes/${c}/`)) missing.push(`${t.id} → ${c}`);
        if (!hrefs(`/causes/${c}/`).includes(`/seen-in/${t.id}/`)) missing.push(`${c} → ${t.id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('cite every line, and every line said to be recorded is in a recording', () => {
    const recorded = new Set([
      ...loadClientRecordings().flatMap((r) => [...r.lines, ...r.serverLines]),
      ...loadServerRecordings().flatMap((r) => r.clientLines),
      ...readRecordings().flatMap((r) => [...r.real.clientLines, ...(r.real.serverLog ?? [])]),
    ]);
    const wrong: string[] = [];
    for (const t of tools) {
      for (const l of t.shows) {
        if (!/^(recorded: |source: |https:\/\/)/.test(l.source)) wrong.push(`${t.id}: "${l.text}" has no citation`);
        if (l.source.startsWith('recorded: ') && !recorded.has(l.text)) wrong.push(`${t.id}: "${l.text}" is not in any recording`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the tool paste corpus: every paste has a sidecar naming catalog causes, a machine and a tool page (or none), and sources', () => {
    const files = readdirSync(PASTES_DIR);
    const pastes = files.filter((f) => /\.(txt|log)$/.test(f));
    const wrong: string[] = [];
    expect(pastes.length).toBeGreaterThanOrEqual(15);
    for (const f of pastes) {
      const side = f.replace(/\.(txt|log)$/, '.json');
      if (!files.includes(side)) {
        wrong.push(`${f}: no ${side}`);
        continue;
      }
      const s = JSON.parse(readFileSync(join(PASTES_DIR, side), 'utf8')) as { causes: string[]; fixOn: string; tool: string | null; sources: string[] };
      if (!s.causes.length || s.causes.some((c) => !isCauseId(c))) wrong.push(`${side}: causes ${s.causes.join(', ')}`);
      if (!FIX_ON.includes(s.fixOn)) wrong.push(`${side}: fixOn ${s.fixOn}`);
      if (s.tool !== null && !tools.some((t) => t.id === s.tool)) wrong.push(`${side}: tool ${s.tool}`);
      if (!s.sources.length) wrong.push(`${side}: no sources`);
    }
    expect(wrong).toEqual([]);
  });
});
