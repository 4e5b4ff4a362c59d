import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemInit {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: FieldError[];
  retryAfterSeconds?: number;
  /** The `www-authenticate` challenge of a 401 the client can act on (RFC 6750, RFC 9470). */
  wwwAuthenticate?: string;
}

/** An error that the handler wrapper turns into an RFC 9457 problem+json response. */
export class Problem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: FieldError[];
  readonly retryAfterSeconds?: number;
  readonly wwwAuthenticate?: string;

  constructor(init: ProblemInit) {
    super(init.detail);
    this.name = 'Problem';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.wwwAuthenticate = init.wwwAuthenticate;
  }
}

export const problem = (
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Pick<ProblemInit, 'errors' | 'retryAfterSeconds' | 'wwwAuthenticate'> = {},
): Problem => new Problem({ status, code, title, detail, ...extra });

const kebab = (code: string): string => code.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export function problemResponse(p: Problem, requestId: string): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (p.retryAfterSeconds !== undefined) headers['retry-after'] = String(p.retryAfterSeconds);
  if (p.wwwAuthenticate !== undefined) headers['www-authenticate'] = p.wwwAuthenticate;
  return {
    statusCode: p.status,
    headers,
    body: JSON.stringify({
      type: `/problems/${kebab(p.code)}`,
      title: p.title,
      status: p.status,
      detail: p.detail,
      code: p.code,
      requestId,
      ...(p.errors ? { errors: p.errors } : {}),
    }),
  };
}
