// Evaluates CloudFormation intrinsics (!Ref, !GetAtt, !Sub, !If...) against the local resources,
// the way CloudFormation would against the deployed ones.
import { textOf, type CfnValue, type Parameter, type Template } from '../scripts/lib/template.js';

/** What a logical id stands for locally: its !Ref value and its !GetAtt attributes. */
export interface LocalResource {
  ref: string;
  attributes?: Record<string, string>;
}

export interface ResolveContext {
  template: Template;
  stackName: string;
  region: string;
  accountId: string;
  /** Template parameters given on the command line; the others take their Default. */
  parameters: Record<string, string>;
  resources: Record<string, LocalResource>;
}

/** Marks a value that CloudFormation drops (AWS::NoValue). */
const NO_VALUE = Symbol('AWS::NoValue');
type Resolved = CfnValue | typeof NO_VALUE;

export class UnresolvableError extends Error {
  override name = 'UnresolvableError';
}

/** Refuses a value CloudFormation would refuse (AllowedValues, AllowedPattern, MinValue, MaxValue), e.g. a bad --param. */
function checkConstraints(name: string, definition: Parameter, text: string): void {
  const refuse = (rule: string) => new UnresolvableError(`Parameter ${name}=${text} breaks its ${rule}`);
  if (definition.AllowedValues && !definition.AllowedValues.map(String).includes(text)) throw refuse('AllowedValues');
  if (definition.AllowedPattern && !new RegExp(`^(?:${definition.AllowedPattern})$`).test(text)) throw refuse('AllowedPattern');
  if (definition.Type !== 'Number') return;
  const number = Number(text);
  if (text.trim() === '' || Number.isNaN(number)) throw refuse('Type Number');
  if (definition.MinValue !== undefined && number < definition.MinValue) throw refuse(`MinValue ${definition.MinValue}`);
  if (definition.MaxValue !== undefined && number > definition.MaxValue) throw refuse(`MaxValue ${definition.MaxValue}`);
}

export function parameterValue(ctx: ResolveContext, name: string): string | string[] {
  const definition = ctx.template.Parameters?.[name];
  if (!definition) throw new UnresolvableError(`Unknown parameter ${name}`);
  const value = ctx.parameters[name] ?? definition.Default;
  if (value === undefined || value === null) throw new UnresolvableError(`Parameter ${name} has no value; pass --param ${name}=...`);
  const text = textOf(value, name);
  if (definition.Type === 'CommaDelimitedList') return text.split(',').map((item) => item.trim());
  checkConstraints(name, definition, text);
  return text;
}

function pseudo(ctx: ResolveContext, name: string): Resolved {
  switch (name) {
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::AccountId':
      return ctx.accountId;
    case 'AWS::StackName':
      return ctx.stackName;
    case 'AWS::StackId':
      return `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}/00000000-0000-0000-0000-000000000000`;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      throw new UnresolvableError(`Unsupported pseudo parameter ${name}`);
  }
}

function ref(ctx: ResolveContext, name: string): Resolved {
  if (name.startsWith('AWS::')) return pseudo(ctx, name);
  if (ctx.template.Parameters?.[name]) return parameterValue(ctx, name);
  const resource = ctx.resources[name];
  if (!resource) throw new UnresolvableError(`!Ref ${name}: no local counterpart`);
  return resource.ref;
}

function getAtt(ctx: ResolveContext, id: string, attribute: string): string {
  const value = ctx.resources[id]?.attributes?.[attribute];
  if (value === undefined) throw new UnresolvableError(`!GetAtt ${id}.${attribute}: no local counterpart`);
  return value;
}

function sub(ctx: ResolveContext, text: string, variables: Record<string, CfnValue> = {}): string {
  return text.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name in variables) return textOf(resolveValue(ctx, variables[name] ?? null), name);
    const [id = '', attribute] = name.split(/\.(.*)/s, 2);
    return textOf(attribute ? getAtt(ctx, id, attribute) : (ref(ctx, id) as CfnValue), name);
  });
}

