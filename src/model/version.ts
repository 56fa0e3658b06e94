/**
 * Server software versions, and the release that introduced each sshd_config keyword or value and
 * authorized_keys option the model cares about (read from openssh-portable's servconf.c and
 * auth-options.c at each release tag, and Dropbear's svr-authpubkeyoptions.c).
 */
import type { DiagnosticCode, ParseResult } from './diagnostics.ts';

export interface ServerVersion {
  software: 'openssh' | 'dropbear';
  major: number;
  minor: number;
  /** "9.2p1", "7.4p1", "2022.83". */
  label: string;
  /**
   * The distribution build, as the version banner shows it after the release: "Debian-2+deb12u7",
   * "Ubuntu-3ubuntu0.10". Absent for an upstream build. Backported fixes make a distribution's
   * build differ from the upstream release of the same number (see distributionFixes).
   */
  vendor?: string;
}

/**
 * The default: Debian 12's OpenSSH 9.2p1 package (what the conformance suite runs, and what most
 * servers answering "9.2p1" are), with every backport up to 1:9.2p1-2+deb12u10.
 */
export const DEFAULT_OPENSSH: Readonly<ServerVersion> = Object.freeze({ software: 'openssh', major: 9, minor: 2, label: '9.2p1', vendor: 'Debian-2+deb12u10' });
export const DEFAULT_DROPBEAR: Readonly<ServerVersion> = Object.freeze({ software: 'dropbear', major: 2022, minor: 83, label: '2022.83' });

/** A release people run, and the systems that ship it. */
export interface KnownRelease {
  software: 'openssh' | 'dropbear';
  /** The version as a scenario writes it ("8.0p1", "9.2p1 Debian-2+deb12u10", "2022.83"). */
  version: string;
  /** The systems that ship it, or why it is listed ("newest release"). */
  shippedBy: string;
}

/**
 * The releases the simulator offers, oldest first, with the systems that ship them. Every one from
 * 8.0p1 and 2020.81 on is built and run by the conformance suite's version matrix.
 */
export const KNOWN_RELEASES: readonly KnownRelease[] = [
  { software: 'openssh', version: '6.6p1', shippedBy: 'Ubuntu 14.04' },
  { software: 'openssh', version: '7.4p1', shippedBy: 'RHEL/CentOS 7' },
  { software: 'openssh', version: '8.0p1', shippedBy: 'RHEL 8' },
  { software: 'openssh', version: '8.4p1', shippedBy: 'Debian 11' },
  { software: 'openssh', version: '8.7p1', shippedBy: 'RHEL 9, Amazon Linux 2023' },
  { software: 'openssh', version: '8.9p1', shippedBy: 'Ubuntu 22.04' },
  { software: 'openssh', version: '9.2p1 Debian-2+deb12u10', shippedBy: 'Debian 12' },
  { software: 'openssh', version: '9.2p1', shippedBy: 'upstream, without Debian’s fixes' },
  { software: 'openssh', version: '9.6p1', shippedBy: 'Ubuntu 24.04' },
  { software: 'openssh', version: '9.9p1', shippedBy: 'RHEL 10' },
  { software: 'openssh', version: '10.0p1', shippedBy: 'Debian 13' },
  { software: 'openssh', version: '10.3p1', shippedBy: 'Debian unstable' },
  { software: 'openssh', version: '10.5p1', shippedBy: 'newest release' },
  { software: 'dropbear', version: '2020.81', shippedBy: 'Debian 11' },
  { software: 'dropbear', version: '2022.83', shippedBy: 'Debian 12' },
  { software: 'dropbear', version: '2025.89', shippedBy: 'Debian 13' },
  { software: 'dropbear', version: '2026.94', shippedBy: 'newest release' },
];

/** The OpenSSH releases the model describes precisely (servconf.c was read at each tag). */
export const OPENSSH_MODELED: { from: [number, number]; to: [number, number] } = { from: [6, 6], to: [10, 5] };

/** The distribution part of a banner after the release ("Debian-2+deb12u7"), if there is one. */
function vendorOf(rest: string): string | undefined {
  const m = /^[\s_-]*([A-Za-z][\w.+~:-]*)/.exec(rest);
  return m?.[1];
}

/**
 * Parses a version as people write it: "9.2", "7.4p1", "OpenSSH_7.4p1", "SSH-2.0-OpenSSH_8.9p1
 * Ubuntu-3ubuntu0.1", "10.0"; for Dropbear "2022.83", "dropbear_2020.81". Never throws; an empty
 * value gives the default (OpenSSH 9.2p1, Dropbear 2022.83).
 */
