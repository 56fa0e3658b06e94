/** Behaviour a user notices: the version read or inferred, the next step, the command, the scenario. */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/model/diagnose/index.ts';
import { extractCommand, invalidIpLiteral } from '../../../src/model/diagnose/command.ts';
import { segments } from '../../../src/islands/diagnose/view.ts';
import { decodeScenario } from '../../../src/model/share.ts';

const AP = 'channel 2: open failed: administratively prohibited: open failed';

describe('server version', () => {
  it('reads the banner and says what "administratively prohibited" means on it', () => {
    const d = diagnose(`debug1: Remote protocol version 2.0, remote software version OpenSSH_7.4\n${AP}`);
    expect(d.server).toMatchObject({ software: 'openssh', version: '7.4', before75: true });
    // on 7.4 the text cannot tell policy from resolution: the next step is the server log
    expect(d.causes.map((c) => c.id)).toContain('target-name-unresolvable');
    expect(d.nextStep?.command).toContain('journalctl');
    expect(d.nextStep?.on).toBe('ssh-server');
  });

  it('infers "before 7.5" from administratively prohibited plus a server-side lookup failure', () => {
    const d = diagnose(`${AP}\nsshd[9]: error: connect_to db.internal: unknown host (Name or service not known)`);
    expect(d.server.before75).toBe(true);
    expect(d.causes[0]!.implies).toContain('OpenSSH before 7.5');
  });

  it('infers 9.8 or later from sshd-session and rules resolution out for a policy refusal', () => {
    const d = diagnose(`${AP}\nNov 24 10:01:05 h sshd-session[5]: refused local port forward: originator 127.0.0.1 port 5, target db port 5432`);
    expect(d.server.summary).toContain('9.8 or later');
    expect(d.ruledOut.map((r) => r.id)).toContain('target-name-unresolvable');
    expect(d.nextStep?.command).toMatch(/^sudo sshd -T -C user=USER,host=CLIENT_IP,addr=CLIENT_IP \| grep -iE 'allowtcpforwarding/);
  });

  it('fills sshd -T -C from the log', () => {
    const d = diagnose(
      `${AP}\nsshd[1]: Accepted publickey for bob from 203.0.113.7 port 1 ssh2\nsshd[2]: refused local port forward: originator 127.0.0.1 port 5, target db port 5432`,
    );
    expect(d.nextStep?.command).toContain('sshd -T -C user=bob,host=203.0.113.7,addr=203.0.113.7');
  });

  it('reads an empty description as "not OpenSSH": Dropbear first, a bastion and a library-based server after it, none confirmed', () => {
    const d = diagnose('channel 1: open failed: administratively prohibited: ');
    expect(d.server.software).toBe('not-openssh');
    const ids = d.causes.map((c) => c.id);
    expect(ids[0]).toBe('dropbear-forwarding-disabled');
    expect(ids).toContain('ssh-gateway-policy');
    expect(ids).toContain('server-lacks-forwarding');
    expect(d.causes.filter((c) => c.confidence === 'confirmed')).toEqual([]);
  });

  it('confirms Dropbear when its banner says so', () => {
    const d = diagnose('debug1: Remote protocol version 2.0, remote software version dropbear_2022.83\nchannel 1: open failed: administratively prohibited: ');
    expect(d.server.software).toBe('dropbear');
    expect(d.causes[0]).toMatchObject({ id: 'dropbear-forwarding-disabled', confidence: 'confirmed' });
  });
});

describe('the command line', () => {
  it('extracts forwards, jump, tunnel and user', () => {
    const c = extractCommand('alice@laptop:~$ ssh -N -J bastion -w 0:0 -L 127.0.0.1:8080:db.internal:5432 -D 1080 alice@server -p 2222')!;
    expect(c.destination).toBe('server');
    expect(c.user).toBe('alice');
    expect(c.jump).toBe('bastion');
    expect(c.tunnel).toBe('0:0');
    expect(c.port).toBe(2222);
    expect(c.forwards.map((f) => [f.kind, f.bind, f.listenPort, f.host, f.port])).toEqual([
      ['L', '127.0.0.1', 8080, 'db.internal', 5432],
      ['D', null, 1080, null, null],
    ]);
  });

  it('ignores prose that mentions ssh', () => {
    expect(extractCommand('When I open this ssh tunnel: it fails')).toBeNull();
    expect(extractCommand('I use ssh to connect to work')).toBeNull();
  });

  it('spots a user@ in the forward and an octal-invalid address', () => {
    expect(diagnose('ssh -N -L 1234:bob@db:5432 alice@server').causes[0]!.id).toBe('user-in-forward-spec');
    expect(invalidIpLiteral('192.168.1.08')).toBe('08');
    expect(invalidIpLiteral('192.168.1.8')).toBeNull();
    expect(diagnose(`ssh -N -L 1:127.0.0.09:80 a@b\nchannel 2: open failed: connect failed: Name or service not known`).causes[0]!.id).toBe(
      'invalid-ip-literal',
    );
  });

  it('compares PermitOpen as text and says so', () => {
    const d = diagnose(
      `${AP}\nsshd[1]: Received request from 1.2.3.4 port 5 to connect to host 127.0.0.1 port 8080, but the request was denied.\npermitopen localhost:8080`,
    );
    expect(d.causes[0]!.id).toBe('permitopen-mismatch');
    expect(d.causes[0]!.why.map((w) => w.note).join(' ')).toContain('PermitOpen lists "localhost:8080" but the request is for "127.0.0.1:8080"');
  });

  it('reads Dropbear’s empty refusal of a -L to a Unix socket as a socket refusal, forced command included', () => {
    const d = diagnose('$ ssh -N -L 5432:/run/postgresql/.s.PGSQL.5432 admin@router.lan\nchannel 2: open failed: administratively prohibited: ');
    expect(d.causes[0]!.id).toBe('streamlocal-forwarding-disabled');
    expect(d.causes[0]!.why.map((w) => w.note).join(' ')).toContain('forced command');
    const tcp = diagnose('$ ssh -N -L 5432:localhost:5432 admin@router.lan\nchannel 2: open failed: administratively prohibited: ');
    expect(tcp.causes[0]!.id).toBe('dropbear-forwarding-disabled');
  });

  it('names the key’s permitlisten when it leaves out the -R port, and only then', () => {
    const paste = (opts: string, release = 'OpenSSH_9.2p1') =>
      diagnose(
        `debug1: Remote protocol version 2.0, remote software version ${release}\n$ ssh -N -R 8080:localhost:3000 alice@server.example\nWarning: remote port forwarding failed for listen port 8080\n${opts} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop`,
      );
    const refused = paste('permitlisten="localhost:9000"');
    expect(refused.causes[0]).toMatchObject({ id: 'remote-forward-refused', confidence: 'confirmed' });
    expect(refused.causes[0]!.why.map((w) => w.note).join(' ')).toContain('permitlisten lists localhost:9000, not port 8080 on localhost');
    // OpenSSH matches the host as a pattern; Dropbear 2026.90+ compares the port alone
    const pattern = paste('permitlisten="local*:8080"');
    expect(pattern.causes[0]!.why.map((w) => w.note).join(' ')).not.toContain('permitlisten lists');
    const dropbear = paste('permitlisten="9000"', 'dropbear_2026.94');
    expect(dropbear.causes[0]!.why.map((w) => w.note).join(' ')).toContain('permitlisten lists 9000, not port 8080.');
  });
});

describe('the answer', () => {
  it('builds a valid simulator scenario from what it read, and lists what it assumed', () => {
    const d = diagnose(
      `$ ssh -N -L 8080:db.internal:5432 carol@gw.example\ndebug1: Remote protocol version 2.0, remote software version OpenSSH_9.2p1\n${AP}\nallowtcpforwarding no`,
    );
    const decoded = decodeScenario(d.simulatorHref!.slice('/simulator/#s='.length));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.scenario.client.command).toBe('ssh -N -L 8080:db.internal:5432 carol@gw.example');
    expect(decoded.scenario.server).toMatchObject({ software: 'openssh', version: '9.2', sshdConfig: 'AllowTcpForwarding no\n' });
    expect(d.scenarioAssumptions).toEqual([]);
  });

  it('highlights exactly the words that decided', () => {
    const line = 'Nov 24 10:01:09 bastion sshd[1236]: error: connect_to db.internal: unknown host (Name or service not known)';
    const d = diagnose(line);
    const l = d.lines.find((x) => x.line === 1)!;
    const marked = segments(l.text, l.spans)
      .filter((s) => s.mark)
      .map((s) => s.text);
    expect(marked).toEqual(['connect_to db.internal: unknown host (Name or service not known)']);
  });

  it('says what to paste when nothing is recognised', () => {
    const d = diagnose('just some words');
    expect(d.recognised).toBe(false);
    expect(d.pasteHints.join(' ')).toContain('sshd -T');
  });
});
