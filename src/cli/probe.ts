/**
 * `tunnel-doctor probe [--] ssh …`, run on the user's machine: what the server's admin would do
 * ("open a shell on the server and try the same connection from there"), without access to the
 * server beyond the user's own login and nothing installed there. It runs the command once with
 * -v, tries each forward once, and when a channel was refused logs in again the same way and runs
 * the read-only collector (collect.sh) on each hop; the model then names the cause and the hop.
 */
import { readSshCommand } from '../model/parse/command.ts';
import { EXIT_CODES_TEXT } from './exit-codes.ts';
import { colorFor, EXIT, fail, type Io } from './io.ts';
import { authorizedKeysFiles } from './probe-keys.ts';
import { collectorArgs, commandProblem, joinArgs, jumpLoginArgs, planProbe, type ProbePlan, serverLoginArgs } from './probe-plan.ts';
import { renderDryRun, renderProbe } from './probe-render.ts';
import { type CollectorResult, collectorRun, forwardRun, type RunResult, sshG } from './probe-run.ts';
import { acceptedKeys, passwordHosts, probeVerdict, refusingHop, remoteFromServer } from './probe-verdict.ts';

export const PROBE_HELP = `Usage: tunnel-doctor probe [options] [--] ssh [ssh options] destination

Run it on your machine, with the ssh command exactly as you type it. It runs the command once
(with -v and ExitOnForwardFailure=yes, for at most --timeout seconds) and sends one test
connection through each forward. If a channel is refused, it logs in again the same way (same
user, key and jump hosts, with -T and BatchMode) and runs a fixed, read-only sh script there as
you — no sudo, nothing written — that tries the same connection from the server: it resolves the
target with the server's resolver, connects to it, prints the options of the key that logged in
(never the key) and the sshd_config files it can read. With -J, each jump host is probed too.
With -R, it runs while the tunnel is open and connects to the -R port on the server. If your
login uses a password, that second login asks for it once.
Then it names the cause, the hop and the machine to fix, the evidence, what it could not see,
and the message to send that machine's admin.

  tunnel-doctor probe -- ssh -N -L 8080:db.internal:5432 alice@server.example
  tunnel-doctor probe --socks-target example.com:443 -- ssh -D 1080 -J bob@bastion alice@server
  tunnel-doctor probe --dry-run -- ssh -N -L 5432:localhost:5432 db-tunnel

Options:
  --socks-target HOST:PORT  with -D: the destination to ask the SOCKS proxy for (else -D is not tried)
  --timeout SECONDS         how long the forwarding run may take to log in (default 20)
  --ssh PATH                the ssh program (default: ssh on PATH)
  --dry-run                 print every local and remote command, and the script, without running them
  --json                    print everything the probe saw and its verdict as JSON
  -h, --help                this text

${EXIT_CODES_TEXT}`;

interface ProbeOptions {
  json: boolean;
  dryRun: boolean;
  help: boolean;
  socks: { host: string; port: number } | null;
  timeoutMs: number;
  ssh: string;
  args: string[];
}

function hostPort(text: string): { host: string; port: number } | null {
  const m = /^\[?([A-Za-z0-9._:-]+?)\]?:(\d{1,5})$/.exec(text);
  return m?.[1] && Number(m[2]) > 0 && Number(m[2]) <= 65535 ? { host: m[1], port: Number(m[2]) } : null;
}

/** probe's own options come first, up to `--` or the word `ssh`; the rest is the user's command. */
function readOptions(args: string[]): ProbeOptions | string {
  const o: ProbeOptions = { json: false, dryRun: false, help: false, socks: null, timeoutMs: 20_000, ssh: 'ssh', args: [] };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    const value = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i]);
    if (a === '--') {
      i++;
      break;
    } else if (a === '--json') o.json = true;
    else if (a === '--dry-run') o.dryRun = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else if (a.startsWith('--socks-target')) {
      const hp = hostPort(value() ?? '');
      if (!hp) return '--socks-target needs HOST:PORT';
      o.socks = hp;
    } else if (a.startsWith('--timeout')) {
      const s = Number(value());
      if (!Number.isFinite(s) || s < 1 || s > 300) return '--timeout needs seconds between 1 and 300';
      o.timeoutMs = s * 1000;
    } else if (a.startsWith('--ssh')) o.ssh = value() ?? '';
    else if (a.startsWith('-')) return `unknown option '${a}' (give the ssh command after --)`;
    else break;
  }
  const rest = args.slice(i);
  if (rest.length && /(^|\/)ssh$/.test(rest[0]!)) rest.shift();
  else if (rest.length && !rest[0]!.startsWith('-')) return `the command must start with ssh, not '${rest[0]}'`;
  return { ...o, args: rest };
}

