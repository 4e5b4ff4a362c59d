// A fake fetch for the client's unit tests: answers by "METHOD /path" and records every request it receives.
import { AuthApiClient, type AuthApiClientOptions } from '../../../../clients/typescript/src/index.js';

export type Route = (request: Request, call: number) => Response | Promise<Response>;

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: `/problems/${code}`, title: code, status, detail: `${code} detail`, code, requestId: 'req-1' }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

export const tokens = (n: number, options: { expiresIn?: number; rotated?: boolean } = {}) => ({
  accessToken: `access-${n}`,
  idToken: `id-${n}`,
  ...(options.rotated === false ? {} : { refreshToken: `refresh-${n}` }),
  expiresIn: options.expiresIn ?? 3600,
  tokenType: 'Bearer',
});

export const message = {
  id: '01JK3Z8Q9V6N2T4R5M7P8W0XYZ',
  from: { sub: 'a', email: 'alice@example.com' },
  to: { sub: 'b', email: 'bob@example.com' },
  subject: 'Hello',
  body: 'Hi',
  createdAt: '2026-12-01T09:30:00.000Z',
};
export const profile = {
  sub: '1d57ec54-5a3e-4b7c-9f0e-2c1a7b3d9e11',
  email: 'alice@example.com',
  emailVerified: true,
  mfa: { enabled: false },
};

export function fakeApi(routes: Record<string, Route>, options: Partial<AuthApiClientOptions> = {}) {
  const requests: Request[] = [];
  const counts = new Map<string, number>();
  const fetch = async (request: Request) => {
    requests.push(request);
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const call = (counts.get(key) ?? 0) + 1;
    counts.set(key, call);
    const route = routes[key];
    if (!route) throw new Error(`no fake route for ${key}`);
    return route(request, call);
  };
  const client = new AuthApiClient({ baseUrl: 'https://api.example.com', fetch, ...options });
  const sent = (key: string) => requests.filter((request) => `${request.method} ${new URL(request.url).pathname}` === key);
  return { client, requests, sent };
}

/** A signed-in session whose first sign-in answered `first`. */
export async function signedIn(client: AuthApiClient) {
  const result = await client.signIn({ email: 'alice@example.com', password: 'Correct-horse-battery-42' });
  if (!result.session) throw new Error('expected a session');
  return result.session;
}
