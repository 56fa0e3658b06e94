/**
 * A tiny static server for the benches: serves a built site (dist/) on 127.0.0.1 only, gzip when the
 * browser accepts it (as any static host does), `dir/` as `dir/index.html`, nothing outside the
 * root, no third-party anything. Returns { origin, close }.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript',
  css: 'text/css',
  svg: 'image/svg+xml',
  json: 'application/json',
  xml: 'application/xml',
  txt: 'text/plain',
  wasm: 'application/wasm',
};
const COMPRESSIBLE = new Set(['html', 'js', 'css', 'svg', 'json', 'xml', 'txt']);

export async function serveDist(dist) {
  const root = resolve(dist);
  const gzipped = new Map();
  const server = createServer(async (req, res) => {
    try {
      let p = join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      if (!p.startsWith(root)) throw new Error('outside the root');
      if (p.endsWith('/')) p = join(p, 'index.html');
      const ext = p.slice(p.lastIndexOf('.') + 1);
      let body = await readFile(p);
      const headers = { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
      if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        if (!gzipped.has(p)) gzipped.set(p, gzipSync(body, { level: 9 }));
        body = gzipped.get(p);
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
