import type { APIRoute } from 'astro';

/** robots.txt, pointing crawlers at the sitemap of whatever origin the site is built for (SITE_URL). */
export const GET: APIRoute = ({ site }) => {
  const sitemap = new URL('/sitemap-index.xml', site ?? 'https://tunnel.doctor').href;
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${sitemap}\n`, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
};
