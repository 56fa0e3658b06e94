/**
 * What `tunnel-doctor check` prints: the simulator's steps and lines for what was observed, the
 * cause, the machine to fix and the fix (text for a terminal, or JSON).
 */
import { MACHINE_LABEL } from '../machine/channel-open/connect.ts';
import { causeById, FIX_ON_LABEL } from '../model/causes.ts';
import { diagnose } from '../model/diagnose/index.ts';
import { HOP_LABEL } from '../model/hops.ts';
import { STDIO_FORWARDING_FAILED } from '../model/messages.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Trace } from '../model/trace.ts';
import { siteLink } from './site.ts';

export interface CheckResult {
  scenario: Scenario;
  trace: Trace;
  notes: string[];
}

/** The fix the diagnoser gives for the trace's cause, when it is handed what the model printed. */
function fixFor(r: CheckResult): string | null {
  if (!r.trace.cause) return null;
  const pasted = [r.scenario.client.command, ...r.trace.clientLines, ...r.trace.serverLog.map((l) => `sshd[1]: ${l}`)].join('\n');
  return diagnose(pasted).causes.find((c) => c.id === r.trace.cause)?.fix || null;
}

function causeOf(r: CheckResult) {
  const info = r.trace.cause ? causeById(r.trace.cause) : undefined;
  if (!info || !r.trace.fixOn) return null;
  return {
    id: info.id,
    title: info.title,
    fixOn: r.trace.fixOn,
    fixOnLabel: FIX_ON_LABEL[r.trace.fixOn],
    fix: fixFor(r),
    href: siteLink(`/causes/${info.id}/`),
  };
}

/**
 * Which hop refused, as check sees it: it judges the machine it runs on as the SSH server; a
 * refused -W is what this machine answers when it is the jump host of a ProxyJump.
 */
function refusedBy(t: Trace): string[] {
  if (!t.hop || !t.hopDetail) return [];
  if (t.hop !== 'ssh-server') return [`Refused by: ${HOP_LABEL[t.hop]}. ${t.hopDetail}`];
  const asJump = t.clientLines.includes(STDIO_FORWARDING_FAILED)
    ? ' Used as a jump host (-J, ProxyJump), this machine is the hop that refused and the final server is never asked.'
    : '';
  return [`Refused by: this machine, where check ran. ${t.hopDetail}${asJump}`];
}

const STATUS: Record<Trace['steps'][number]['status'], string> = { passed: 'ok', rejected: 'REFUSED', failed: 'FAILED', skipped: 'skipped' };

export function renderCheck(r: CheckResult, opts: { json: boolean; color: boolean }): string {
  const cause = causeOf(r);
  if (opts.json) return `${JSON.stringify({ scenario: r.scenario, trace: r.trace, cause, notes: r.notes }, null, 2)}\n`;
  const b = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[0m` : s);
  const out = [`Checked: ${r.scenario.client.command} (client address ${r.scenario.client.address ?? '127.0.0.1'})`, '', b('Steps:')];
  for (const s of r.trace.steps) out.push(`  ${STATUS[s.status].padEnd(8)} ${MACHINE_LABEL[s.machine]}: ${s.detail}`);
  out.push('', b('ssh would print:'), ...(r.trace.clientLines.length ? r.trace.clientLines.map((l) => `  ${l}`) : ['  (nothing)']));
  out.push('', b('sshd would log:'), ...(r.trace.serverLog.length ? r.trace.serverLog.map((l) => `  ${l}`) : ['  (nothing)']), '');
  if (r.trace.outcome === 'open') out.push(b('Result: the channel opens.'));
  else if (cause) {
    out.push(b(`Result: refused. Cause: ${cause.title} [${cause.id}]`), ...refusedBy(r.trace), `Fix on: ${cause.fixOnLabel}`);
    if (cause.fix) out.push(`Fix: ${cause.fix}`);
    out.push(`More: ${cause.href}`);
  } else out.push(b(`Result: ${r.trace.outcome}.`));
  if (r.notes.length) out.push('', b('Notes:'), ...r.notes.map((n) => `  - ${n}`));
  return `${out.join('\n')}\n`;
}
