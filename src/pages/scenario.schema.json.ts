/**
 * /scenario.schema.json: the scenario contract (share links, `tunnel-doctor simulate` files) as JSON
 * Schema, generated from the zod schema in src/model/scenario.ts with its doc comments.
 */
import type { APIRoute } from 'astro';
import source from '../model/scenario.ts?raw';
import { scenarioJsonSchema } from '../site/scenario-schema.ts';

export const GET: APIRoute = ({ site }) =>
  new Response(`${JSON.stringify(scenarioJsonSchema(source, site?.href ?? 'https://tunnel.doctor'), null, 2)}\n`, {
    headers: { 'Content-Type': 'application/schema+json; charset=utf-8' },
  });
