/** /collect.sh: the collector script itself (src/cli/collect.sh, the one `tunnel-doctor probe` runs), served as text. */
import type { APIRoute } from 'astro';
import script from '../cli/collect.sh?raw';

export const GET: APIRoute = () => new Response(script, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
