/**
 * `tunnel-doctor check`, run on the SSH server: would this forward work for this user, and if not,
 * why? It gathers the live facts (system.ts), maps them into a scenario (check-scenario.ts) and
 * runs the same model as the simulator. It never changes anything on the machine.
 */
import { readFile, stat } from 'node:fs/promises';
import net from 'node:net';
import { userInfo } from 'node:os';
import { simulate } from '../machine/channel-open/simulate.ts';
import { parseSshCommand } from '../model/parse/command.ts';
import { lookupHosts, parseHosts } from '../model/parse/hosts.ts';
import { lastValue, type ParsedArgs, parseArgs } from './args.ts';
import {
  type CheckFacts,
  type Resolved,
  scenarioFromFacts,
  selectKeyLine,
  serverSidePaths,
  serverSideTargets,
  sshdTProblem,
  type TargetFacts,
} from './check-scenario.ts';
import { renderCheck } from './check-render.ts';
import { EXIT_CODES_TEXT } from './exit-codes.ts';
import { colorFor, EXIT, fail, InputError, type Io, readInput } from './io.ts';
import { homeOf, listenersOn, probeTcp, resolveName, runProgram, sshdVersion } from './system.ts';

export const CHECK_HELP = `Usage: tunnel-doctor check [options] (-L SPEC | -R SPEC | -D PORT --connect HOST:PORT | -W HOST:PORT | --command 'ssh …')

Run it on the SSH server (as root, so that sshd -T can read the configuration). It reads the
effective settings for the user (sshd -T -C user=…,host=…,addr=…), the user's authorized_keys
line, /etc/hosts, the server's own name resolution of the target (the system resolver) and a TCP
probe of the target (2 s at most), then runs the simulator's model on what it found and prints
its steps, the lines ssh and sshd would print, the cause, the machine to fix and the fix.
It never changes anything.

  sudo tunnel-doctor check --user alice --addr 198.51.100.23 -L 8080:db.internal:5432
  sudo sshd -T -C user=alice,host=gw,addr=10.0.0.5 | tunnel-doctor check --sshd-t - --user alice -L 5432:localhost:5432

Options:
  -L SPEC, -R SPEC, -D PORT, -W HOST:PORT   the forward to check (as you give it to ssh)
  --command 'ssh …'      the whole ssh command instead (its user is the default --user)
  --connect HOST:PORT    with -D: the destination the SOCKS client asks for
  --user USER            the account that logs in (default: the command's user, else $SUDO_USER, else you)
  --addr ADDR            the client's address as the server sees it (default 127.0.0.1)
  --host NAME            the client's host name for Match Host (default: ADDR)
  --sshd-t FILE|-        read sshd -T output from FILE or standard input instead of running sshd
  --sshd PATH            the sshd to ask (default /usr/sbin/sshd)
  --sshd-config FILE     its configuration file (sshd -f; default sshd's own)
  --server-version V     the OpenSSH version (default: what sshd -V says)
  --authorized-keys FILE the user's authorized_keys (default ~USER/.ssh/authorized_keys)
  --key TEXT             which key line logs in (a comment or the base64 key), when there are several
  --hosts FILE           the hosts file (default /etc/hosts)
  --timeout MS           TCP probe timeout (default 2000)
  --json                 print { scenario, trace, cause, notes } as JSON
  -h, --help             this text

${EXIT_CODES_TEXT}`;

const SPEC = {
  flags: ['help', 'json'],
  values: [
    'L',
    'R',
    'D',
    'W',
    'command',
    'connect',
    'user',
    'addr',
    'host',
    'sshd-t',
    'sshd',
    'sshd-config',
    'server-version',
    'authorized-keys',
    'key',
    'hosts',
    'timeout',
  ],
  aliases: { h: 'help' },
};

/** A usage problem: one line, exit 2. */
class UsageError extends Error {}

