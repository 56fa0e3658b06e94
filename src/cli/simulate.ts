/**
 * `tunnel-doctor simulate FILE|-`: reads a scenario (JSON), runs the channel-open model and prints
 * the trace as JSON. An invalid scenario exits 2 with one line per problem, naming the field path.
 */
import { readInput, type Io } from './main.ts';
import { parseScenarioJson } from '../model/validate.ts';
import { simulate } from '../machine/channel-open/simulate.ts';

const HELP = `Usage: tunnel-doctor simulate FILE|-

Reads a scenario (JSON, see scenario-format.md: client.command is required, every other field has
a default) from FILE or, with -, from standard input. Prints the trace as JSON on standard output:
the outcome, the step that decided, the cause and the machine to fix, and exactly the lines the
ssh client and the server print.

Exit codes: 0 the scenario was simulated; 2 the scenario is not valid (one line per problem on
standard error) or the arguments are wrong.

Example:
  echo '{"client":{"command":"ssh -N -L 8080:localhost:80 alice@server.example"},
         "server":{"sshdConfig":"AllowTcpForwarding no"}}' | tunnel-doctor simulate -
`;

export async function simulateCommand(args: string[], io: Io): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(HELP);
    return 0;
  }
  if (args.length !== 1) {
    io.stderr.write(`tunnel-doctor simulate: expected one FILE or -, got ${args.length} argument${args.length === 1 ? '' : 's'}\n\n${HELP}`);
    return 2;
  }
  let text: string;
  try {
    text = await readInput(args[0]!, io);
  } catch (e) {
    io.stderr.write(`tunnel-doctor simulate: cannot read ${args[0]}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  const { scenario, problems } = parseScenarioJson(text);
  if (!scenario) {
    for (const p of problems) io.stderr.write(`${p.path}: ${p.message}\n`);
    return 2;
  }
  io.stdout.write(`${JSON.stringify(simulate(scenario), null, 2)}\n`);
  return 0;
}
