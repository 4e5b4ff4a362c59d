import { functionsOf, httpRoutesOf, mergeGlobal, type CfnValue, type Resource, type Template } from '../../../scripts/lib/template.js';

const route = (method: string, path: string, auth?: Record<string, CfnValue>): CfnValue => ({
  Type: 'HttpApi',
  Properties: { ApiId: { Ref: 'Api' }, Method: method, Path: path, ...(auth ? { Auth: auth } : {}) },
});
const fn = (events: Record<string, CfnValue>, properties: Record<string, CfnValue> = {}): Resource => ({
  Type: 'AWS::Serverless::Function',
  Properties: { CodeUri: 'functions/x', ...properties, Events: events },
});

describe('mergeGlobal (SAM Globals)', () => {
  it("merges maps key by key, the function's value winning", () => {
    expect(mergeGlobal({ Variables: { A: '1', B: '2' } }, { Variables: { B: 'b', C: '3' } })).toEqual({
      Variables: { A: '1', B: 'b', C: '3' },
    });
  });

  it("appends the function's list to the global one", () => {
    expect(mergeGlobal([{ Ref: 'SharedLayer' }], [{ Ref: 'Other' }])).toEqual([{ Ref: 'SharedLayer' }, { Ref: 'Other' }]);
  });

  it('takes an intrinsic function as a scalar, not a map to merge', () => {
    expect(mergeGlobal({ Ref: 'LogLevel' }, { 'Fn::If': ['C', 'a', 'b'] })).toEqual({ 'Fn::If': ['C', 'a', 'b'] });
    expect(mergeGlobal({ Variables: { A: '1' } }, { Ref: 'Whole' })).toEqual({ Ref: 'Whole' });
  });

  it('keeps the global value where the function has none', () => {
    expect(mergeGlobal('index.handler', undefined)).toBe('index.handler');
  });
});

describe('functionsOf', () => {
  it('gives each function the Globals it does not override', () => {
    const template: Template = {
      Globals: { Function: { Handler: 'index.handler', Timeout: 10, Environment: { Variables: { A: '1' } } } },
      Resources: { X: fn({}, { Timeout: 3, Environment: { Variables: { B: '2' } } }) },
    };
    expect(functionsOf(template)[0]?.properties).toMatchObject({
      Handler: 'index.handler',
      Timeout: 3,
      Environment: { Variables: { A: '1', B: '2' } },
    });
  });
});

describe('httpRoutesOf', () => {
  const template = (authorizerScopes?: string[]): Template => ({
    Resources: {
      Api: {
        Type: 'AWS::Serverless::HttpApi',
        Properties: {
          Auth: {
            DefaultAuthorizer: 'Jwt',
            Authorizers: { Jwt: { ...(authorizerScopes ? { AuthorizationScopes: authorizerScopes } : {}) } },
          },
        },
      },
      Public: fn({ Api: route('GET', '/public', { Authorizer: 'NONE' }) }),
      Default: fn({ Api: route('GET', '/default') }),
      Override: fn({ Api: route('POST', '/override', { AuthorizationScopes: ['a', 'b'] }) }),
    },
  });
  const byPath = (t: Template) => Object.fromEntries(httpRoutesOf(t).map(({ path, authorizer, scopes }) => [path, { authorizer, scopes }]));

  it('gives a route the default authorizer and its scopes, its own scopes if it lists any, and NONE nothing', () => {
    expect(byPath(template(['a']))).toEqual({
      '/public': { authorizer: undefined, scopes: [] },
      '/default': { authorizer: 'Jwt', scopes: ['a'] },
      '/override': { authorizer: 'Jwt', scopes: ['a', 'b'] },
    });
  });

  it('requires no scope on a route when neither it nor its authorizer lists one', () => {
    expect(byPath(template())['/default']).toEqual({ authorizer: 'Jwt', scopes: [] });
  });
});
