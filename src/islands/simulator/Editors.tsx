/** The form: every part of a scenario, each control writing straight back into the scenario. */
import { CLIENT_PROFILES, gliderlabsSsh, isClientSoftware, serverProfile } from '../../model/software/index.ts';
import type { Scenario, TargetState } from '../../model/scenario.ts';
import type { Explanation } from '../../model/explain.ts';
import {
  DEFAULT_SERVER_HOSTS,
  dnsRecordsToText,
  editTargets,
  forwardChoices,
  setClientField,
  setDnsField,
  setServerField,
  setSoftware,
  softwareOptions,
  textToDnsRecords,
  textToList,
  textToPorts,
} from '../../machine/channel-open/editing.ts';
import type { CommandSummary, SimulatorView } from '../../machine/channel-open/types.ts';
import { Check, Diagnostics, Field } from './Field.tsx';

interface Props {
  scenario: Scenario;
  view: SimulatorView;
  command: CommandSummary | null;
  explanation: Explanation[];
  onChange: (next: Scenario) => void;
}

const STATES: { value: TargetState; label: string }[] = [
  { value: 'listening', label: 'listening' },
  { value: 'closed', label: 'closed (refuses)' },
  { value: 'filtered', label: 'filtered (drops)' },
  { value: 'rejected', label: 'rejected (ICMP)' },
];

