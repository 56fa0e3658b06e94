/**
 * The probe's answer, from what the runs printed: which hop refused (the last machine ssh logged
 * in to), the diagnoser's cause for the run's lines plus that hop's collector output, the machine
 * to fix, the evidence lines, what could not be seen, and the message for that machine's admin.
 * Every SSH rule is the model's (diagnose()); this only arranges its answer around the hops.
 */
import { diagnose, type Diagnosis, type RankedCause } from '../model/diagnose/index.ts';
import type { FixOn } from '../model/causes.ts';
import type { Hop, ProbePlan } from './probe-plan.ts';
import { type CollectorResult, type ForwardTest, forwardLabel, type RunResult } from './probe-run.ts';
import { siteLink } from './site.ts';

export interface ProbeVerdict {
  /** works: every forward tried opened and the model found nothing; refused: a cause was found. */
  status: 'works' | 'refused' | 'login-failed' | 'undecided';
  /** The hop whose machine refused or failed, by index into plan.hops. */
  hop: number | null;
  cause: RankedCause | null;
  /** Which machine to fix, in words: "server.example (the SSH server)". */
  machine: string | null;
  evidence: { line: number; text: string; note: string }[];
  /** What the probe could not see. */
  unseen: string[];
  /** The message to send the admin of the machine to fix. */
  message: string | null;
  diagnosis: Diagnosis;
}

/** Hosts ssh -v says it logged in to, in order ("Authenticated to HOST (…)"). */
export function authenticatedHosts(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const m = /Authenticated to (\S+)/.exec(l);
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}

/** Hosts ssh -v says it logged in to with a password ("Authenticated to HOST (…) using "password"" or keyboard-interactive). */
export function passwordHosts(lines: string[]): Set<string> {
  const out = new Set<string>();
  for (const l of lines) {
    const m = /Authenticated to (\S+) .*using "(password|keyboard-interactive)"/.exec(l);
    if (m?.[1]) out.add(m[1]);
  }
  return out;
}

/** The -R tries, completed with what the collector on the SSH server found when it connected to each -R port. */
export function remoteFromServer(plan: ProbePlan, tests: ForwardTest[], collectors: CollectorResult[]): ForwardTest[] {
  const server = collectors.find((c) => c.hop === plan.hops.length - 1 && c.ran);
  if (!server) return tests;
  return tests.map((t, i) => {
    const f = plan.forwards[i];
    if (f?.kind !== 'remote' || f.listenPort === null || t.forward !== forwardLabel(f)) return t;
    const at = server.stdout.indexOf(`@@ listen-test ${f.listenPort}`);
    const m = at >= 0 ? /^@@ connect 127\.0\.0\.1 (\d+) (open|failed)\s*(.*?)(?: via \S+)?$/.exec(server.stdout[at + 1] ?? '') : null;
    if (!m) return t;
    if (m[2] === 'open') return { ...t, detail: `${t.detail}; from the server, a connection to 127.0.0.1:${m[1]} was accepted` };
    const loopback = f.bindAddress === null || ['', '*', 'localhost', '127.0.0.1', '0.0.0.0'].includes(f.bindAddress);
    const detail = `${t.detail}; from the server, nothing accepted a connection to 127.0.0.1:${m[1]} (${m[3] || 'refused'})`;
    return { ...t, result: loopback && t.result === 'open' ? 'no-listener' : t.result, detail };
  });
}

/** The hop that refused: the last one ssh logged in to (the final server when it got that far); null when no login worked. */
export function refusingHop(plan: ProbePlan, run: RunResult): number | null {
  const authed = authenticatedHosts(run.lines);
  for (let i = plan.hops.length - 1; i >= 0; i--) {
    const h = plan.hops[i]!;
    if (authed.some((a) => a === h.host || a === h.spec || a.toLowerCase() === h.host.toLowerCase())) return i;
  }
  // a jump whose name ssh prints differently: with no match, and a login somewhere, say the last login's hop
  return authed.length ? Math.min(authed.length, plan.hops.length) - 1 : null;
}

/** The key ssh logged in with on each host (the SHA-256 of the key blob, hex), from "Server accepts key: … SHA256:…". */
export function acceptedKeys(lines: string[]): Map<string, string> {
  const out = new Map<string, string>();
  let host = '';
  for (const l of lines) {
    const a = /Authenticating to (\S+?)(?::\d+)? as /.exec(l);
    if (a?.[1]) host = a[1];
    const k = /Server accepts key: .*\bSHA256:([A-Za-z0-9+/]{43})\b/.exec(l);
    if (k?.[1] && host) out.set(host, Buffer.from(k[1], 'base64').toString('hex'));
  }
  return out;
}

function hopName(hop: Hop): string {
  return `${hop.host} (${hop.role === 'server' ? 'the SSH server' : 'a jump host'})`;
}

/** The machine a cause is fixed on, named after the hop that refused. */
function machineFor(fixOn: FixOn, plan: ProbePlan, hop: number): string {
  const h = plan.hops[hop]!;
  const jump = plan.hops.findLast((x, i) => x.role === 'jump' && i <= hop);
  switch (fixOn) {
    case 'client':
      return 'your machine (the ssh client and its configuration)';
    case 'jump-host':
      return jump ? hopName(jump) : hopName(h);
    case 'ssh-server':
      return hopName(h);
    case 'name-resolution':
      return `the name resolution of ${h.host} (its /etc/hosts, resolv.conf or DNS server)`;
    case 'target':
      return `the target service, as ${h.host} reaches it`;
    default:
      return `the network between ${h.host} and the target`;
  }
}

