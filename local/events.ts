// HTTP API payload format 2.0: the event a function receives, and how its answer becomes the
// HTTP response.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface JwtAuthorizerContext {
  claims: Record<string, string>;
  /** The token's scopes on routes with AuthorizationScopes; null on the others. */
  scopes: string[] | null;
}

export interface HttpApiEventV2 {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
    authorizer?: { jwt: JwtAuthorizerContext };
  };
  body?: string;
  isBase64Encoded: boolean;
}

export interface HttpRequest {
  method: string;
  /** Path and query string, as on the request line. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  protocol: string;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

/** An id in the shape HTTP API gives requests (e.g. "Kx3f9jR7IAMEVkQ="). */
export const newRequestId = (): string => randomBytes(10).toString('base64');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** $context.requestTime: 22/Nov/2026:10:00:00 +0000 */
export function requestTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  return `${day}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

// Bodies of these types reach the function as text; everything else is base64-encoded.
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

/** Query parameters: repeated names are joined with commas, as payload 2.0 does. */
function joinedParameters(search: URLSearchParams): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  for (const [name, value] of search) result[name] = name in result ? `${result[name]},${value}` : value;
  return Object.keys(result).length ? result : undefined;
}

export function toEvent(
  request: HttpRequest,
  route: { routeKey: string; pathParameters?: Record<string, string> },
  api: { apiId: string; domainName: string; requestId: string; now?: Date },
): HttpApiEventV2 {
  const now = api.now ?? new Date();
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const rawQueryString = queryStart < 0 ? '' : request.url.slice(queryStart + 1);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${request.sourceIp}` : request.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  const cookieHeader = request.headers.cookie;
  const cookies = cookieHeader ? cookieHeader.split(/;\s*/).filter(Boolean) : undefined;
  const contentType = headers['content-type'] ?? '';
  const isText = contentType === '' || TEXT_TYPES.test(contentType);
  const hasBody = request.body.length > 0;
  const queryStringParameters = joinedParameters(new URLSearchParams(rawQueryString));
  const path = decodeURIComponent(rawPath);
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(route.pathParameters && Object.keys(route.pathParameters).length ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: api.apiId,
      domainName: api.domainName,
      domainPrefix: api.domainName.split('.')[0] ?? api.apiId,
      http: {
        method: request.method,
        path,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: api.requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(hasBody ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !isText,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A function's answer -> the HTTP response, by the payload 2.0 rules. */
export function fromResult(payload: unknown): HttpResponse {
  // Without a statusCode the whole answer is a JSON body with status 200.
  if (!isObject(payload) || !('statusCode' in payload)) {
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(JSON.stringify(payload)) };
  }
  const statusCode = Number(payload.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
    throw new Error(`Invalid statusCode ${String(payload.statusCode)}`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(isObject(payload.headers) ? payload.headers : {})) headers[name.toLowerCase()] = String(value);
  const cookies = Array.isArray(payload.cookies) ? payload.cookies.map(String) : [];
  const raw =
    payload.body === undefined || payload.body === null
      ? ''
      : typeof payload.body === 'string'
        ? payload.body
        : JSON.stringify(payload.body);
  return { statusCode, headers, cookies, body: payload.isBase64Encoded === true ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8') };
}
