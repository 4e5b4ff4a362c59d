import type { components } from './openapi.js';

type Schemas = components['schemas'];
/** Every problem `code` openapi.yaml documents (each problem schema fixes its own). */
type DocumentedProblemCode = {
  [K in keyof Schemas]: Schemas[K] extends { code?: infer C } ? (string extends C ? never : C) : never;
}[keyof Schemas];

/**
 * The `code`s an app branches on: those of openapi.yaml, those contract v2 adds (sessions that end everywhere,
 * recent sign-in, send quotas), and the gateway's own answers (`{"message"}` bodies, named after the message).
 */
export type ProblemCode =
  | DocumentedProblemCode
  | 'SessionEnded'
  | 'RecentSignInRequired'
  | 'SendQuotaExceeded'
  | 'Unauthorized'
  | 'Forbidden'
  | 'TooManyRequests'
  | 'InternalError';

export interface FieldError {
  path: string;
  message: string;
}

interface ProblemFields {
  status: number;
  code: ProblemCode | (string & {});
  title: string;
  detail: string;
  retryAfter?: number;
  requestId?: string;
  errors?: FieldError[];
}

/** An error answer of the API: an RFC 9457 problem, or the gateway's `{"message"}`, with the same fields. */
export class ApiProblemError extends Error implements ProblemFields {
  override readonly name = 'ApiProblemError';
  readonly status: number;
  readonly code: ProblemCode | (string & {});
  readonly title: string;
  readonly detail: string;
  /** Seconds to wait before trying again (`retry-after`), on 429 and 503. */
  readonly retryAfter?: number;
  readonly requestId?: string;
  /** The offending fields of a `ValidationError`. */
  readonly errors?: FieldError[];

  constructor(fields: ProblemFields) {
    super(`${fields.status} ${fields.code}: ${fields.detail}`);
    this.status = fields.status;
    this.code = fields.code;
    this.title = fields.title;
    this.detail = fields.detail;
    if (fields.retryAfter !== undefined) this.retryAfter = fields.retryAfter;
    if (fields.requestId !== undefined) this.requestId = fields.requestId;
    if (fields.errors !== undefined) this.errors = fields.errors;
  }

  /** Reads an error answer; its body is consumed. */
  static async from(response: Response, now = Date.now()): Promise<ApiProblemError> {
    const body = await readJson(response);
    const retryAfter = retryAfterSeconds(response.headers.get('retry-after'), now);
    const requestId = stringField(body, 'requestId') ?? response.headers.get('apigw-requestid') ?? undefined;
    const code = stringField(body, 'code');
    if (code !== undefined) {
      const errors = Array.isArray(body?.errors) ? (body.errors as FieldError[]) : undefined;
      const title = stringField(body, 'title') ?? code;
      return new ApiProblemError({
        status: response.status,
        code,
        title,
        detail: stringField(body, 'detail') ?? title,
        retryAfter,
        requestId,
        errors,
      });
    }
    // The gateway's own answers: {"message": "Too Many Requests"} becomes the code TooManyRequests.
    const message = stringField(body, 'message') ?? (response.statusText || `HTTP ${response.status}`);
    const gatewayCode = message === 'Internal Server Error' ? 'InternalError' : message.replace(/[^A-Za-z]/g, '');
    return new ApiProblemError({ status: response.status, code: gatewayCode, title: message, detail: message, retryAfter, requestId });
  }
}

async function readJson(response: Response): Promise<Record<string, unknown> | undefined> {
  const text = await response.text();
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringField(body: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = body?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** `retry-after` is delay-seconds or an HTTP date (RFC 9110, section 10.2.3). */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
