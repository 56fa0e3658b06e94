/**
 * The tools corpus (corpus/tools/): pastes from VS Code Remote-SSH, PuTTY/plink, Paramiko, Go's
 * x/crypto/ssh, Node's ssh2, autossh, docker and gateway products, written from cited wordings. Each
 * `<name>.txt` has a sidecar `<name>.json`: the expected causes (most likely first), the machine to
 * fix and the tool page id. The diagnoser must name the first cause first, or, where the sidecar
 * lists several, list it with no cause outside the list confirmed; and name the machine and the tool.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS, fixOnOf } from '../../../src/model/causes.ts';
import { diagnose } from '../../../src/model/diagnose/index.ts';
import { TOOL_IDS } from '../../../src/model/diagnose/tool-ids.ts';

const DIR = join(import.meta.dirname, 'corpus', 'tools');
const TOOL_PAGES = join(import.meta.dirname, '..', '..', '..', 'content', 'tools');

interface Sidecar {
  causes: string[];
  fixOn: string;
  tool: string | null;
  sources: string[];
  /** The hop the answer must say refused (client, jump-host, gateway, ssh-server), when the paste shows it. */
  hop?: string;
}

const pastes = readdirSync(DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort();

function sidecar(file: string): Sidecar {
  return JSON.parse(readFileSync(join(DIR, file.replace(/\.txt$/, '.json')), 'utf8')) as Sidecar;
}

describe('tools corpus', () => {
  it('has a paste per tool the diagnoser names, each tool a page, and every paste its sidecar', () => {
    expect(pastes.length).toBeGreaterThanOrEqual(22);
    for (const f of pastes) expect(existsSync(join(DIR, f.replace(/\.txt$/, '.json'))), f).toBe(true);
    const tools = new Set(pastes.map((f) => sidecar(f).tool));
    const pages = readdirSync(TOOL_PAGES)
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => f.replace(/\.mdx$/, ''));
    // pages for contexts with no wording of their own (HPC, editors, routers) are reached from cause pages and triage
    for (const id of TOOL_IDS) {
      expect(tools, id).toContain(id);
      expect(pages, id).toContain(id);
    }
  });

  for (const file of pastes) {
    const want = sidecar(file);
    it(`${file} → ${want.causes[0]} on ${want.fixOn}, tool ${want.tool}`, () => {
      for (const id of want.causes) expect(CAUSE_IDS).toContain(id);
      const text = readFileSync(join(DIR, file), 'utf8');
      const d = diagnose(text);
      const got = d.causes.map((c) => `${c.id} ${c.score} ${c.confidence}`).join(', ');
      expect(d.recognised).toBe(true);
      const ids = d.causes.map((c) => c.id);
      if (want.causes.length === 1) expect(ids[0], got).toBe(want.causes[0]);
      else {
        expect(ids, got).toContain(want.causes[0]);
        // a cause the sidecar does not allow is never "confirmed"
        for (const c of d.causes) if (c.confidence === 'confirmed') expect(want.causes, got).toContain(c.id);
        if (ids[0] !== want.causes[0]) expect(want.causes, got).toContain(ids[0]);
      }
      const lead = d.causes.find((c) => c.id === want.causes[0])!;
      expect(lead.fixOn).toBe(want.fixOn);
      expect(fixOnOf(want.causes[0] as (typeof CAUSE_IDS)[number])).toBe(want.fixOn);
      // the lead is backed by a line of the paste
      expect(lead.why.length).toBeGreaterThan(0);
      const lines = text.split('\n');
      for (const w of lead.why) expect(w.line).toBeLessThanOrEqual(lines.length);
      if (want.hop) expect(d.hop?.hop, d.hop?.detail).toBe(want.hop);
      if (want.tool === null) expect(d.tool ?? null).toBeNull();
      else {
        expect(d.tool?.id).toBe(want.tool);
        expect(d.tool?.href).toBe(`/seen-in/${want.tool}/`);
        expect(existsSync(join(TOOL_PAGES, `${want.tool}.mdx`))).toBe(true);
        expect(d.tool?.nextStep.length).toBeGreaterThan(20);
      }
    });
  }

  // the same pastes inside what surrounds them in real output: stack frames, and per-line stamps and prefixes
  const GO_FRAMES = ['goroutine 1 [running]:', 'main.main()', '\t/src/main.go:42 +0x1d'];
  const NODE_FRAMES = [
    '    at Client.<anonymous> (/app/node_modules/ssh2/lib/client.js:812:17)',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  ];
  for (const file of pastes) {
    const want = sidecar(file);
    const text = readFileSync(join(DIR, file), 'utf8');
    it(`${file} inside stack frames reads the same`, () => {
      const plain = diagnose(text);
      const framed = diagnose([...GO_FRAMES, text, ...NODE_FRAMES].join('\n'));
      expect(framed.causes[0]?.id).toBe(plain.causes[0]?.id);
      expect(framed.tool?.id).toBe(plain.tool?.id);
    });
    // a tool's own output gets stamps and "> " prefixes (VS Code's output channel); pasted config does not
    if (want.tool !== null)
      it(`${file} with timestamps and "> " prefixes reads the same`, () => {
        const plain = diagnose(text);
        const stamped = diagnose(
          text
            .split('\n')
            .map((l, i) => (l ? `2026-12-03T10:00:0${i % 10}.123Z > ${l}` : l))
            .join('\n'),
        );
        expect(stamped.causes[0]?.id).toBe(plain.causes[0]?.id);
        expect(stamped.tool?.id).toBe(plain.tool?.id);
      });
  }

  it('reads several tools’ lines in one paste', () => {
    const mix = ['putty-eventlog.txt', 'go-xcrypto.txt', 'paramiko-ansible.txt', 'ssh2-node.txt'].map((f) => readFileSync(join(DIR, f), 'utf8')).join('\n');
    const d = diagnose(mix);
    expect(d.causes[0]?.id).toBe('tcp-forwarding-disabled');
    expect(d.tool?.id).toBe('putty-winscp');
    expect(d.lines.filter((l) => l.causes.includes('tcp-forwarding-disabled')).length).toBeGreaterThanOrEqual(4);
  });
});
