/**
 * The simulator's components render the view-model as it is: these tests render them to HTML
 * (preact-render-to-string, as Astro's Preact renderer does) for real scenarios and check what a
 * user (or a screen reader) gets.
 */
import { describe, expect, it } from 'vitest';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Scenario } from '../../src/model/scenario.ts';
import { PRESETS } from '../../src/model/presets.ts';
import { simulate } from '../../src/machine/channel-open/simulate.ts';
import { connect } from '../../src/machine/channel-open/connect.ts';
import { analyse } from '../../src/machine/channel-open/analyse.ts';
import { PathView } from '../../src/islands/simulator/PathView.tsx';
import { Output } from '../../src/islands/simulator/Output.tsx';
import { Field } from '../../src/islands/simulator/Field.tsx';
import { CommandEditor, Editors } from '../../src/islands/simulator/Editors.tsx';
import { explainCommand } from '../../src/model/explain.ts';

function viewOf(scenario: Scenario, position = Infinity) {
  const trace = simulate(scenario);
  const a = analyse(scenario);
  return { trace, a, view: connect({ scenario, trace, position, diagnostics: a.diagnostics, command: a.command }) };
}

const forwardingOff: Scenario = {
  client: { command: 'ssh -N -L 8080:localhost:80 alice@server.example' },
  server: { software: 'openssh', version: '9.2', sshdConfig: 'AllowTcpForwarding no\n' },
  targets: [{ host: '127.0.0.1', port: 80, state: 'listening' }],
};

describe('PathView', () => {
  it('marks the rejecting step with an icon and words, not colour alone', () => {
    const { view, trace } = viewOf(forwardingOff);
    expect(trace.outcome).toBe('rejected');
    const html = renderToString(h(PathView, { view, onPlayback: () => {} }));
    const decisive = html.match(/<li class="sim-step sim-step--rejected[^"]*sim-step--decisive"[^>]*>[\s\S]*?<\/li>/)?.[0] ?? '';
    expect(decisive).toContain('✗');
    expect(decisive).toContain('this step decides');
    expect(decisive).toContain(`data-step="${trace.stoppedAt}"`);
    expect(html).toMatch(/class="sim-node sim-node--rejected sim-node--decisive" data-machine="ssh-server">[\s\S]*?rejects the channel/);
  });

  it('before playback nothing is marked and Back/Reset are disabled; the step being played has aria-current', () => {
    const { view } = viewOf(forwardingOff, 0);
    const html = renderToString(h(PathView, { view, onPlayback: () => {} }));
    expect(html).not.toContain('this step decides');
    expect(html).toMatch(/<button type="button" aria-disabled="true"><span aria-hidden="true">←<\/span> Back/);
    expect(html).toMatch(/<button type="button" aria-disabled="true"><span aria-hidden="true">↺<\/span> Reset/);
    expect(html).toMatch(/<button type="button">Step <span aria-hidden="true">→<\/span>/);
    expect(html).not.toContain('aria-current');
    const one = renderToString(h(PathView, { view: viewOf(forwardingOff, 1).view, onPlayback: () => {} }));
    expect(one.match(/aria-current="step"/g)).toHaveLength(1);
    expect(one).toContain('Step 1 of');
  });

  it('shows the jump host box only for -J', () => {
    const direct = renderToString(h(PathView, { view: viewOf(forwardingOff).view, onPlayback: () => {} }));
    expect(direct).not.toContain('data-machine="jump-host"');
    const jumpScenario = PRESETS['jump-host-forwarding-disabled']?.scenario ?? { client: { command: 'ssh -J bastion -N -L 80:localhost:80 app' } };
    const viaJump = renderToString(h(PathView, { view: viewOf(jumpScenario).view, onPlayback: () => {} }));
    expect(viaJump).toContain('data-machine="jump-host"');
  });
});

