/**
 * Which programs run a scenario: the machine's own Debian packages (OpenSSH 9.2p1 Debian, Dropbear
 * 2022.83: the defaults) or a release built by scripts/build-releases.sh into the build cache
 * (TD_BUILD_CACHE, default /var/cache/tunnel-doctor/builds, one directory per build holding
 * build.json). A scenario picks them with `server.version` / `jump.version` / `client.version`
 * (the model's own version parser reads them, so "OpenSSH_10.5p1", "10.5" and
 * "SSH-2.0-OpenSSH_10.5p1" name the same build).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Scenario } from '../../../src/model/scenario.ts';
import { serverFamily } from '../../../src/model/software/index.ts';
import { parseServerVersion } from '../../../src/model/version.ts';
import { matrixReleases, type ReleaseMode, releaseMode } from '../../../src/site/releases.ts';

export const BUILD_CACHE = process.env.TD_BUILD_CACHE ?? '/var/cache/tunnel-doctor/builds';

/**
 * The releases of the version matrix, oldest first (test/conformance/releases.json): those
 * scripts/build-releases.sh builds and the recorded-only ones, whose cells are model-checked only.
 */
export const MATRIX_RELEASES = {
  openssh: matrixReleases('openssh'),
  dropbear: matrixReleases('dropbear'),
  /** OpenSSH clients the OpenSSH scenarios also run with (besides the machine's Debian 9.2p1). */
  client: matrixReleases('client'),
} as const;

/** Whether a release ("openssh-10.5p1") is re-run live (built here) or only recorded data. */
export function modeOfRelease(release: string): ReleaseMode | undefined {
  const [, software = '', version = ''] = /^(openssh|dropbear)-(.+)$/.exec(release) ?? [];
  if (software !== 'openssh' && software !== 'dropbear') return undefined;
  return releaseMode(software, version) ?? (software === 'openssh' ? releaseMode('client', version) : undefined);
}

export interface Programs {
  /** e.g. "openssh-10.5p1", or "system" for the machine's own packages. */
  release: string;
  ssh?: string;
  sshd?: string;
  dropbear?: string;
}

export interface BuildInfo {
  release: string;
  dir: string;
  seconds: number;
}

/** Every finished build in the cache, by release name ("openssh-10.5p1"); the newest build wins. */
export function cachedBuilds(): Map<string, BuildInfo> {
  const out = new Map<string, BuildInfo & { at: string }>();
  if (!fs.existsSync(BUILD_CACHE)) return out;
  for (const name of fs.readdirSync(BUILD_CACHE)) {
    const file = path.join(BUILD_CACHE, name, 'build.json');
    if (!fs.existsSync(file)) continue;
    try {
      const b = JSON.parse(fs.readFileSync(file, 'utf8')) as { release: string; seconds: number; builtAt: string };
      const old = out.get(b.release);
      if (!old || old.at < b.builtAt) out.set(b.release, { release: b.release, dir: path.join(BUILD_CACHE, name), seconds: b.seconds, at: b.builtAt });
    } catch {
      /* a broken build.json: not a finished build */
    }
  }
  return out;
}

/**
 * True when a version string means the machine's own package: no version, or the Debian 12 build
 * ("9.2p1 Debian-2+deb12u10"); for Dropbear any 2022.83 (Debian's package changes no line we record).
 */
function isSystem(software: 'openssh' | 'dropbear', version: string | undefined): boolean {
  if (version === undefined || version.trim() === '') return true;
  const v = parseServerVersion(software, version).value;
  if (software === 'dropbear') return v.label === '2022.83';
  return v.label === '9.2p1' && (v.vendor ?? '').startsWith('Debian-');
}

/** Release name ("openssh-10.5p1") of a version string, or "system". */
export function releaseOf(software: 'openssh' | 'dropbear', version: string | undefined): string {
  if (isSystem(software, version)) return 'system';
  return `${software}-${parseServerVersion(software, version).value.label}`;
}

/** The build directory of a release; throws a message naming the build command when it is missing. */
export function buildDir(release: string): string {
  const b = cachedBuilds().get(release);
  if (b) return b.dir;
  if (modeOfRelease(release) === 'recorded')
    throw new Error(`${release} is recorded data only: no package registry provides its source, so it is not built or re-run here`);
  throw new Error(`${release} is not built: run bash scripts/build-releases.sh ${release} (cache: ${BUILD_CACHE})`);
}

/** The sshd or dropbear binary for a server block's software and version. */
export function serverBinary(software: 'openssh' | 'dropbear', version: string | undefined): string {
  const release = releaseOf(software, version);
  if (release === 'system') return software === 'dropbear' ? '/usr/sbin/dropbear' : '/usr/sbin/sshd';
  return path.join(buildDir(release), 'sbin', software === 'dropbear' ? 'dropbear' : 'sshd');
}

/** The ssh binary for the client block's version (only OpenSSH clients are run). */
export function clientBinary(version: string | undefined): string {
  const release = releaseOf('openssh', version);
  if (release === 'system') return '/usr/bin/ssh';
  return path.join(buildDir(release), 'bin', 'ssh');
}

/** The releases a scenario runs (server, jump host, client), other than the machine's own packages. */
export function releasesOf(s: Scenario): string[] {
  const want = [releaseOf(serverFamily(s.server?.software), s.server?.version), releaseOf('openssh', s.client.version)];
  if (s.jump) want.push(releaseOf(serverFamily(s.jump.software), s.jump.version));
  return [...new Set(want.filter((r) => r !== 'system'))];
}

/**
 * `recorded` when any release a scenario runs is kept as recorded data only (it is model-checked,
 * never re-run), `rerun` when all of them are built here or the machine's own, undefined when one
 * is in neither list of releases.json.
 */
export function modeOfScenario(s: Scenario): ReleaseMode | undefined {
  const modes = releasesOf(s).map(modeOfRelease);
  if (modes.includes(undefined)) return undefined;
  return modes.includes('recorded') ? 'recorded' : 'rerun';
}