export function conditionHolds(ctx: ResolveContext, name: string): boolean {
  const condition = ctx.template.Conditions?.[name];
  if (condition === undefined) throw new UnresolvableError(`Unknown condition ${name}`);
  return resolveValue(ctx, condition) === true;
}

function resolveIntrinsic(ctx: ResolveContext, name: string, args: CfnValue): Resolved {
  const list = (value: CfnValue): CfnValue[] => (Array.isArray(value) ? value : [value]);
  const resolvedList = (value: CfnValue): CfnValue[] => {
    const resolved = resolve(ctx, value);
    return Array.isArray(resolved) ? resolved : [resolved as CfnValue];
  };
  switch (name) {
    case 'Ref':
      return ref(ctx, textOf(args, 'Ref'));
    case 'Condition':
      return conditionHolds(ctx, textOf(args, 'Condition'));
    case 'Fn::GetAtt': {
      const [id, attribute] = list(args).map((part) => textOf(part, 'Fn::GetAtt'));
      return getAtt(ctx, id ?? '', attribute ?? '');
    }
    case 'Fn::Sub': {
      const [text, variables] = list(args) as [string, Record<string, CfnValue> | undefined];
      return sub(ctx, textOf(text, 'Fn::Sub'), variables);
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = list(args);
      return resolve(ctx, (conditionHolds(ctx, textOf(condition, 'Fn::If')) ? whenTrue : whenFalse) ?? null);
    }
    case 'Fn::Equals': {
      const [a, b] = list(args).map((value) => JSON.stringify(resolve(ctx, value)));
      return a === b;
    }
    case 'Fn::Not':
      return resolve(ctx, list(args)[0] ?? null) !== true;
    case 'Fn::And':
      return list(args).every((value) => resolve(ctx, value) === true);
    case 'Fn::Or':
      return list(args).some((value) => resolve(ctx, value) === true);
    case 'Fn::Join': {
      const [separator, values] = list(args);
      return resolvedList(values ?? [])
        .map((value) => textOf(value, 'Fn::Join'))
        .join(textOf(separator, 'Fn::Join'));
    }
    case 'Fn::Split': {
      const [separator, value] = list(args);
      return textOf(resolve(ctx, value ?? '') as CfnValue, 'Fn::Split').split(textOf(separator, 'Fn::Split'));
    }
    case 'Fn::Contains': {
      // Rules only: whether the list holds the string.
      const [values, value] = list(args);
      return resolvedList(values ?? []).includes(resolve(ctx, value ?? null) as CfnValue);
    }
    case 'Fn::Select': {
      const [index, values] = list(args);
      return resolvedList(values ?? [])[Number(resolve(ctx, index ?? 0))] ?? null;
    }
    default:
      throw new UnresolvableError(`Unsupported intrinsic ${name}`);
  }
}

function resolve(ctx: ResolveContext, value: CfnValue): Resolved {
  if (Array.isArray(value)) {
    return value.map((item) => resolve(ctx, item)).filter((item): item is CfnValue => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const [only] = keys;
  if (keys.length === 1 && only && (only === 'Ref' || only === 'Condition' || only.startsWith('Fn::'))) {
    return resolveIntrinsic(ctx, only, value[only] ?? null);
  }
  const entries = Object.entries(value).map(([key, item]) => [key, resolve(ctx, item)] as const);
  return Object.fromEntries(entries.filter((entry): entry is readonly [string, CfnValue] => entry[1] !== NO_VALUE));
}

/** The value with every intrinsic evaluated; AWS::NoValue becomes `undefined` at the top level. */
export function resolveValue(ctx: ResolveContext, value: CfnValue): CfnValue | undefined {
  const resolved = resolve(ctx, value);
  return resolved === NO_VALUE ? undefined : resolved;
}

/** The resolved properties of a resource. */
export function resolvedProperties(ctx: ResolveContext, id: string): Record<string, CfnValue> {
  const properties = ctx.template.Resources[id]?.Properties ?? {};
  return (resolveValue(ctx, properties) ?? {}) as Record<string, CfnValue>;
}