function hostPort(text: string, what: string): { host: string; port: number } {
  const m = /^\[?([^\]]*?)\]?:(\d{1,5})$/.exec(text);
  if (!m?.[1] || Number(m[2]) > 65535) throw new UsageError(`${what} needs HOST:PORT, not '${text}'`);
  return { host: m[1], port: Number(m[2]) };
}

/** The ssh command to check, and the user it logs in as. */
function commandOf(p: ParsedArgs, env: Record<string, string | undefined>): { command: string; user: string } {
  const given = lastValue(p, 'command');
  const flags = (['L', 'R', 'D', 'W'] as const).flatMap((f) => (p.values.get(f) ?? []).map((v) => `-${f} ${v}`));
  if (given && flags.length) throw new UsageError('give either --command or -L/-R/-D/-W, not both');
  if (!given && !flags.length) throw new UsageError('say which forward to check: -L SPEC, -R SPEC, -D PORT, -W HOST:PORT or --command (see --help)');
  const parsedUser = given ? parseSshCommand(given).value.user : null;
  const user = lastValue(p, 'user') ?? parsedUser ?? env.SUDO_USER ?? userInfo().username;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.@-]*$/.test(user)) throw new UsageError(`'${user}' is not a user name`);
  if (given) return { command: given, user };
  const words = flags.map((f) => (/^[\w@%+=:,./[\]-]+$/.test(f.slice(3)) ? f : `${f.slice(0, 3)}'${f.slice(3)}'`));
  return { command: `ssh ${p.values.has('W') ? '' : '-N '}${words.join(' ')} ${user}@server`, user };
}

async function readText(path: string, io: Io, what: string): Promise<string> {
  try {
    return await readInput(path, io);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${what}: ${e.message}`);
    throw e;
  }
}

/** sshd -T output: from --sshd-t, else by running sshd -T -C (read-only). */
async function effectiveSettings(p: ParsedArgs, io: Io, user: string, addr: string, host: string): Promise<string> {
  const from = lastValue(p, 'sshd-t');
  let text: string;
  let what = `sshd -T output (${from === '-' ? 'standard input' : from})`;
  if (from !== undefined) text = await readText(from, io, '--sshd-t');
  else {
    const sshd = lastValue(p, 'sshd') ?? '/usr/sbin/sshd';
    const cfg = lastValue(p, 'sshd-config');
    const r = await runProgram(sshd, ['-T', '-C', `user=${user},host=${host},addr=${addr}`, ...(cfg ? ['-f', cfg] : [])]);
    if (!r.ok) throw new InputError(`cannot run ${sshd} -T (${r.error}); run as root, or give its output with --sshd-t FILE`);
    text = r.stdout;
    what = `the output of ${sshd} -T`;
  }
  const problem = sshdTProblem(text);
  if (problem) throw new InputError(`${what} is not sshd -T output: ${problem}`);
  return text;
}

async function keyLine(p: ParsedArgs, io: Io, user: string, notes: string[]): Promise<string | null> {
  let path = lastValue(p, 'authorized-keys');
  if (path === undefined) {
    const home = homeOf(await readFile('/etc/passwd', 'utf8').catch(() => ''), user);
    if (!home) {
      notes.push(`${user} is not in /etc/passwd: give --authorized-keys FILE to check the key's options`);
      return null;
    }
    path = `${home}/.ssh/authorized_keys`;
    const text = await readInput(path, io).catch(() => null);
    if (text === null) {
      notes.push(`cannot read ${path}: checked as a key without options (give --authorized-keys FILE)`);
      return null;
    }
    return pick(text, lastValue(p, 'key'), path);
  }
  return pick(await readText(path, io, '--authorized-keys'), lastValue(p, 'key'), path);
}

function pick(text: string, key: string | undefined, path: string): string | null {
  const r = selectKeyLine(text, key);
  if (r.error) throw new InputError(`${path}: ${r.error}`);
  return r.line;
}