/**
 * The collector on hop `i`; when the key that logged in was not in the default authorized_keys
 * files and the hop's sshd_config (read by the model) names others, once more with those.
 */
async function collectOn(o: ProbeOptions, plan: ProbePlan, i: number, key: string | null, password: boolean, env: NodeJS.ProcessEnv): Promise<CollectorResult> {
  const h = plan.hops[i]!;
  const login = (args: string[]) => (h.role === 'server' ? serverLoginArgs(plan, args, password) : jumpLoginArgs(plan, i, args, password));
  const args = collectorArgs(plan, i, key);
  const { COLLECT_SCRIPT } = await import('./collect-script.ts');
  const first = await collectorRun(o.ssh, i, login(args), COLLECT_SCRIPT, { timeoutMs: 30_000, env });
  if (!first.ran || !first.stdout.some((l) => l.startsWith('@@ key-not-found '))) return first;
  const files = authorizedKeysFiles(first.stdout, h.user);
  if (!files.length) return first;
  const again = await collectorRun(o.ssh, i, login([...args, ...files.flatMap((f) => ['--authorized-keys', f])]), COLLECT_SCRIPT, { timeoutMs: 30_000, env });
  return again.ran ? again : first;
}

/** Collector logins for each hop up to the refusing one, in order; the key of each hop from ssh -v. */
async function runCollectors(o: ProbeOptions, plan: ProbePlan, run: RunResult, env: NodeJS.ProcessEnv): Promise<CollectorResult[]> {
  const hop = refusingHop(plan, run);
  if (hop === null) return [];
  const keys = acceptedKeys(run.lines);
  const passwords = passwordHosts(run.lines);
  const out: CollectorResult[] = [];
  for (let i = 0; i <= hop; i++) {
    const h = plan.hops[i]!;
    const password = passwords.has(h.host) || passwords.has(h.spec);
    out.push(await collectOn(o, plan, i, keys.get(h.host) ?? keys.get(h.spec) ?? null, password, env));
  }
  return out;
}

export async function probeCommand(args: string[], io: Io): Promise<number> {
  const o = readOptions(args);
  if (typeof o === 'string') return fail(io, 'probe', o);
  if (o.help) {
    io.stdout.write(PROBE_HELP);
    return EXIT.OK;
  }
  if (!o.args.length) return fail(io, 'probe', 'give the ssh command, e.g. tunnel-doctor probe -- ssh -N -L 8080:db:5432 alice@server');
  const cmd = readSshCommand(joinArgs('ssh', o.args).text).value;
  const problem = commandProblem(cmd);
  if (problem) return fail(io, 'probe', problem);
  if (o.dryRun) {
    const { COLLECT_SCRIPT } = await import('./collect-script.ts');
    io.stdout.write(renderDryRun(planProbe(o.args, '', o.socks), o, COLLECT_SCRIPT));
    return EXIT.OK;
  }
  const env = { ...(io.env ?? process.env), LC_ALL: 'C' };
  const g = await sshG(o.ssh, o.args);
  if (g.error) return fail(io, 'probe', `ssh -G could not read this command (${g.error})`);
  const plan = planProbe(o.args, g.text, o.socks);
  // with a -R, the collectors run while ssh holds the tunnel, so the server's side of it can be tried
  let held: CollectorResult[] | null = null;
  const during = plan.remotePorts.length ? async (r: RunResult) => void (held = await runCollectors(o, plan, r, env)) : undefined;
  const run = await forwardRun(o.ssh, plan, { timeoutMs: o.timeoutMs, socks: o.socks, env, during });
  let collectors: CollectorResult[] = held ?? [];
  run.tests = remoteFromServer(plan, run.tests, collectors);
  let verdict = probeVerdict(plan, run, collectors);
  if (held === null && verdict.status !== 'works' && verdict.status !== 'login-failed') {
    collectors = await runCollectors(o, plan, run, env);
    verdict = probeVerdict(plan, run, collectors);
  }
  io.stdout.write(renderProbe({ plan, run, collectors, verdict }, { json: o.json, color: !o.json && colorFor(io.stdout, io) }));
  return verdict.status === 'works' ? EXIT.OK : EXIT.FOUND;
}
