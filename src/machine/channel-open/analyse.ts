/** What the simulator's editors show besides the trace: the parsed command and the diagnostics. */
import type { Scenario } from '../../model/scenario.ts';
import type { Diagnostic } from '../../model/diagnostics.ts';
import { buildWorld, type Source, type World } from '../../model/world.ts';
import { parseHosts, parseResolvConf } from '../../model/parse/hosts.ts';
import type { Forward } from '../../model/parse/command.ts';
import type { CommandSummary, EditorPath, FieldDiagnostics } from './types.ts';

/** What a forward connects to, as the parser read it: a socket path, or host:port (an IPv6 host in brackets). */
function forwardTarget(f: Forward): string | null {
  if (f.connectPath !== null) return f.connectPath;
  if (f.connectHost === null || f.connectPort === null) return null;
  return `${f.connectHost.includes(':') ? `[${f.connectHost}]` : f.connectHost}:${f.connectPort}`;
}

export interface Analysis {
  command: CommandSummary | null;
  diagnostics: FieldDiagnostics;
}

const SOURCE_PATH: Record<Source, EditorPath> = {
  command: 'client.command',
  sshConfig: 'client.sshConfig',
  sshdConfig: 'server.sshdConfig',
  runningSshdConfig: 'server.runningSshdConfig',
  'jump.runningSshdConfig': 'jump.runningSshdConfig',
  authorizedKeys: 'server.authorizedKeysOptions',
  'jump.sshdConfig': 'jump.sshdConfig',
  'jump.authorizedKeys': 'jump.authorizedKeysOptions',
  version: 'server.version',
  dropbearOptions: 'server.dropbearOptions',
  hosts: 'server.hosts',
  'jump.hosts': 'jump.hosts',
  'client.hosts': 'client.hosts',
  resolvConf: 'server.resolvConf',
};

/**
 * Everything the editors show besides the trace: the parsed command (as the model's world sees
 * it, ssh_config included) and each editor's diagnostics (the command's explanation is
 * explainCommand's, which the island loads on first use).
 * Pass the world simulateDetailed() already built for this scenario so an edit parses once.
 * Never throws.
 */
export function analyse(scenario: Scenario, built?: World | null): Analysis {
  const diagnostics: FieldDiagnostics = {};
  const add = (path: EditorPath, list: Diagnostic[]) => {
    if (list.length) diagnostics[path] = [...(diagnostics[path] ?? []), ...list];
  };
  let command: CommandSummary | null = null;
  // Hosts and resolv.conf diagnostics come from the texts the model read (capped like the rest).
  let read: Scenario = scenario;
  try {
    const world = built ?? buildWorld(scenario);
    read = world.scenario;
    for (const d of world.diagnostics) {
      const { source, ...rest } = d;
      add(SOURCE_PATH[source] ?? 'client.command', [rest]);
    }
    const c = world.command;
    command = {
      user: world.client.user ?? c.user,
      host: world.serverHost || c.host,
      jump: world.client.proxyJump ?? c.jump,
      forwards: world.client.forwards.map((f) => ({ kind: f.kind, spec: f.spec, target: forwardTarget(f) })),
      stdioForward: c.stdioForward ? `${c.stdioForward.host}:${c.stdioForward.port}` : null,
      tunnel: c.tunnel ? `${c.tunnel.local}:${c.tunnel.remote}` : null,
    };
    if (command.jump && command.jump.toLowerCase() === 'none') command.jump = null;
  } catch {
    /* the page still shows the trace */
  }
  if (read.server?.hosts !== undefined) add('server.hosts', parseHosts(read.server.hosts).diagnostics);
  if (read.jump?.hosts !== undefined) add('jump.hosts', parseHosts(read.jump.hosts).diagnostics);
  if (read.client.hosts !== undefined) add('client.hosts', parseHosts(read.client.hosts).diagnostics);
  if (read.server?.resolvConf !== undefined) add('server.resolvConf', parseResolvConf(read.server.resolvConf).diagnostics);
  return { command, diagnostics };
}
