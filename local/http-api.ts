// The HTTP API: routes from the template's HttpApi events, CORS from its CorsConfiguration, the JWT
// authorizer in front of protected routes, and the functions behind them (payload format 2.0).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { OpenApiDocument } from '../scripts/lib/openapi.js';
import type { JwtAuthorizer } from './authorizer.js';
import { close, listen } from './listen.js';
import { fromResult, newRequestId, toEvent, type HttpResponse } from './events.js';
import type { LocalFunction } from './lambda.js';

export interface ApiRoute {
  method: string;
  path: string;
  functionId: string;
  authorizer?: JwtAuthorizer;
  scopes: string[];
}

export interface CorsConfiguration {
  AllowOrigins?: string[];
  AllowHeaders?: string[];
  AllowMethods?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
  AllowCredentials?: boolean;
}

export interface HttpApiOptions {
  host: string;
  port: number;
  routes: ApiRoute[];
  functions: ReadonlyMap<string, LocalFunction>;
  cors?: CorsConfiguration;
  /** openapi.yaml, served at GET /openapi.json: a local addition, the deployed API has no such route. */
  openApi?: () => OpenApiDocument;
  log: (line: string) => void;
}

export const OPENAPI_PATH = '/openapi.json';

export interface LocalHttpApi {
  url: string;
  stop: () => Promise<void>;
}

interface CompiledRoute extends ApiRoute {
  routeKey: string;
  pattern: RegExp;
  names: string[];
  /** Lower sorts first: exact paths, then {param} paths, then {greedy+} paths; ANY after a method. */
  rank: number;
}

function compile(route: ApiRoute): CompiledRoute {
  const names: string[] = [];
  let rank = 0;
  const source = route.path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(.+)\+\}$/.exec(segment);
      if (greedy?.[1]) {
        names.push(greedy[1]);
        rank += 1000;
        return '(.+)';
      }
      const param = /^\{(.+)\}$/.exec(segment);
      if (param?.[1]) {
        names.push(param[1]);
        rank += 10;
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return {
    ...route,
    routeKey: `${route.method} ${route.path}`,
    pattern: new RegExp(`^${source}$`),
    names,
    rank: rank + (route.method === 'ANY' ? 1 : 0),
  };
}

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  cookies: [],
  body: Buffer.from(JSON.stringify(body)),
});

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export async function startHttpApi(options: HttpApiOptions): Promise<LocalHttpApi> {
  const routes = options.routes.map(compile).sort((a, b) => a.rank - b.rank);
  const cors = options.cors;
  const origins = (cors?.AllowOrigins ?? []).map((origin) => origin.toLowerCase());

  /** The CORS headers for a request's Origin, when CORS is on and the origin is allowed. */
  function corsHeaders(origin: string | undefined): Record<string, string> {
    if (!cors || !origin) return {};
    const allowed = origins.includes('*')
      ? cors.AllowCredentials
        ? origin
        : '*'
      : origins.includes(origin.toLowerCase())
        ? origin
        : undefined;
    if (!allowed) return {};
    return {
      'access-control-allow-origin': allowed,
      ...(cors.AllowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
      ...(cors.ExposeHeaders?.length ? { 'access-control-expose-headers': cors.ExposeHeaders.join(',') } : {}),
    };
  }

  function match(method: string, path: string): { route: CompiledRoute; pathParameters: Record<string, string> } | undefined {
    for (const route of routes) {
      if (route.method !== method && route.method !== 'ANY') continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const pathParameters = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
      return { route, pathParameters };
    }
    return undefined;
  }

  async function handle(request: IncomingMessage, requestId: string, apiHost: string): Promise<HttpResponse> {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = request.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const origin = request.headers.origin;
    // API Gateway answers CORS preflight itself, whatever the routes.
    if (cors && method === 'OPTIONS' && origin && request.headers['access-control-request-method']) {
      const headers = corsHeaders(origin);
      if (headers['access-control-allow-origin']) {
        Object.assign(headers, {
          'access-control-allow-methods': (cors.AllowMethods ?? []).join(','),
          'access-control-allow-headers': (cors.AllowHeaders ?? []).join(','),
          ...(cors.MaxAge !== undefined ? { 'access-control-max-age': String(cors.MaxAge) } : {}),
        });
      }
      return { statusCode: 204, headers, cookies: [], body: Buffer.alloc(0) };
    }
    const found = match(method, path);
    if (!found && method === 'GET' && path === OPENAPI_PATH && options.openApi) {
      // Its server is this stack, so tools that read the document call the API that served it.
      return json(200, { ...options.openApi(), servers: [{ url: `http://${apiHost}`, description: 'This local stack (npm start)' }] });
    }
    if (!found) return json(404, { message: 'Not Found' });
    const { route, pathParameters } = found;
    let authorizer;
    if (route.authorizer) {
      const header = request.headers.authorization;
      const result = await route.authorizer.authorize(header, route.scopes);
      if (!result.ok) {
        options.log(`[http-api] ${route.routeKey} ${result.statusCode}: ${result.reason}`);
        return json(
          result.statusCode,
          { message: result.statusCode === 401 ? 'Unauthorized' : 'Forbidden' },
          { 'www-authenticate': result.wwwAuthenticate },
        );
      }
      authorizer = { jwt: result.context };
    }
    const fn = options.functions.get(route.functionId);
    if (!fn) return json(500, { message: 'Internal Server Error' });
    const event = toEvent(
      {
        method,
        url,
        headers: request.headers,
        body: await readBody(request),
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        protocol: `HTTP/${request.httpVersion}`,
      },
      { routeKey: route.routeKey, pathParameters },
      { apiId: 'local', domainName: apiHost, requestId },
    );
    if (authorizer) event.requestContext.authorizer = authorizer;
    const result = await fn.invoke(event);
    if (!result.ok) {
      options.log(`[http-api] ${route.routeKey} -> ${route.functionId} failed: ${result.error.errorType}: ${result.error.errorMessage}`);
      return json(500, { message: 'Internal Server Error' });
    }
    try {
      return fromResult(result.payload);
    } catch (error) {
      options.log(`[http-api] ${route.routeKey} -> ${route.functionId} returned an invalid response: ${String(error)}`);
      return json(500, { message: 'Internal Server Error' });
    }
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const requestId = newRequestId();
    const started = Date.now();
    void handle(request, requestId, request.headers.host ?? options.host)
      .catch((error: unknown): HttpResponse => {
        options.log(`[http-api] ${request.method} ${request.url} failed: ${String(error)}`);
        return json(500, { message: 'Internal Server Error' });
      })
      .then((result) => {
        // CORS headers from API Gateway replace any the function set.
        const headers: Record<string, string | string[]> = {
          ...result.headers,
          ...corsHeaders(request.headers.origin),
          'apigw-requestid': requestId,
        };
        if (result.cookies.length) headers['set-cookie'] = result.cookies;
        response.writeHead(result.statusCode, headers).end(result.body);
        options.log(`[http-api] ${request.method} ${request.url?.split('?')[0]} ${result.statusCode} ${Date.now() - started}ms`);
      });
  });
  const port = await listen(server, options.host, options.port);
  return { url: `http://${options.host}:${port}`, stop: () => close(server) };
}
