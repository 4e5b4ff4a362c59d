// DynamoDB's JSON protocol as the transaction code reads and writes it: bodies stay plain JSON
// (attribute values in their wire form), so what dynalite answers is passed on unchanged.
export type Json = Record<string, unknown>;

/** An answer to a DynamoDB request: the HTTP status and the JSON body. */
export interface Answer {
  status: number;
  body: Json;
}

export const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const ok = (body: Json = {}): Answer => ({ status: 200, body });

const SERVICE = 'com.amazonaws.dynamodb.v20120810#';

export const serviceError = (name: string, message: string, fields: Json = {}): Answer => ({
  status: 400,
  body: { __type: `${SERVICE}${name}`, message, ...fields },
});

export const validationException = (message: string): Answer => ({
  status: 400,
  body: { __type: 'com.amazon.coral.validate#ValidationException', message },
});

/** A value of a request or an answer as text, as a message quotes it. */
export const textOf = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** The exception's name (`ValidationException`...) of an error answer; undefined for a success. */
export const errorName = (answer: Answer): string | undefined =>
  answer.status === 200 ? undefined : textOf(answer.body.__type ?? '').replace(/^.*#/, '');

export const errorMessage = (answer: Answer): string => textOf(answer.body.message ?? answer.body.Message ?? '');

/** Picks `names` of `input` that are present. */
export const pick = (input: Json, names: readonly string[]): Json =>
  Object.fromEntries(names.filter((name) => input[name] !== undefined).map((name) => [name, input[name]]));

/**
 * Member constraint violations, reported together as the AWS JSON protocol's validation layer does
 * ("2 validation errors detected: ...; ..."), before the request is read any further.
 */
export class Violations {
  readonly #found: string[] = [];

  notNull(value: unknown, path: string): boolean {
    if (value !== undefined && value !== null) return true;
    this.#found.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    return false;
  }

  length(value: string | unknown[], shown: string, path: string, min: number, max: number): void {
    const constraint =
      value.length < min ? `greater than or equal to ${min}` : value.length > max ? `less than or equal to ${max}` : undefined;
    if (constraint) this.#found.push(`Value '${shown}' at '${path}' failed to satisfy constraint: Member must have length ${constraint}`);
  }

  oneOf(value: unknown, path: string, allowed: readonly string[]): void {
    if (value === undefined || (typeof value === 'string' && allowed.includes(value))) return;
    this.#found.push(
      `Value '${textOf(value)}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
    );
  }

  answer(): Answer | undefined {
    const count = this.#found.length;
    if (count === 0) return undefined;
    return validationException(`${count} validation error${count === 1 ? '' : 's'} detected: ${this.#found.join('; ')}`);
  }
}
