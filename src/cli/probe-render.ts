/**
 * What `tunnel-doctor probe` prints: the hops, each forward's test, the cause with the hop and the
 * machine to fix, the evidence lines, what it could not see and the message for the admin (text),
 * or everything as JSON. Lines from the servers are already made safe (sanitize.ts).
 */
import { shellWord, collectorArgs, forwardRunArgs, jumpLoginArgs, type ProbePlan, serverLoginArgs } from './probe-plan.ts';
import type { CollectorResult, RunResult } from './probe-run.ts';
import type { ProbeVerdict } from './probe-verdict.ts';
import { siteLink } from './site.ts';

export interface ProbeReport {
  plan: ProbePlan;
  run: RunResult;
  collectors: CollectorResult[];
  verdict: ProbeVerdict;
}

const RESULT: Record<RunResult['tests'][number]['result'], string> = {
  open: 'OPEN',
  refused: 'REFUSED',
  'no-listener': 'NO LISTENER',
  skipped: 'skipped',
  untested: 'not tried',
};

function commandText(program: string, argv: string[]): string {
  return [program, ...argv.map(shellWord)].join(' ');
}

function hopsLine(plan: ProbePlan): string {
  return ['you', ...plan.hops.map((h) => `${h.host}${h.role === 'jump' ? ' (jump host)' : ' (SSH server)'}`)].join(' → ');
}

function verdictLines(r: ProbeReport, b: (s: string) => string): string[] {
  const v = r.verdict;
  const out: string[] = [];
  if (v.status === 'works') return [b('Result: every forward tried works; the model found nothing wrong.')];
  if (!v.cause) return [b(`Result: ${v.status === 'login-failed' ? 'the login failed' : 'no cause could be named'}.`), `  ${v.diagnosis.summary}`];
  const hop = v.hop !== null ? r.plan.hops[v.hop] : undefined;
  out.push(b(`Cause: ${v.cause.title} [${v.cause.id}] (${v.cause.confidence})`));
  if (hop && v.cause.fixOn !== 'client')
    out.push(`Where: ${hop.host}, hop ${v.hop! + 1} of ${r.plan.hops.length} (${hop.role === 'server' ? 'the SSH server' : 'a jump host'})`);
  out.push(`Fix on: ${v.machine}`);
  if (v.cause.fix) out.push(`Fix: ${v.cause.fix}`);
  out.push(`More: ${siteLink(v.cause.href)}`, '', b('Evidence:'));
  for (const e of v.evidence.slice(0, 8)) out.push(`  ${String(e.line).padStart(4)} | ${e.text}`, `       ${e.note}`);
  return out;
}

function collectorLines(r: ProbeReport, b: (s: string) => string): string[] {
  const out: string[] = [];
  for (const c of r.collectors) {
    const hop = r.plan.hops[c.hop];
    out.push('', b(`On ${hop?.host ?? '?'} (collector ${c.ran ? 'ran' : 'did not run'}, exit ${c.exitCode ?? 'none'}):`));
    const shown = c.ran ? c.stdout.filter((l) => l.startsWith('@@ ')) : c.stdout.slice(0, 20);
    for (const l of shown.slice(0, 40)) out.push(`  ${l}`);
    for (const l of c.stderr.filter((x) => !x.startsWith('debug')).slice(0, 10)) out.push(`  stderr: ${l}`);
  }
  return out;
}

/** The probe's report for a terminal, or as JSON. */
export function renderProbe(r: ProbeReport, opts: { json: boolean; color: boolean }): string {
  if (opts.json) {
    const { diagnosis, ...verdict } = r.verdict;
    const plan = { args: r.plan.args, hops: r.plan.hops, forwards: r.plan.forwards, serverTargets: r.plan.serverTargets };
    return `${JSON.stringify({ plan, run: r.run, collectors: r.collectors, verdict, diagnosis }, null, 2)}\n`;
  }
  const b = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[0m` : s);
  const out = [`Probed: ssh ${r.plan.args.map(shellWord).join(' ')}`, `Hops: ${hopsLine(r.plan)}`, '', b('Forwards:')];
  for (const t of r.run.tests) out.push(`  ${RESULT[t.result].padEnd(11)} ${t.forward}: ${t.detail}`);
  if (!r.run.tests.length) out.push('  (none to try)');
  out.push(...collectorLines(r, b), '', ...verdictLines(r, b));
  if (r.verdict.unseen.length) out.push('', b('Not seen:'), ...r.verdict.unseen.map((u) => `  - ${u}`));
  if (r.verdict.message) out.push('', b('Message for the admin:'), ...r.verdict.message.split('\n').map((l) => `  ${l}`));
  const failedLines = r.run.lines.filter((l) => !l.startsWith('debug') && l.trim()).slice(0, 15);
  if (failedLines.length) out.push('', b('ssh printed (without debug lines):'), ...failedLines.map((l) => `  ${l}`));
  return `${out.join('\n')}\n`;
}

/** --dry-run: every command probe would run, and the script it sends, without running anything. */
export function renderDryRun(plan: ProbePlan, o: { ssh: string }, script: string): string {
  const key = '<sha256 of the key "Server accepts key" names>';
  const out = [
    'tunnel-doctor probe --dry-run: nothing is run. ssh_config may change the hops and forwards; the run asks ssh -G first.',
    '',
    'On this machine:',
    `  1. ${commandText(o.ssh, ['-G', ...plan.args])}`,
    `  2. ${commandText(o.ssh, forwardRunArgs(plan))}`,
    '     then one test connection through each forward:',
    ...plan.forwards.map(
      (f) =>
        `       ${f.kind === 'remote' ? '(answer read from ssh -v)' : f.kind === 'dynamic' ? 'SOCKS5 CONNECT (with --socks-target)' : 'TCP connect'} -${f.kind === 'local' ? 'L' : f.kind === 'remote' ? 'R' : 'D'} ${f.spec}`,
    ),
    '  3. only if a channel was refused, for each hop up to the one that refused, with the script below on standard input:',
  ];
  plan.hops.forEach((h, i) => {
    const args = collectorArgs(plan, i, key);
    out.push(`     ${h.host}: ${commandText(o.ssh, h.role === 'server' ? serverLoginArgs(plan, args) : jumpLoginArgs(plan, i, args))}`);
  });
  out.push('', 'On each hop (as you, read-only, no sudo), the script:', '', ...script.split('\n').map((l) => `  ${l}`));
  return `${out.join('\n')}\n`;
}
