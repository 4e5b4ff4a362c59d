// Request checks with the API model's constraints and AWS's validation wording.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html
import type { Input } from './context.js';
import { validationError } from './errors.js';

interface TextRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

const field = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

export function optionalText(input: Input, name: string, rule: TextRule = {}): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validationError(field(name), 'Member must be a string');
  if (rule.min !== undefined && value.length < rule.min)
    throw validationError(field(name), `Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value.length > rule.max)
    throw validationError(field(name), `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !new RegExp(`^(?:${rule.pattern.source})$`, 'u').test(value))
    throw validationError(field(name), `Member must satisfy regular expression pattern: ${rule.pattern.source}`);
  return value;
}

export function text(input: Input, name: string, rule: TextRule = {}): string {
  const value = optionalText(input, name, rule);
  if (value === undefined) throw validationError(field(name), 'Member must not be null', true);
  return value;
}

export function optionalInteger(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw validationError(field(name), 'Member must be an integer');
  if (value < min) throw validationError(field(name), `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationError(field(name), `Member must have value less than or equal to ${max}`);
  return value;
}

export function optionalBoolean(input: Input, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw validationError(field(name), 'Member must be a boolean');
  return value;
}

export function stringMap(input: Input, name: string): Record<string, string> {
  const value = input[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string'))
    throw validationError(field(name), 'Member must be a map of strings');
  return value as Record<string, string>;
}

export function stringList(input: Input, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw validationError(field(name), 'Member must be a list of strings');
  return value as string[];
}

/** `[{Name, Value}]` attribute lists. */
export function attributeList(input: Input, name: string): Array<{ Name: string; Value: string }> {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validationError(field(name), 'Member must be a list');
  return value.map((item: unknown) => {
    const attribute = (item ?? {}) as Input;
    return { Name: text(attribute, 'Name', { min: 1, max: 32 }), Value: optionalText(attribute, 'Value', { max: 2048 }) ?? '' };
  });
}

export const CLIENT_ID = { min: 1, max: 128, pattern: /[\w+]+/ };
export const USERNAME = { min: 1, max: 128 };
export const PASSWORD = { max: 256, pattern: /[\S]+/ };
export const CODE = { min: 1, max: 2048, pattern: /[\S]+/ };
export const SESSION = { min: 20, max: 2048 };
export const USER_POOL_ID = { min: 1, max: 55, pattern: /[\w-]+_[0-9a-zA-Z]+/ };
