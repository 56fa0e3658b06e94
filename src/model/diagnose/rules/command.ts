/** Evidence rules for the ssh command line the paste shows. */
import { classifyName, type Acc } from '../evidence.ts';
import { invalidIpLiteral, octalIpLiteral } from '../command.ts';
import type { Ctx } from '../context.ts';

/** What the command line itself shows: user@ or an invalid address in a forward, -X, -w, a lost spec, a Host alias. */
export function commandLine(ctx: Ctx, a: Acc): void {
  const { add, scores, notes, open, tHost } = a;
  const cmdObs = ctx.command;
  if (cmdObs && ctx.cmd) {
    const c = ctx.cmd;
    for (const f of c.forwards) {
      if (f.host?.includes('@'))
        add(
          'user-in-forward-spec',
          open.length > 0 || ctx.has('unknown-host') ? 4 : 7,
          cmdObs,
          `The forward "${f.spec}" has a user@ in it; ssh sends "${f.host}" as the host name, which the server cannot resolve. Put the user in front of the SSH server, not in the -${f.kind} spec.`,
          true,
        );
      else if (f.host && classifyName(f.host) === 'invalid-ip-literal')
        add(
          'invalid-ip-literal',
          open.length > 0 ? 4 : 7,
          cmdObs,
          invalidIpLiteral(f.host) !== null
            ? `"${f.host}" is not a valid IPv4 address: "${invalidIpLiteral(f.host)}" has a leading zero (octal) with an 8 or 9. Drop the leading zero.`
            : `"${f.host}" is not a valid IPv4 address (a part is out of range), so the server looks it up as a name.`,
          true,
        );
      else if (f.host && octalIpLiteral(f.host)) notes.push(`"${f.host}" has a part with a leading zero: it is read as octal and means a different address.`);
    }
    if (c.x11 && open.length > 0 && !ctx.has('x11-failed')) {
      const s = scores.get('x11-forwarding-refused');
      if (!s) notes.push('-X (X11 forwarding) is not needed for a port forward; you can drop it.');
    }
    if (c.emptyForward) notes.push(`The command line has -L/-R/-D without its forward spec (line ${cmdObs.line}); paste the full command.`);
    if (c.tunnel && open.length > 0 && !ctx.has('tunnel-failed')) add('tunnel-device-refused', 2, cmdObs, 'You use -w: the channel may be the tun device.');
  }
  // a resolution cause read from the command but no failure yet seen: weak support from the forward
  if (ctx.hostAliases.size > 0 && tHost && ctx.hostAliases.has(tHost) && !scores.has('target-name-unresolvable'))
    add('target-name-unresolvable', 3, ctx.hostAliases.get(tHost)!, `"${tHost}" is a Host alias in your ssh_config: only your machine knows it.`);
}