/** The text the model reads: the command, the run's lines, and the refusing hop's collector output. */
export function probeTranscript(plan: ProbePlan, run: RunResult, collector: CollectorResult | null): string {
  const command = ['ssh', ...plan.args].join(' ');
  // a collector that did not run: what ran instead (a forced command, sftp's refusal) says why
  const instead = collector && !collector.ran ? [...collector.stderr.filter((l) => !l.startsWith('debug')), ...collector.stdout.slice(0, 50)] : [];
  return [command, ...run.lines, ...(collector?.ran ? collector.stdout : instead)].join('\n');
}

/** The lines a cause rests on; a line the collector printed says which file or command on which host it came from. */
function evidenceOf(cause: RankedCause | null, d: Diagnosis, transcript: string[], host: string): ProbeVerdict['evidence'] {
  const texts = new Map(d.lines.map((l) => [l.line, l.text]));
  return (cause?.why ?? []).map((w) => {
    const text = texts.get(w.line) ?? transcript[w.line - 1] ?? '';
    if (!text.startsWith('| ') && !text.startsWith('@@ ')) return { line: w.line, text, note: w.note };
    const section = transcript
      .slice(0, w.line - 1)
      .reverse()
      .find((l) => /^@@ (file|sshd-T|log|key) /.test(l));
    const from = !section
      ? 'the collector'
      : section.startsWith('@@ key ')
        ? `the options of key ${section.slice(7)}`
        : section
            .slice(3)
            .replace(/^file /, '')
            .replace(/ \(continued\)$/, '');
    return { line: w.line, text: `${text.replace(/^(\| |@@ key-options )/, '')}    (${from}, on ${host})`, note: w.note };
  });
}

/** What the probe could not see, from the collectors and the runs. */
function unseenOf(plan: ProbePlan, run: RunResult, collectors: CollectorResult[], d: Diagnosis): string[] {
  const out: string[] = [];
  if (run.timedOut) out.push('ssh did not finish logging in within the time limit: later lines are missing.');
  for (const t of run.tests) if (t.result === 'skipped' || t.result === 'untested') out.push(`${t.forward}: ${t.detail}.`);
  for (const c of collectors) {
    const where = plan.hops[c.hop]?.host ?? '?';
    if (c.binary) out.push(`On ${where}, something else answered instead of the collector (binary output, not shown): a forced command such as internal-sftp.`);
    else if (!c.ran && c.stderr.some((l) => /password has expired|must change your password/i.test(l)))
      out.push(`On ${where}, the collector did not run: the server runs no command until the expired password is changed (an interactive login asks for it).`);
    else if (!c.ran && c.argv.includes('BatchMode=no') && c.stderr.some((l) => l.includes('Permission denied')))
      out.push(`On ${where}, the collector could not log in: the password was not accepted this time (it is asked once).`);
    else if (!c.ran && c.stderr.some((l) => l.includes('Permission denied')))
      out.push(
        `On ${where}, the collector could not log in: it uses BatchMode, which allows no password or passphrase prompt (if your login asks for a password, an expired password is possible too: it also blocks forwarding).`,
      );
    else if (!c.ran)
      out.push(
        `On ${where}, the collector did not run: the server ran another command (a forced command: command= on the key, or ForceCommand) or refused the session${c.stdout.length ? '; what it printed is shown, made safe' : ''}.`,
      );
    if (c.timedOut) out.push(`On ${where}, the collector did not finish in time.`);
    if (c.truncated) out.push(`On ${where}, the output was longer than the limit and was cut.`);
  }
  for (const n of d.notes) if (/collector|not seen|not read/i.test(n)) out.push(n);
  return [...new Set(out)];
}

/** The message for the admin of the machine to fix. */
function adminMessage(plan: ProbePlan, v: Pick<ProbeVerdict, 'cause' | 'machine' | 'evidence' | 'hop'>): string | null {
  const c = v.cause;
  if (!c || v.hop === null) return null;
  const hop = plan.hops[v.hop]!;
  const lines = [
    `Hello, my SSH tunnel through ${hop.host} is refused:`,
    `  ssh ${plan.args.join(' ')}`,
    `Tunnel Doctor's probe says: ${c.title}.`,
    `What to change on ${v.machine}: ${c.fix || 'see the page below'}`,
    'The lines it rests on:',
    ...v.evidence.slice(0, 6).map((e) => `  ${e.text}`),
    `More: ${siteLink(c.href)}`,
    'To see it from the server yourself: run the collector there (the /collect/ page), as root for sshd -T and the log.',
  ];
  return lines.join('\n');
}

/** The verdict from the run and the collectors (the refusing hop's output decides). */
export function probeVerdict(plan: ProbePlan, run: RunResult, collectors: CollectorResult[]): ProbeVerdict {
  const hop = refusingHop(plan, run);
  const mine = collectors.find((c) => c.hop === hop) ?? null;
  const d = diagnose(probeTranscript(plan, run, mine));
  const cause = d.causes[0] ?? null;
  const allOpen = run.tests.length > 0 && run.tests.every((t) => t.result === 'open' || t.result === 'skipped');
  const status = cause?.id === 'auth-failed' || hop === null ? 'login-failed' : cause ? 'refused' : allOpen ? 'works' : 'undecided';
  const machine = cause && hop !== null ? machineFor(cause.fixOn, plan, hop) : null;
  const evidence = evidenceOf(cause, d, probeTranscript(plan, run, mine).split('\n'), hop !== null ? plan.hops[hop]!.host : '');
  const unseen = unseenOf(plan, run, collectors, d);
  const v = { status, hop, cause, machine, evidence, unseen, diagnosis: d } as const;
  return { ...v, message: status === 'refused' ? adminMessage(plan, v) : null };
}
