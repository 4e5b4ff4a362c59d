import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './template.js';

// openapi.yaml, the HTTP contract: read by the local stack (GET /openapi.json), the template test and the
// integration suite's response checks.

/** Scheme name -> the scopes (OAuth2) or role names (any other scheme, OpenAPI 3.1) it needs. */
export type SecurityRequirement = Record<string, string[]>;

export interface Operation {
  operationId?: string;
  security?: SecurityRequirement[];
  responses: Record<string, unknown>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
type Method = (typeof METHODS)[number];

export type PathItem = Partial<Record<Method, Operation>>;

/** The parts of an OpenAPI 3.1 document that the tooling reads; the rest passes through untyped. */
export interface OpenApiDocument {
  openapi: string;
  servers?: Array<{ url: string; description?: string }>;
  security?: SecurityRequirement[];
  paths: Record<string, PathItem>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export function loadOpenApi(path = join(ROOT, 'openapi.yaml')): OpenApiDocument {
  return parse(readFileSync(path, 'utf8')) as OpenApiDocument;
}

export interface DocumentedOperation {
  /** Upper case, as the template writes it. */
  method: string;
  path: string;
  operation: Operation;
  /** The operation's own security, else the document's: the requirements a caller meets one of. */
  security: SecurityRequirement[];
  /** JSON pointer of the operation in the document, e.g. `#/paths/~1me/get`. */
  pointer: string;
}

/** RFC 6901: `~` and `/` in a key are escaped in a JSON pointer. */
export const pointerKey = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

export function operationsOf(doc: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      return [
        {
          method: method.toUpperCase(),
          path,
          operation,
          security: operation.security ?? doc.security ?? [],
          pointer: `#/paths/${pointerKey(path)}/${method}`,
        },
      ];
    }),
  );
}
