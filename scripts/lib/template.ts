import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type ScalarTag, type CollectionTag } from 'yaml';

/** A CloudFormation value once short-form tags (!Ref, !Sub...) are turned into their long form. */
export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };

export interface Resource {
  Type: string;
  Properties?: Record<string, CfnValue>;
  Metadata?: Record<string, CfnValue>;
  Condition?: string;
}

/** A template parameter: its type, default and the constraints CloudFormation checks a value against. */
export interface Parameter {
  Type: string;
  Default?: CfnValue;
  AllowedValues?: CfnValue[];
  AllowedPattern?: string;
  MinValue?: number;
  MaxValue?: number;
}

/** A template rule: when RuleCondition holds (or there is none), every Assert must hold, or CloudFormation refuses the parameters. */
export interface Rule {
  RuleCondition?: CfnValue;
  Assertions: Array<{ Assert: CfnValue; AssertDescription?: string }>;
}

export interface Template {
  Parameters?: Record<string, Parameter>;
  Rules?: Record<string, Rule>;
  Conditions?: Record<string, CfnValue>;
  Globals?: { Function?: Record<string, CfnValue>; HttpApi?: Record<string, CfnValue> };
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: CfnValue; Condition?: string }>;
}

const INTRINSICS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'Transform',
  // Rules' own functions.
  'Contains',
];

// !GetAtt A.B is the short form of {"Fn::GetAtt": ["A", "B"]}; !Ref and !Condition have no Fn:: prefix.
const scalar = (tag: string, resolve: (value: string) => CfnValue): ScalarTag => ({ tag: `!${tag}`, resolve });
const collection = (tag: string, key: string): CollectionTag[] =>
  (['seq', 'map'] as const).map((kind) => ({
    tag: `!${tag}`,
    collection: kind,
    resolve: (value) => ({ [key]: value.toJSON() as CfnValue }),
  }));

const customTags = [
  scalar('Ref', (value) => ({ Ref: value })),
  scalar('Condition', (value) => ({ Condition: value })),
  scalar('GetAtt', (value) => ({ 'Fn::GetAtt': value.split(/\.(.*)/s, 2) })),
  ...collection('GetAtt', 'Fn::GetAtt'),
  ...INTRINSICS.flatMap((name) => [scalar(name, (value) => ({ [`Fn::${name}`]: value })), ...collection(name, `Fn::${name}`)]),
];

// npm runs every script from the project root, and so does jest.
export const ROOT = process.cwd();

export function loadTemplate(path = join(ROOT, 'template.yaml')): Template {
  return parse(readFileSync(path, 'utf8'), { customTags }) as Template;
}

export interface FunctionResource {
  id: string;
  resource: Resource;
  /** The function's properties merged with `Globals.Function`, as SAM merges them. */
  properties: Record<string, CfnValue>;
}

// SAM treats an intrinsic function ({"Ref": ...}, {"Fn::If": ...}) as a scalar when it merges Globals.
const isIntrinsic = (value: Record<string, CfnValue>): boolean => {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || (keys[0] ?? '').startsWith('Fn::'));
};
const isMap = (value: CfnValue | undefined): value is Record<string, CfnValue> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !isIntrinsic(value);

/**
 * A property of Globals merged with the resource's, by SAM's rules: maps merge key by key, lists
 * concatenate (Globals first), anything else (and a mismatch of kinds) takes the resource's value.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
 */
export function mergeGlobal(global: CfnValue | undefined, local: CfnValue | undefined): CfnValue | undefined {
  if (local === undefined) return global;
  if (global === undefined) return local;
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  if (isMap(global) && isMap(local)) {
    const merged = { ...global };
    for (const [key, value] of Object.entries(local)) merged[key] = mergeGlobal(global[key], value) ?? value;
    return merged;
  }
  return local;
}

export function functionsOf(template: Template): FunctionResource[] {
  const globals = template.Globals?.Function ?? {};
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Serverless::Function')
    .map(([id, resource]) => ({ id, resource, properties: mergeGlobal(globals, resource.Properties ?? {}) as Record<string, CfnValue> }));
}

export interface HttpRoute {
  functionId: string;
  method: string;
  path: string;
  /** The route's authorizer: its own, else the API's DefaultAuthorizer; undefined for `NONE`. */
  authorizer?: string;
  /** The scopes the route requires: its own AuthorizationScopes, else its authorizer's. */
  scopes: string[];
}

interface HttpApiAuth {
  DefaultAuthorizer?: string;
  Authorizers?: Record<string, { AuthorizationScopes?: string[] }>;
}

/** The HttpApi events of every function, each with the authorizer and scopes SAM gives its route. */
export function httpRoutesOf(template: Template): HttpRoute[] {
  return functionsOf(template).flatMap(({ id, properties }) =>
    Object.values((properties.Events ?? {}) as Record<string, { Type: string; Properties: Record<string, CfnValue> }>)
      .filter((event) => event.Type === 'HttpApi')
      .map((event) => {
        const api = httpApiAuthOf(template, event.Properties.ApiId);
        const auth = (event.Properties.Auth ?? {}) as { Authorizer?: string; AuthorizationScopes?: string[] };
        const named = auth.Authorizer ?? api.DefaultAuthorizer;
        const authorizer = named === 'NONE' ? undefined : named;
        // samtranslator's OpenApiEditor: the route's scopes if it lists any, else its authorizer's; the
        // built-in NONE and AWS_IAM take none.
        const routeScopes = auth.AuthorizationScopes ?? [];
        const authorizerScopes = api.Authorizers?.[authorizer ?? '']?.AuthorizationScopes ?? [];
        const scopes = !authorizer || authorizer === 'AWS_IAM' ? [] : routeScopes.length > 0 ? routeScopes : authorizerScopes;
        return {
          functionId: id,
          method: textOf(event.Properties.Method, `${id} Method`).toUpperCase(),
          path: textOf(event.Properties.Path, `${id} Path`),
          authorizer,
          scopes,
        };
      }),
  );
}

/** The Auth of the HttpApi an event names in ApiId; without one, SAM's implicit API, set up by Globals.HttpApi. */
function httpApiAuthOf(template: Template, apiId: CfnValue | undefined): HttpApiAuth {
  const name = (apiId as { Ref?: string } | undefined)?.Ref;
  const properties = name === undefined ? template.Globals?.HttpApi : template.Resources[name]?.Properties;
  return (properties?.Auth ?? {}) as HttpApiAuth;
}

/** A scalar template value as text; a list, a map or nothing where a scalar belongs is an error. */
export function textOf(value: CfnValue | undefined, what = 'template value'): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${what}: expected a scalar, got ${JSON.stringify(value)}`);
}