/** The addresses a target name has: numeric, else the hosts file that was read (--hosts), else the system resolver. */
async function addressesOf(host: string, hostsText: string): Promise<Resolved> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (net.isIP(bare)) return { addresses: [bare] };
  const listed = lookupHosts(parseHosts(hostsText).value, host, 'any');
  return listed.length ? { addresses: listed } : resolveName(host);
}

async function observeTargets(
  command: string,
  connect: { host: string; port: number } | undefined,
  hostsText: string,
  timeoutMs: number,
): Promise<TargetFacts[]> {
  const wanted = serverSideTargets(command);
  if (connect) wanted.push(connect);
  const out: TargetFacts[] = [];
  for (const t of wanted.slice(0, 8)) {
    const resolved = await addressesOf(t.host, hostsText);
    const addresses = 'addresses' in resolved ? resolved.addresses.slice(0, 4) : [];
    const probes = await Promise.all(addresses.map(async (address) => ({ address, state: await probeTcp(address, t.port, timeoutMs) })));
    // Nothing answered where the name points: does a service listen on that port at another address?
    if (probes.length && probes.every((pr) => pr.state === 'closed'))
      for (const address of await listenersOn(t.port, (f) => readFile(f, 'utf8'))) probes.push({ address, state: 'listening' });
    out.push({ host: t.host, port: t.port, resolved, probes });
  }
  return out;
}

/** Which of these paths are Unix sockets on this machine (stat only). */
async function existingSockets(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) if ((await stat(p).catch(() => null))?.isSocket()) out.push(p);
  return out;
}

async function gather(p: ParsedArgs, io: Io): Promise<{ facts: CheckFacts; notes: string[] }> {
  const env = io.env ?? process.env;
  const { command, user } = commandOf(p, env);
  const addr = lastValue(p, 'addr') ?? '127.0.0.1';
  if (!net.isIP(addr)) throw new UsageError(`--addr needs an IP address, not '${addr}'`);
  const host = lastValue(p, 'host') ?? addr;
  const timeout = Number(lastValue(p, 'timeout') ?? 2000);
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 60_000) throw new UsageError('--timeout needs milliseconds between 1 and 60000');
  const connectText = lastValue(p, 'connect');
  const connect = connectText ? hostPort(connectText, '--connect') : undefined;
  if (p.values.has('D') && !connect) throw new UsageError('with -D, give --connect HOST:PORT: the destination the SOCKS client asks for');
  const notes: string[] = [];
  const sshdT = await effectiveSettings(p, io, user, addr, host);
  const version = lastValue(p, 'server-version') ?? (lastValue(p, 'sshd-t') === undefined ? await sshdVersion(lastValue(p, 'sshd') ?? '/usr/sbin/sshd') : null);
  const keys = await keyLine(p, io, user, notes);
  const hosts = await readText(lastValue(p, 'hosts') ?? '/etc/hosts', io, 'the hosts file');
  const targets = await observeTargets(command, connect, hosts, timeout);
  const sockets = await existingSockets(serverSidePaths(command));
  return { facts: { command, user, clientAddress: addr, sshdT, version, keyLine: keys, hosts, targets, connect, sockets }, notes };
}

export async function checkCommand(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args, SPEC);
  if (p.flags.has('help')) {
    io.stdout.write(CHECK_HELP);
    return EXIT.OK;
  }
  if (p.error) return fail(io, 'check', `${p.error} (see tunnel-doctor check --help)`);
  if (p.positionals.length) return fail(io, 'check', `unexpected argument '${p.positionals[0]}' (see tunnel-doctor check --help)`);
  try {
    const { facts, notes } = await gather(p, io);
    const { scenario, notes: mapped } = scenarioFromFacts(facts);
    const trace = simulate(scenario);
    io.stdout.write(renderCheck({ scenario, trace, notes: [...notes, ...mapped] }, { json: p.flags.has('json'), color: colorFor(io.stdout, io) }));
    return trace.outcome === 'open' ? EXIT.OK : EXIT.FOUND;
  } catch (e) {
    if (e instanceof InputError || e instanceof UsageError) return fail(io, 'check', e.message);
    throw e;
  }
}
