/**
 * `tunnel-doctor simulate FILE|-`: reads a scenario (JSON), runs the channel-open model and prints
 * the trace as JSON. An invalid scenario exits 2 with one line per problem, naming the field path.
 */
import { simulate } from '../machine/channel-open/simulate.ts';
import { parseScenarioJson } from '../model/validate.ts';
import { parseArgs } from './args.ts';
import { EXIT, fail, InputError, type Io, readInput } from './io.ts';
import { siteLink } from './site.ts';

export const SIMULATE_HELP = `Usage: tunnel-doctor simulate [--json] FILE|-

Reads a scenario (JSON: client.command is required, every other field has a default; the format,
as JSON Schema, is ${siteLink('/scenario.schema.json')}) from FILE or, with -, from standard input. Prints the trace as JSON on standard output (--json is the default
and only format): the outcome, the step that decided, the cause and the machine to fix, and
exactly the lines the ssh client and the server print.

Exit codes:
  0  the channel opens
  1  the channel is refused (or fails before it is opened)
  2  the scenario is not valid (one line per problem on standard error) or the arguments are wrong

Example:
  echo '{"client":{"command":"ssh -N -L 8080:localhost:80 alice@server.example"},
         "server":{"sshdConfig":"AllowTcpForwarding no"}}' | tunnel-doctor simulate -
`;

export async function simulateCommand(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args, { flags: ['help', 'json'], aliases: { h: 'help' } });
  if (p.flags.has('help')) {
    io.stdout.write(SIMULATE_HELP);
    return EXIT.OK;
  }
  if (p.error) return fail(io, 'simulate', `${p.error} (see tunnel-doctor simulate --help)`);
  if (p.positionals.length !== 1) return fail(io, 'simulate', `expected one FILE or -, got ${p.positionals.length} (see tunnel-doctor simulate --help)`);
  const path = p.positionals[0]!;
  let text: string;
  try {
    text = await readInput(path, io);
  } catch (e) {
    if (e instanceof InputError) return fail(io, 'simulate', e.message);
    throw e;
  }
  const { scenario, problems } = parseScenarioJson(text);
  if (!scenario) {
    for (const problem of problems) io.stderr.write(`${problem.path}: ${problem.message}\n`);
    return EXIT.BAD_INPUT;
  }
  const trace = simulate(scenario);
  io.stdout.write(`${JSON.stringify(trace, null, 2)}\n`);
  return trace.outcome === 'open' ? EXIT.OK : EXIT.FOUND;
}
