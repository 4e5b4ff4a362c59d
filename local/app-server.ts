// Serves the browser app (app/, built by scripts/build-app.ts) on its own port: the page, its bundle, and
// GET /config.json with the API's URL, so that one build serves any port. docs/browser-app.md says why each header.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { close, listen } from './listen.js';

export interface AppServerOptions {
  host: string;
  port: number;
  /** The built app (index.html, app.js, app.css). */
  dir: string;
  /** The API's URL; asked at each request, as the API starts after the app's port is known. */
  apiUrl: () => string | undefined;
  log: (line: string) => void;
}

export interface AppServer {
  /** http://localhost:<port>: the app's origin too (WebAuthn needs localhost, not 127.0.0.1, as relying party). */
  url: string;
  stop: () => Promise<void>;
}

export const CONFIG_PATH = '/config.json';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
/** The paths served, and the file of each; anything else is a 404. */
const FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/app.js': 'app.js',
  '/app.js.map': 'app.js.map',
  '/app.css': 'app.css',
};

/**
 * Scripts and styles from this origin only, no inline code; calls to this origin (/config.json) and the API's only;
 * images from this origin or data: URLs (the QR code); no framing, no <base>, forms posting nowhere else.
 */
export function contentSecurityPolicy(apiUrl: string | undefined): string {
  const api = apiUrl ? new URL(apiUrl).origin : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${api}`.trim(),
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const securityHeaders = () => ({
    'content-security-policy': contentSecurityPolicy(options.apiUrl()),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // A local development server: every load gets the latest build.
    'cache-control': 'no-store',
  });

  async function answer(request: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: Buffer | string }> {
    const method = request.method ?? 'GET';
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (method !== 'GET' && method !== 'HEAD')
      return { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain' }, body: '' };
    if (path === CONFIG_PATH) {
      const apiUrl = options.apiUrl();
      if (!apiUrl) return { status: 503, headers: { 'content-type': 'text/plain' }, body: 'The API is not running yet.' };
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiUrl }) };
    }
    const file = FILES[path];
    if (!file) return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not found' };
    const body = await readFile(join(options.dir, file));
    return { status: 200, headers: { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }, body };
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void answer(request)
      .catch((error: unknown) => {
        options.log(`[app] ${request.method} ${request.url} failed: ${String(error)}`);
        return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal error' };
      })
      .then(({ status, headers, body }) => {
        response.writeHead(status, { ...securityHeaders(), ...headers });
        response.end(request.method === 'HEAD' ? undefined : body);
      });
  });
  const port = await listen(server, options.host, options.port);
  return { url: `http://localhost:${port}`, stop: () => close(server) };
}
