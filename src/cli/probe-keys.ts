/**
 * Where sshd looks for the user's keys on a hop, read by the model's sshd_config parser from the
 * files the collector printed: the AuthorizedKeysFile that applies to this user (a Match block that
 * applies first, else the global value), with %h, %u and %% expanded and relative paths under home.
 */
import { collectorFinding, collectorSections } from '../model/diagnose/collector.ts';
import { matchBlockApplies, parseSshdConfig, type Directive } from '../model/parse/sshd-config.ts';

const DEFAULT_FILES = ['.ssh/authorized_keys', '.ssh/authorized_keys2'];

function expand(path: string, user: string, home: string): string {
  const p = path.replace(/%(.)/g, (_, c: string) => (c === 'h' ? home : c === 'u' ? user : c === '%' ? '%' : `%${c}`));
  return p.startsWith('/') ? p : `${home}/${p}`;
}

/** The AuthorizedKeysFile paths for this login when they are not the defaults, else []. */
export function authorizedKeysFiles(collectorLines: readonly string[], user: string | null): string[] {
  const home = collectorFinding(collectorLines, 'home');
  const account = collectorFinding(collectorLines, 'account') ?? user;
  if (!home || !account) return [];
  const text = collectorSections(collectorLines)
    .filter((s) => s.kind === 'file')
    .flatMap((s) => s.lines)
    .join('\n');
  const cfg = parseSshdConfig(text).value;
  const conn = {
    user: account,
    groups: [],
    host: null,
    address: collectorFinding(collectorLines, 'login')?.split(' ')[2] ?? '',
    localAddress: '',
    localPort: 22,
  };
  const isKeys = (d: Directive) => d.keyword.toLowerCase() === 'authorizedkeysfile';
  const fromMatch = cfg.matches.filter((m) => matchBlockApplies(m, conn)).flatMap((m) => m.directives.filter(isKeys))[0];
  const d = fromMatch ?? cfg.global.find(isKeys);
  if (!d || d.args.every((a, i) => a === DEFAULT_FILES[i])) return [];
  return d.args.filter((a) => a.toLowerCase() !== 'none').map((a) => expand(a, account, home));
}
