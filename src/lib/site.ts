/** Site-wide constants used by the layout and pages (build time only). */
export const SITE_NAME = 'Tunnel Doctor';

export const NAV: readonly { href: string; label: string }[] = [
  { href: '/causes/', label: 'Causes' },
  { href: '/simulator/', label: 'Simulator' },
  { href: '/diagnose/', label: 'Diagnose' },
  { href: '/verification/', label: 'Verification' },
  { href: '/cli/', label: 'CLI' },
];

/** The canonical absolute URL of a path on the deployed site. */
export function canonicalUrl(pathname: string, site: URL | undefined): string {
  const base = site ?? new URL('https://tunnel.doctor');
  return new URL(pathname, base).href;
}

/** True when `pathname` is the nav item `href` or below it. */
export function isCurrent(href: string, pathname: string): boolean {
  const p = pathname.endsWith('/') ? pathname : `${pathname}/`;
  return p === href || p.startsWith(href);
}

/** One sentence per machine: what "fix it there" means. */
export const FIX_ON_HINT: Record<string, string> = {
  client: 'Change the command, ~/.ssh/config or key on the machine where you run ssh.',
  'jump-host': 'Change sshd_config on the bastion your -J or ProxyJump goes through.',
  'ssh-server': 'Change sshd_config, authorized_keys or the account on the machine you log in to.',
  'name-resolution': 'Fix the resolver the SSH server uses: /etc/resolv.conf, its DNS server or the router’s DNS.',
  target: 'Start the service, or make it listen where the server connects.',
  network: 'Open the path between the SSH server and the target: firewalls, security groups, routes.',
};