function num(text: string): number | undefined {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

export function CommandEditor({ scenario, view, explanation, onChange }: Omit<Props, 'command'>) {
  return (
    <Field
      label="Command line"
      value={scenario.client.command}
      view={view.fields['client.command']}
      onInput={(v) => onChange({ ...scenario, client: { ...scenario.client, command: v } })}
      hint={
        explanation.length ? (
          <ul class="sim-explain" aria-label="What the command does">
            {explanation.map((e) => (
              <li class={`sim-explain-${e.severity}`}>
                {e.severity === 'warning' ? <span class="sim-explain-warn">Watch out: </span> : null}
                <code>{e.token}</code> — {e.text}
              </li>
            ))}
          </ul>
        ) : (
          <p>Type an ssh command, e.g. ssh -N -L 8080:localhost:80 you@server</p>
        )
      }
    />
  );
}

function ServerBlockEditor({ scenario, view, onChange, block }: Omit<Props, 'command' | 'explanation'> & { block: 'server' | 'jump' }) {
  const s = scenario[block] ?? {};
  const soft = softwareOptions(s);
  const p = `sim-${block}`;
  const set = <K extends keyof NonNullable<Scenario['server']>>(k: K, v: NonNullable<Scenario['server']>[K] | undefined) =>
    onChange(setServerField(scenario, block, k, v));
  const dropbear = (s.software ?? 'openssh') === 'dropbear';
  // another server program (not Windows' sshd) has no sshd_config: its profile says what it answers
  const program = serverProfile(s.software);
  const ownRules = program !== null && !program.opensshUnderneath ? program : null;
  const versionView = block === 'server' ? view.fields['server.version'] : undefined;
  return (
    <>
      <div class="sim-field">
        <label for={`${p}-software`}>Server software</label>
        <select
          id={`${p}-software`}
          value={soft.value}
          aria-describedby={versionView?.describedBy ?? undefined}
          onChange={(e) => onChange(setSoftware(scenario, block, (e.currentTarget as HTMLSelectElement).value))}
        >
          {soft.options.map((o) => (
            <option value={o.value}>{o.label}</option>
          ))}
        </select>
        <Diagnostics view={versionView} />
      </div>
      {ownRules ? (
        <p class="sim-hint">
          {ownRules.name} has no sshd_config: what it answers comes from its profile{block === 'server' ? ', and its own policy is set below' : ''}.
        </p>
      ) : dropbear ? (
        <Field
          id={`${p}-dropbearOptions`}
          view={block === 'server' ? view.fields['server.dropbearOptions'] : undefined}
          label="Dropbear options (command-line flags)"
          value={s.dropbearOptions ?? ''}
          placeholder="-j -k"
          onInput={(v) => set('dropbearOptions', v.trim() ? v : undefined)}
          hint="-j turns off local (-L) forwarding, -k remote (-R) forwarding."
        />
      ) : (
        <Field
          label="sshd_config"
          multiline
          rows={4}
          value={s.sshdConfig ?? ''}
          view={view.fields[`${block}.sshdConfig`]}
          placeholder="# empty: sshd's built-in defaults"
          onInput={(v) => set('sshdConfig', v === '' ? undefined : v)}
        />
      )}
      {dropbear || block !== 'server' ? null : <LoginEditor s={s} view={view} set={set} sshd={ownRules === null} />}
      <Field
        label="authorized_keys options (on the key that logs in)"
        value={s.authorizedKeysOptions ?? ''}
        view={view.fields[`${block}.authorizedKeysOptions`]}
        placeholder='e.g. restrict,port-forwarding,permitopen="localhost:5432"'
        onInput={(v) => set('authorizedKeysOptions', v.trim() ? v : undefined)}
      />
    </>
  );
}

type ServerSet = <K extends keyof NonNullable<Scenario['server']>>(k: K, v: NonNullable<Scenario['server']>[K] | undefined) => void;

/** What the running sshd has (when not the file; `sshd`: the server is one), the login certificate's extensions, a gateway's own policy. */
function LoginEditor({ s, view, set, sshd }: { s: NonNullable<Scenario['server']>; view: Props['view']; set: ServerSet; sshd: boolean }) {
  return (
    <>
      {sshd ? (
        <Field
          id="sim-server-runningSshdConfig"
          label="sshd_config the running sshd started with (when not reloaded since the file changed)"
          multiline
          rows={2}
          value={s.runningSshdConfig ?? ''}
          view={view.fields['server.runningSshdConfig']}
          placeholder="# empty: the same as the file"
          onInput={(v) => set('runningSshdConfig', v === '' ? undefined : v)}
        />
      ) : null}
      <Field
        id="sim-server-certificate"
        label="The login key is a user certificate with these extensions"
        value={s.certificate ? s.certificate.extensions.join(', ') : ''}
        placeholder="empty: a plain key; e.g. permit-pty, permit-port-forwarding"
        onInput={(v) => set('certificate', v.trim() ? { extensions: textToList(v) ?? [] } : undefined)}
      />
      <GatewayPolicyField s={s} set={set} />
    </>
  );
}

/**
 * A gateway product's own policy: for a product with a profile, whether its policy allows no
 * forwarding (the profile says what it then sends); for an unnamed one, the description it sends.
 */
function GatewayPolicyField({ s, set }: { s: NonNullable<Scenario['server']>; set: ServerSet }) {
  const product = serverProfile(s.software);
  // a server that opens no direct-tcpip at all refuses before any policy (its profile's directTcpip)
  if (product?.policy && !product.directTcpip)
    return (
      <Check
        id="sim-server-gatewayPolicy"
        label={`${product.name}'s own policy allows no port forwarding`}
        checked={s.gatewayPolicy !== undefined}
        onChange={(v) => set('gatewayPolicy', v ? {} : undefined)}
      />
    );
  return (
    <Field
      id="sim-server-gatewayPolicy"
      label="A gateway product refuses forwarding with this description"
      value={s.gatewayPolicy ? (s.gatewayPolicy.description ?? gliderlabsSsh.words.forwardingDisabled) : ''}
      placeholder={`empty: OpenSSH answers; e.g. ${gliderlabsSsh.words.forwardingDisabled}`}
      onInput={(v) => set('gatewayPolicy', v.trim() ? { description: v } : undefined)}
    />
  );
}

function AccountEditor({ scenario, onChange }: Pick<Props, 'scenario' | 'onChange'>) {
  const s = scenario.server ?? {};
  const set = <K extends keyof NonNullable<Scenario['server']>>(k: K, v: NonNullable<Scenario['server']>[K] | undefined) =>
    onChange(setServerField(scenario, 'server', k, v));
  return (
    <fieldset class="sim-group">
      <legend>The account and the session</legend>
      <div class="sim-row">
        <Field
          id="sim-server-user"
          label="User"
          value={s.user ?? ''}
          placeholder="from the command"
          onInput={(v) => set('user', v.trim() ? v.trim() : undefined)}
        />
        <Field
          id="sim-server-groups"
          label="Groups"
          value={(s.groups ?? []).join(', ')}
          placeholder="e.g. sftponly"
          onInput={(v) => set('groups', textToList(v))}
        />
        <Field
          id="sim-server-openSessions"
          label="Sessions already open (multiplexed)"
          value={s.openSessions === undefined ? '' : String(s.openSessions)}
          placeholder="0"
          onInput={(v) => set('openSessions', num(v))}
        />
      </div>
      <div class="sim-checks">
        <Check
          id="sim-server-acceptsKey"
          label="The server accepts the key"
          checked={s.acceptsKey !== false}
          onChange={(v) => set('acceptsKey', v ? undefined : false)}
        />
        <Check
          id="sim-server-passwordExpired"
          label="Password expired"
          checked={Boolean(s.passwordExpired)}
          onChange={(v) => set('passwordExpired', v || undefined)}
        />
        <Check
          id="sim-server-openFilesExhausted"
          label="sshd is out of file descriptors"
          checked={Boolean(s.openFilesExhausted)}
          onChange={(v) => set('openFilesExhausted', v || undefined)}
        />
        <Check
          id="sim-server-tunDevice"
          label="/dev/net/tun exists"
          checked={s.tunDevice !== false}
          onChange={(v) => set('tunDevice', v ? undefined : false)}
        />
        <Check
          id="sim-server-diskFull"
          label="The server’s disk is full (no free space or inode)"
          checked={Boolean(s.diskFull)}
          onChange={(v) => set('diskFull', v || undefined)}
        />
      </div>
    </fieldset>
  );
}

function ResolutionEditor({ scenario, view, onChange }: Omit<Props, 'command' | 'explanation'>) {
  const s = scenario.server ?? {};
  const dns = s.dns ?? {};
  return (
    <fieldset class="sim-group">
      <legend>Name resolution on the server</legend>
      <Field
        label="The server's /etc/hosts"
        multiline
        rows={3}
        value={s.hosts ?? DEFAULT_SERVER_HOSTS}
        view={view.fields['server.hosts']}
        onInput={(v) => onChange(setServerField(scenario, 'server', 'hosts', v === DEFAULT_SERVER_HOSTS ? undefined : v))}
      />
      <Field
        id="sim-server-dns-records"
        label="DNS records (a name, then its addresses; one name per line)"
        multiline
        rows={2}
        value={dnsRecordsToText(dns.records)}
        placeholder="db.internal 10.0.0.9"
        onInput={(v) => onChange(setDnsField(scenario, 'records', textToDnsRecords(v)))}
      />
      <Field
        view={view.fields['server.resolvConf']}
        label="The server's /etc/resolv.conf"
        multiline
        rows={2}
        value={s.resolvConf ?? ''}
        placeholder="nameserver 10.0.0.2"
        onInput={(v) => onChange(setServerField(scenario, 'server', 'resolvConf', v === '' ? undefined : v))}
      />
      <div class="sim-checks">
        <Check
          id="sim-server-dns-reachable"
          label="The DNS server answers"
          checked={dns.reachable !== false}
          onChange={(v) => onChange(setDnsField(scenario, 'reachable', v ? undefined : false))}
        />
        <Check
          id="sim-server-dns-rebinding"
          label="DNS rebinding protection (drops private answers)"
          checked={Boolean(dns.rebindingProtection)}
          onChange={(v) => onChange(setDnsField(scenario, 'rebindingProtection', v || undefined))}
        />
      </div>
    </fieldset>
  );
}

function TargetsEditor({ scenario, onChange }: Pick<Props, 'scenario' | 'onChange'>) {
  const list = scenario.targets ?? [];
  return (
    <fieldset class="sim-group">
      <legend>Target services (as the server reaches them)</legend>
      {list.length === 0 ? <p class="sim-hint">No services: every address is closed.</p> : null}
      <ul class="sim-targets">
        {list.map((t, i) => (
          <li class="sim-target">
            <span class="sim-field">
              <label for={`sim-target-${i}-host`}>Host {i + 1}</label>
              <input
                id={`sim-target-${i}-host`}
                type="text"
                spellcheck={false}
                value={t.host}
                onInput={(e) => onChange(editTargets(scenario, { kind: 'set', index: i, field: 'host', value: (e.currentTarget as HTMLInputElement).value }))}
              />
            </span>
            <span class="sim-field sim-field--port">
              <label for={`sim-target-${i}-port`}>Port</label>
              <input
                id={`sim-target-${i}-port`}
                type="number"
                min={0}
                max={65535}
                value={t.port}
                onInput={(e) => {
                  const n = num((e.currentTarget as HTMLInputElement).value);
                  if (n !== undefined && n <= 65535) onChange(editTargets(scenario, { kind: 'set', index: i, field: 'port', value: n }));
                }}
              />
            </span>
            <span class="sim-field">
              <label for={`sim-target-${i}-state`}>State</label>
              <select
                id={`sim-target-${i}-state`}
                value={t.state}
                onChange={(e) =>
                  onChange(editTargets(scenario, { kind: 'set', index: i, field: 'state', value: (e.currentTarget as HTMLSelectElement).value as TargetState }))
                }
              >
                {STATES.map((o) => (
                  <option value={o.value}>{o.label}</option>
                ))}
              </select>
            </span>
            <button
              type="button"
              class="sim-small"
              onClick={() => onChange(editTargets(scenario, { kind: 'remove', index: i }))}
              aria-label={`Remove target ${i + 1} (${t.host}:${t.port})`}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="sim-small" onClick={() => onChange(editTargets(scenario, { kind: 'add' }))}>
        Add a target
      </button>
      <div class="sim-row">
        <Field
          id="sim-server-sockets"
          label="Unix sockets on the server"
          value={(scenario.server?.sockets ?? []).join(', ')}
          placeholder="e.g. /run/postgresql/.s.PGSQL.5432"
          onInput={(v) => onChange(setServerField(scenario, 'server', 'sockets', textToList(v)))}
        />
        <Field
          id="sim-server-portsInUse"
          label="Ports already taken on the server"
          value={(scenario.server?.portsInUse ?? []).join(', ')}
          placeholder="e.g. 8080"
          onInput={(v) => onChange(setServerField(scenario, 'server', 'portsInUse', textToPorts(v)))}
        />
      </div>
    </fieldset>
  );
}

/** Which client prints the outcome (scenario `client.software`). */
function ClientSoftwareSelect({ scenario, onChange }: Pick<Props, 'scenario' | 'onChange'>) {
  return (
    <div class="sim-field">
      <label for="sim-client-software">Client that prints the result</label>
      <select
        id="sim-client-software"
        value={scenario.client.software ?? 'openssh'}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value;
          onChange(setClientField(scenario, 'software', isClientSoftware(v) && v !== 'openssh' ? v : undefined));
        }}
      >
        {CLIENT_PROFILES.map((p) => (
          <option value={p.id}>{p.name}</option>
        ))}
      </select>
    </div>
  );
}

function ConnectionEditor({ scenario, command, onChange }: Pick<Props, 'scenario' | 'command' | 'onChange'>) {
  const choices = forwardChoices(command);
  const c = scenario.client.connect ?? {};
  const index = c.forward ?? 0;
  const chosen = choices[index];
  const setConnect = (next: typeof c) =>
    onChange(setClientField(scenario, 'connect', Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined))));
  return (
    <fieldset class="sim-group">
      <legend>The connection to simulate</legend>
      {choices.length ? (
        <div class="sim-field">
          <label for="sim-client-connect-forward">Which forward gets a connection</label>
          <select
            id="sim-client-connect-forward"
            value={String(index)}
            onChange={(e) => setConnect({ ...c, forward: Number((e.currentTarget as HTMLSelectElement).value) || undefined })}
          >
            {choices.map((o) => (
              <option value={String(o.value)}>{o.label}</option>
            ))}
            {chosen ? null : <option value={String(index)}>{`${index + 1}: (no such forward)`}</option>}
          </select>
        </div>
      ) : (
        <p class="sim-hint">
          The command has no -L, -R or -D forward
          {command?.stdioForward ? '; -W opens its channel at once' : command?.jump ? '; the jump host opens a -W channel at once' : ''}.
        </p>
      )}
      {chosen?.dynamic ? (
        <div class="sim-row">
          <Field
            id="sim-client-connect-host"
            label="SOCKS client asks for host"
            value={c.host ?? ''}
            placeholder="db.internal"
            onInput={(v) => setConnect({ ...c, host: v.trim() || undefined })}
          />
          <Field
            id="sim-client-connect-port"
            label="… and port"
            value={c.port === undefined ? '' : String(c.port)}
            placeholder="443"
            onInput={(v) => setConnect({ ...c, port: num(v) })}
          />
        </div>
      ) : null}
      <ClientSoftwareSelect scenario={scenario} onChange={onChange} />
      <div class="sim-row">
        <Field
          id="sim-client-address"
          label="Client address (as the server sees it)"
          value={scenario.client.address ?? ''}
          placeholder="127.0.0.1"
          onInput={(v) => onChange(setClientField(scenario, 'address', v.trim() || undefined))}
        />
        <Field
          id="sim-client-portsInUse"
          label="Local ports already taken"
          value={(scenario.client.portsInUse ?? []).join(', ')}
          placeholder="e.g. 8080"
          onInput={(v) => onChange(setClientField(scenario, 'portsInUse', textToPorts(v)))}
        />
      </div>
    </fieldset>
  );
}