export function parseServerVersion(software: 'openssh' | 'dropbear', v: string | undefined): ParseResult<ServerVersion> {
  const sw = software === 'dropbear' ? 'dropbear' : 'openssh';
  const def = sw === 'dropbear' ? DEFAULT_DROPBEAR : DEFAULT_OPENSSH;
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return { value: { ...def }, diagnostics: [] };
  const text = String(v).slice(0, 200);
  const leadText = text.slice(0, text.length - text.trimStart().length);
  const line = leadText.split('\n').length;
  const lead = leadText.length - (leadText.lastIndexOf('\n') + 1);
  const t = text.trim();
  if (sw === 'openssh') {
    const m = /^(?:SSH-[12]\.\d+-)?(?:OpenSSH[_ -]?)?(\d{1,3})\.(\d{1,3})(?:p(\d{1,3}))?(?![\d.])/i.exec(t);
    if (!m) {
      return {
        value: { ...def },
        diagnostics: [
          {
            line,
            column: lead + 1,
            length: t.length,
            code: 'version.invalid',
            severity: 'error',
            message: `'${t}' is not an OpenSSH version; write it like 9.2 or 7.4p1. Using ${def.label}.`,
          },
        ],
      };
    }
    const major = Number(m[1]);
    const minor = Number(m[2]);
    const patch = m[3] !== undefined ? Number(m[3]) : 1;
    const vendor = vendorOf(t.slice(m[0].length));
    const value: ServerVersion = { software: 'openssh', major, minor, label: `${major}.${minor}p${patch}`, ...(vendor ? { vendor } : {}) };
    const at = { line, column: lead + 1, length: t.length };
    const note = rangeNote(value);
    return { value, diagnostics: note ? [{ ...at, severity: 'warning' as const, ...note }] : [] };
  }
  const m = /^(?:SSH-[12]\.\d+-)?(?:dropbear[_ -]?)?(\d{4})\.(\d{1,3})(?![\d.])/i.exec(t);
  if (!m) {
    return {
      value: { ...def },
      diagnostics: [
        {
          line,
          column: lead + 1,
          length: t.length,
          code: 'version.invalid',
          severity: 'error',
          message: `'${t}' is not a Dropbear version; write it like 2022.83. Using ${def.label}.`,
        },
      ],
    };
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return { value: { software: 'dropbear', major, minor, label: `${major}.${minor}` }, diagnostics: [] };
}

/**
 * The Debian 12 package revision of an OpenSSH 9.2p1 build ("Debian-2+deb12u7" → 7; "Debian-2" →
 * 0), or null for any other build.
 */
function debian12Update(v: ServerVersion): number | null {
  if (v.software !== 'openssh' || v.label !== '9.2p1' || !v.vendor?.startsWith('Debian-')) return null;
  const m = /\+deb12u(\d+)/.exec(v.vendor);
  return m ? Number(m[1]) : 0;
}

/**
 * True when DisableForwarding also refuses X11 (and agent) forwarding. Upstream before 10.0 it
 * did not (session.c session_x11_req() and session_auth_agent_req() only checked
 * X11Forwarding/AllowAgentForwarding; fixed in openssh-portable V_10_0_P1, CVE-2025-32728).
 * Debian backported the fix into 1:9.2p1-2+deb12u6 (its changelog), so Debian 12's 9.2p1 refuses
 * X11 under DisableForwarding while upstream 9.2p1 allows it.
 */
export function disableForwardingCoversX11(v: ServerVersion): boolean {
  if (v.software !== 'openssh') return false;
  if (atLeast(v, 10, 0)) return true;
  const deb = debian12Update(v);
  return deb !== null && deb >= 6;
}

/**
 * What refuses a -w tunnel besides PermitTunnel (serverloop.c server_request_tun()): from
 * openssh-portable V_10_4_P1 DisableForwarding (recorded with 10.5p1). Earlier releases check
 * PermitTunnel only. V_10_5_P1 also tests the key's `restrict` there (auth_opts->restricted), but
 * that flag never reaches the check: auth_activate_options() (auth.c) installs the key's options
 * through sshauthopt_merge() (auth-options.c), which copies the permit_* flags and not
 * `restricted`. So a `restrict` key still gets its -w tunnel on 10.5p1, as the conformance
 * scenario key-restrict-tunnel records on every release. Null: nothing else refuses.
 */
export function tunnelAlsoRefusedBy(v: ServerVersion, o: { disableForwarding: boolean }): 'DisableForwarding yes' | null {
  if (v.software !== 'openssh') return null;
  if (o.disableForwarding && atLeast(v, 10, 4)) return 'DisableForwarding yes';
  return null;
}

/**
 * Whether a Dropbear server forwards Unix sockets: as the target of -L (direct-streamlocal) from
 * 2024.84, as the listener of -R (streamlocal-forward) from 2026.90 (Dropbear CHANGES 2024.84
 * "unix socket forwarding (destination)", 2026.90 "unix stream forwarding listener support").
 * Recorded with 2025.89 and 2026.94.
 */
export function dropbearForwardsUnixSockets(v: ServerVersion, direction: 'local' | 'remote'): boolean {
  if (v.software !== 'dropbear') return false;
  return direction === 'local' ? atLeast(v, 2024, 84) : atLeast(v, 2026, 90);
}

/**
 * Dropbear 2025.89 and later forward no Unix socket, either way, for a login with a forced command
 * (`dropbear -c` or the key's command=): svr-tcpfwd.c / svr-streamfwd.c, the CVE-2025-14282 fix.
 */
export function dropbearRefusesSocketsWhenForced(v: ServerVersion): boolean {
  return v.software === 'dropbear' && atLeast(v, 2025, 89);
}

/** A version as a person reads it: "OpenSSH 9.2p1 (Debian-2+deb12u10)", "Dropbear 2022.83". */
export function versionName(v: ServerVersion): string {
  return `${v.software === 'dropbear' ? 'Dropbear' : 'OpenSSH'} ${v.label}${v.vendor ? ` (${v.vendor})` : ''}`;
}

/** The ssh(1) release of a scenario's client (client.version; default Debian 12's 9.2p1). */
export function clientVersionOf(client: { version?: string } | undefined): ServerVersion {
  return parseServerVersion('openssh', client?.version).value;
}

/** The warning for an OpenSSH release outside the modelled range, or one that does not exist. */
function rangeNote(v: ServerVersion): { code: DiagnosticCode; message: string } | null {
  const [fa, fb] = OPENSSH_MODELED.from;
  const [ta, tb] = OPENSSH_MODELED.to;
  const { major, minor } = v;
  if (major < fa || (major === fa && minor < fb))
    return {
      code: 'version.unsupported',
      message: `OpenSSH ${v.label} is older than ${fa}.${fb}, the oldest release modeled here; results follow ${fa}.${fb}.`,
    };
  if (major > ta || (major === ta && minor > tb))
    return {
      code: 'version.unsupported',
      message: `OpenSSH ${v.label} is newer than ${ta}.${tb}, the newest release modeled here; results follow ${ta}.${tb}.`,
    };
  if (minor > 9) return { code: 'version.unknown-release', message: `There is no OpenSSH ${major}.${minor}: after ${major}.9 comes ${major + 1}.0.` };
  return null;
}

/** True when v is the given release or newer. */
export function atLeast(v: ServerVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/**
 * First OpenSSH release with each sshd_config keyword, keyword value, Match criterion and
 * authorized_keys option that the model uses. Keys: sshd_config keywords in canonical spelling,
 * "Keyword value" for values, "Match Criterion" for criteria, lower-case names for
 * authorized_keys options.
 */
export const KEYWORD_SINCE: Record<string, [number, number]> = {
  // sshd_config keywords
  PermitTunnel: [4, 3],
  Match: [4, 4],
  PermitOpen: [4, 4],
  ForceCommand: [4, 4],
  ChrootDirectory: [4, 8],
  MaxSessions: [5, 1],
  AllowAgentForwarding: [5, 2],
  AllowStreamLocalForwarding: [6, 7],
  DisableForwarding: [7, 4],
  PermitListen: [7, 8],
  Include: [8, 2],
  // sshd_config values
  'PermitOpen host:*': [6, 0],
  'PermitOpen none': [6, 1],
  'AllowTcpForwarding local': [6, 2],
  'AllowTcpForwarding remote': [6, 2],
  'AllowTcpForwarding all': [6, 2],
  // Match criteria
  'Match User': [4, 4],
  'Match Group': [4, 4],
  'Match Host': [4, 4],
  'Match Address': [4, 4],
  'Match LocalAddress': [6, 1],
  'Match LocalPort': [6, 1],
  'Match all': [6, 5],
  'Match RDomain': [7, 7],
  // authorized_keys options
  restrict: [7, 2],
  'port-forwarding': [7, 2],
  'agent-forwarding': [7, 2],
  'x11-forwarding': [7, 2],
  pty: [7, 2],
  'user-rc': [7, 2],
  'expiry-time': [7, 7],
  permitlisten: [7, 8],
  'touch-required': [8, 2],
  'verify-required': [8, 9],
};

/** First Dropbear release with each authorized_keys option (older ones reject the key line). */
export const DROPBEAR_OPTION_SINCE: Record<string, [number, number]> = {
  'no-port-forwarding': [0, 0],
  'no-agent-forwarding': [0, 0],
  'no-x11-forwarding': [0, 0],
  'no-pty': [0, 0],
  command: [0, 0],
  restrict: [2022, 82],
  permitopen: [2022, 83],
  'no-touch-required': [2022, 83],
  'verify-required': [2022, 83],
};

/** True when the keyword/value/option `key` of KEYWORD_SINCE exists in OpenSSH version v. */
export function hasFeature(v: ServerVersion, key: string): boolean {
  const since = KEYWORD_SINCE[key];
  if (!since) return true;
  return atLeast(v, since[0], since[1]);
}
