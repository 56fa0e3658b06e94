/**
 * Plain-text rendering of a diagnosis for a terminal (`tunnel-doctor diagnose`): presentation, so it
 * lives with the CLI, not in the model. No colours
 * unless asked, no Node APIs.
 */
import type { Diagnosis } from '../model/diagnose/index.ts';

export interface RenderOptions {
  /** Site origin for cause links, e.g. "https://tunnel.example" ("": the links are paths). */
  origin?: string;
  /** Wrap highlighted spans in ANSI bold/underline. */
  color?: boolean;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function renderText(d: Diagnosis, opts: RenderOptions = {}): string {
  const origin = opts.origin ?? '';
  const b = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[0m` : s);
  const out: string[] = [];
  if (!d.recognised) {
    out.push(d.summary, '', 'Paste (or pipe) one of these instead:');
    for (const h of d.pasteHints) out.push(`  - ${h}`);
    for (const n of d.notes) out.push(`Note: ${n}`);
    return `${out.join('\n')}\n`;
  }
  out.push(b(d.summary), '');
  if (d.server.summary) out.push(`Server: ${d.server.summary}`);
  if (d.hop) out.push(`Refused by: ${d.hop.label}${d.hop.line ? ` (line ${d.hop.line})` : ''}. ${d.hop.detail}`);
  if (d.command) out.push(`Command: ${d.command}`);
  if (d.tool) out.push(`Seen in: ${d.tool.title} (line ${d.tool.line}): ${d.tool.nextStep}`, `   More: ${origin}${d.tool.href}`);
  if (d.server.summary || d.hop || d.command || d.tool) out.push('');
  if (d.causes.length) {
    out.push(b('Causes, most likely first:'));
    d.causes.forEach((c, i) => {
      out.push(`${i + 1}. ${c.title} [${c.id}] ${pct(c.score)} (${c.confidence})`);
      out.push(`   Fix on: ${c.fixOnLabel}`);
      for (const w of c.why.slice(0, 4)) out.push(`   line ${w.line}: ${w.note}`);
      if (c.implies) out.push(`   Implies: ${c.implies}`);
      if (i < 2 && c.fix) out.push(`   Fix: ${c.fix}`);
      out.push(`   More: ${origin}${c.href}`);
    });
    out.push('');
  }
  if (d.nextStep) {
    const s = d.nextStep;
    out.push(b(`Next step, on ${s.onLabel.charAt(0).toLowerCase()}${s.onLabel.slice(1)}:`), `  ${s.command}`, `  ${s.purpose}`);
    for (const o of s.outcomes) out.push(`  - if you see ${o.ifYouSee}: ${o.then}${o.cause ? ` [${o.cause}]` : ''}`);
    out.push('');
  }
  if (d.ruledOut.length) {
    out.push(b('Ruled out:'));
    for (const r of d.ruledOut.slice(0, 8)) out.push(`  - ${r.title} [${r.id}]: ${r.reason}`);
    out.push('');
  }
  if (d.notes.length) {
    out.push(b('Notes:'));
    for (const n of d.notes) out.push(`  - ${n}`);
    out.push('');
  }
  const cited = d.lines.filter((l) => l.causes.length > 0).slice(0, 12);
  if (cited.length) {
    out.push(b('Lines that decided it:'));
    for (const l of cited) {
      let text = l.text;
      if (opts.color) {
        let acc = '';
        let pos = 0;
        for (const s of l.spans) {
          const st = s.column - 1;
          if (st < pos) continue;
          acc += `${text.slice(pos, st)}\x1b[1;4m${text.slice(st, st + s.length)}\x1b[0m`;
          pos = st + s.length;
        }
        text = acc + text.slice(pos);
      }
      out.push(`  ${String(l.line).padStart(5)} | ${text}`);
    }
    out.push('');
  }
  if (d.simulatorHref) out.push(`Try it in the simulator: ${origin}${d.simulatorHref}`);
  return `${out.join('\n')}\n`;
}