export function Editors(props: Props) {
  const { scenario, view, onChange } = props;
  return (
    <div class="sim-editors">
      <fieldset class="sim-group">
        <legend>Your machine</legend>
        <Field
          label="~/.ssh/config"
          multiline
          rows={3}
          value={scenario.client.sshConfig ?? ''}
          view={view.fields['client.sshConfig']}
          placeholder={'Host db\n  HostName 203.0.113.10'}
          onInput={(v) => onChange(setClientField(scenario, 'sshConfig', v === '' ? undefined : v))}
        />
        <Field
          label="Your /etc/hosts"
          multiline
          rows={2}
          value={scenario.client.hosts ?? ''}
          view={view.fields['client.hosts']}
          placeholder="10.8.0.5 db.internal"
          onInput={(v) => onChange(setClientField(scenario, 'hosts', v === '' ? undefined : v))}
        />
      </fieldset>
      <ConnectionEditor {...props} />
      {/* Kept mounted and hidden without a jump host: toggling -J then costs no DOM rebuild. */}
      <fieldset class="sim-group" hidden={!view.hasJump}>
        <legend>Jump host (bastion)</legend>
        <ServerBlockEditor {...props} block="jump" />
        <Field
          label="The jump host's /etc/hosts (how it finds the server)"
          multiline
          rows={2}
          value={scenario.jump?.hosts ?? DEFAULT_SERVER_HOSTS}
          view={view.fields['jump.hosts']}
          onInput={(v) => onChange(setServerField(scenario, 'jump', 'hosts', v === DEFAULT_SERVER_HOSTS ? undefined : v))}
        />
      </fieldset>
      <fieldset class="sim-group">
        <legend>SSH server</legend>
        <ServerBlockEditor {...props} block="server" />
      </fieldset>
      <AccountEditor {...props} />
      <ResolutionEditor {...props} />
      <TargetsEditor {...props} />
    </div>
  );
}