describe('Output', () => {
  it('prints the client line and the server log as monospace text, with the cause link and the machine to fix', () => {
    const { view, trace } = viewOf(forwardingOff);
    const html = renderToString(h(Output, { result: view.result }));
    expect(html).toContain(`<a href="/causes/${trace.cause}/">`);
    expect(html).toContain('Fix it on');
    expect(html).toContain('The SSH server (sshd)');
    expect(html).toMatch(/<pre class="sim-term sim-client-lines" tabindex="0">channel \d+: open failed: administratively prohibited: open failed/);
    expect(html).toContain('refused local port forward');
  });

  it('hides the lines until playback reaches the deciding step', () => {
    const html = renderToString(h(Output, { result: viewOf(forwardingOff, 0).view.result }));
    expect(html).not.toContain('open failed');
    expect(html).toContain('Step on to the deciding step');
  });

  it('escapes whatever the scenario puts in the lines', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { view } = viewOf({ ...forwardingOff, client: { command: `ssh -N -L 8080:${evil}:80 a@b` }, server: {} });
    const html = renderToString(h(Output, { result: view.result }));
    expect(html).not.toContain('<img');
  });
});

describe('editors', () => {
  it('a diagnostic is listed under its textarea, referenced by aria-describedby and marked in the gutter', () => {
    const scenario: Scenario = { ...forwardingOff, server: { sshdConfig: 'AllowTcpForwarding no\nAllowTcpForwardin yes\n' } };
    const { view } = viewOf(scenario);
    const f = view.fields['server.sshdConfig'];
    expect(f.diagnostics.some((d) => d.line === 2)).toBe(true);
    const html = renderToString(h(Field, { label: 'sshd_config', multiline: true, value: scenario.server!.sshdConfig!, view: f, onInput: () => {} }));
    expect(html).toContain(`aria-describedby="${f.describedBy}"`);
    expect(html).toContain(`<ul class="sim-diags" id="${f.describedBy}">`);
    expect(html).toMatch(/line 2, column 1: /);
    expect(html).toMatch(/<span class="sim-gutter-mark">!<\/span>/);
  });

  it('explains the command under the input', () => {
    const { view } = viewOf(forwardingOff);
    const html = renderToString(
      h(CommandEditor, { scenario: forwardingOff, view, explanation: explainCommand(forwardingOff.client.command), onChange: () => {} }),
    );
    expect(html).toContain('listens on 127.0.0.1:8080 and [::1]:8080 on your machine');
    expect(html).toMatch(/<input type="text" id="sim-client-command"[^>]*aria-describedby="sim-client-command-hint"/);
  });

  it('has a client selector, and the chosen client prints its own words', () => {
    const putty: Scenario = { ...forwardingOff, client: { ...forwardingOff.client, software: 'putty' } };
    const { view, a } = viewOf(putty);
    const html = renderToString(
      h(Editors, { scenario: putty, view, command: a.command, explanation: explainCommand(putty.client.command), onChange: () => {} }),
    );
    expect(html).toContain('<label for="sim-client-software">');
    expect(html).toMatch(/<option (selected value="putty"|value="putty" selected)/);
    const out = renderToString(h(Output, { result: view.result }));
    expect(out).toContain('Forwarded connection refused by remote: Administratively prohibited [open failed]');
    expect(out).not.toContain('channel 2: open failed');
  });

  it('shows Dropbear options instead of sshd_config for a Dropbear server', () => {
    const dropbear: Scenario = { ...forwardingOff, server: { software: 'dropbear', version: '2022.83', dropbearOptions: '-j' } };
    const { view, a } = viewOf(dropbear);
    const html = renderToString(
      h(Editors, { scenario: dropbear, view, command: a.command, explanation: explainCommand(dropbear.client.command), onChange: () => {} }),
    );
    expect(html).toContain('Dropbear options');
    expect(html).not.toContain('id="sim-server-sshdConfig"');
    expect(html).toMatch(/<option (selected value="dropbear 2022.83"|value="dropbear 2022.83" selected)/);
  });

  it('shows no sshd_config fields for a program that has none (Coder’s agent), but keeps them for Windows’ sshd', () => {
    const render = (software: string) => {
      const scenario = { ...forwardingOff, server: { software } } as Scenario;
      const { view, a } = viewOf(scenario);
      return renderToString(h(Editors, { scenario, view, command: a.command, explanation: explainCommand(scenario.client.command), onChange: () => {} }));
    };
    const coder = render('coder');
    expect(coder).not.toContain('id="sim-server-sshdConfig"');
    expect(coder).not.toContain('id="sim-server-runningSshdConfig"');
    expect(coder).toContain('Coder workspace agent has no sshd_config');
    const windows = render('openssh-windows-server');
    expect(windows).toContain('id="sim-server-sshdConfig"');
    expect(windows).toContain('id="sim-server-runningSshdConfig"');
  });
});
