/** Site-wide constants used by the layout and pages (build time only). */
export const SITE_NAME = 'Tunnel Doctor';

export const NAV: readonly { href: string; label: string }[] = [
  { href: '/causes/', label: 'Causes' },
  { href: '/simulator/', label: 'Simulator' },
  { href: '/diagnose/', label: 'Diagnose' },
  { href: '/verification/', label: 'Verification' },
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
