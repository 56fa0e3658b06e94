/**
 * The site the CLI's links point at: the origin the bundle was built with (SITE_URL when
 * `npm run build:cli` ran, see scripts/build-cli.mjs), or none, and then links are printed as paths
 * of the site (/causes/<id>/) rather than a guess at a domain.
 */
declare const __TD_SITE_ORIGIN__: string | undefined;

/** "https://tunnel.example", or "" when the build was given no origin. */
export const SITE_ORIGIN: string = typeof __TD_SITE_ORIGIN__ === 'string' ? __TD_SITE_ORIGIN__ : '';

/** A page of the site: its full URL when the origin is known, else its path. */
export function siteLink(path: string, origin: string = SITE_ORIGIN): string {
  return `${origin}${path}`;
}
