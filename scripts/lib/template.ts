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

export interface Template {
  Parameters?: Record<string, { Type: string; Default?: CfnValue }>;
  Conditions?: Record<string, CfnValue>;
  Globals?: { Function?: Record<string, CfnValue> };
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: CfnValue }>;
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
  properties: Record<string, CfnValue>;
}

export function functionsOf(template: Template): FunctionResource[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Serverless::Function')
    .map(([id, resource]) => ({ id, resource, properties: resource.Properties ?? {} }));
}

export interface HttpRoute {
  functionId: string;
  method: string;
  path: string;
  authorizer?: string;
  scopes: string[];
}

/** The HttpApi events of every function, with the authorizer each route ends up with. */
export function httpRoutesOf(template: Template): HttpRoute[] {
  return functionsOf(template).flatMap(({ id, properties }) =>
    Object.values((properties.Events ?? {}) as Record<string, { Type: string; Properties: Record<string, CfnValue> }>)
      .filter((event) => event.Type === 'HttpApi')
      .map((event) => {
        const auth = (event.Properties.Auth ?? {}) as { Authorizer?: string; AuthorizationScopes?: string[] };
        const authorizer = auth.Authorizer === 'NONE' ? undefined : (auth.Authorizer ?? defaultAuthorizerOf(template));
        return {
          functionId: id,
          method: textOf(event.Properties.Method, `${id} Method`).toUpperCase(),
          path: textOf(event.Properties.Path, `${id} Path`),
          authorizer,
          scopes: auth.AuthorizationScopes ?? [],
        };
      }),
  );
}

function defaultAuthorizerOf(template: Template): string | undefined {
  const api = Object.values(template.Resources).find((r) => r.Type === 'AWS::Serverless::HttpApi');
  const auth = api?.Properties?.Auth as { DefaultAuthorizer?: string } | undefined;
  return auth?.DefaultAuthorizer;
}

/** A scalar template value as text; a list, a map or nothing where a scalar belongs is an error. */
export function textOf(value: CfnValue | undefined, what = 'template value'): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${what}: expected a scalar, got ${JSON.stringify(value)}`);
}
