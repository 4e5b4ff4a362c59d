// The browser app as npm start serves it: the page, its bundle and /config.json with their content types and a strict
// Content-Security-Policy, and the API's CORS letting the app's origin call it (docs/browser-app.md).
import { startTestStack, type TestStack } from './local-stack.js';

jest.setTimeout(120_000);

// An origin list without '*' (as a deployment would set it): the stack must add the app's origin itself.
const DEPLOYED_ORIGIN = 'https://app.example.com';
let stack: TestStack;
let appUrl: string;
let apiUrl: string;

beforeAll(async () => {
  stack = await startTestStack({ parameters: { CorsAllowedOrigins: DEPLOYED_ORIGIN } });
  appUrl = stack.state.appUrl ?? '';
  apiUrl = stack.state.apiUrl ?? '';
});
afterAll(() => stack?.stop());

const preflight = (origin: string) =>
  fetch(`${apiUrl}/messages`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,idempotency-key',
    },
  });

describe('the browser app on its own port', () => {
  it('is at http://localhost:<port>, another port than the API', () => {
    expect(appUrl).toMatch(/^http:\/\/localhost:\d+$/);
    expect(new URL(appUrl).port).not.toBe(new URL(apiUrl).port);
  });

  it('serves the page with a Content-Security-Policy that allows scripts from itself and calls to the API only', async () => {
    const response = await fetch(`${appUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = Object.fromEntries(
      (response.headers.get('content-security-policy') ?? '').split(';').map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(csp).toMatchObject({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'connect-src': ["'self'", new URL(apiUrl).origin],
      'frame-ancestors': ["'none'"],
    });
    const html = await response.text();
    expect(html).toContain('<script type="module" src="/app.js"></script>');
    // No inline script: script-src 'self' would refuse it.
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="module" src="/app.js">']);
  });

  it('serves /config.json with the API URL, never cached', async () => {
    const response = await fetch(`${appUrl}/config.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ apiUrl });
  });

  it('serves the bundle and the style sheet with their content types, and a 404 for anything else', async () => {
    const script = await fetch(`${appUrl}/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const bundle = await script.text();
    // The typed client is in it, and nothing keeps tokens where injected script could read them.
    expect(bundle).toContain('/auth/sign-in');
    expect(bundle).not.toMatch(/localStorage|sessionStorage|indexedDB/);
    const css = await fetch(`${appUrl}/app.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${appUrl}/../local-env.json`)).status).toBe(404);
    expect((await fetch(`${appUrl}/src/main.ts`)).status).toBe(404);
  });

  it("lets the app's origin call the API (CORS preflight), beside the template's origins, and no other", async () => {
    const fromApp = await preflight(appUrl);
    expect(fromApp.status).toBe(204);
    expect(fromApp.headers.get('access-control-allow-origin')).toBe(appUrl);
    expect(fromApp.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    expect(fromApp.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect((await preflight(DEPLOYED_ORIGIN)).headers.get('access-control-allow-origin')).toBe(DEPLOYED_ORIGIN);
    expect((await preflight('http://localhost:1')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives a cross-origin answer the app can read (a sign-in refused, its problem detail exposed by CORS)', async () => {
    const response = await fetch(`${apiUrl}/auth/sign-in`, {
      method: 'POST',
      headers: { origin: appUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.com', password: 'Correct-horse-battery-42' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(appUrl);
  });
});
