// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';

/** The public origin the site is deployed at; canonical URLs, Open Graph tags and the sitemap use it. */
const site = process.env.SITE_URL ?? 'https://tunnel.doctor';

export default defineConfig({
  site,
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'always' },
  integrations: [mdx(), preact(), sitemap()],
  devToolbar: { enabled: false },
  markdown: { syntaxHighlight: false },
  telemetry: false,
});
