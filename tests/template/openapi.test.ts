// openapi.yaml against template.yaml: the same routes, each with the security its authorizer gives it.
import { loadOpenApi, operationsOf } from '../../scripts/lib/openapi.js';
import { httpRoutesOf, loadTemplate } from '../../scripts/lib/template.js';

const routes = httpRoutesOf(loadTemplate());
const doc = loadOpenApi();
const operations = operationsOf(doc);
const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

describe('openapi.yaml', () => {
  it('documents every route of the template, and no route the template lacks', () => {
    const served = routes.map(routeKey);
    const documented = operations.map(routeKey);
    expect({
      missingFromOpenApi: served.filter((route) => !documented.includes(route)),
      missingFromTemplate: documented.filter((route) => !served.includes(route)),
    }).toEqual({ missingFromOpenApi: [], missingFromTemplate: [] });
  });

  it('says security: [] on exactly the public routes', () => {
    const publicRoutes = routes.filter((route) => !route.authorizer).map(routeKey);
    const documentedPublic = operations.filter((o) => o.operation.security?.length === 0).map(routeKey);
    expect(documentedPublic.sort()).toEqual(publicRoutes.sort());
  });

  // The JWT authorizer lets a token through with any one of the route's scopes; in OpenAPI, requirements are
  // alternatives and the scopes within one are all needed: one requirement per scope, one scope each.
  it("lets a protected route's token through with any one of the scopes its authorizer checks, as API Gateway does", () => {
    for (const route of routes.filter((r) => r.authorizer)) {
      const operation = operations.find((o) => routeKey(o) === routeKey(route));
      const requirements = (operation?.security ?? []).map((requirement) => Object.entries(requirement));
      expect({ route: routeKey(route), requirements: requirements.map((schemes) => schemes.map(([, scopes]) => scopes.length)) }).toEqual({
        route: routeKey(route),
        requirements: route.scopes.map(() => [1]),
      });
      const scopes = requirements.flatMap((schemes) => schemes.flatMap(([, names]) => names));
      expect({ route: routeKey(route), scopes: scopes.sort() }).toEqual({ route: routeKey(route), scopes: [...route.scopes].sort() });
    }
  });

  it('names only the security schemes it defines, and OAuth2 scopes their flows declare', () => {
    const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, { type: string; flows?: Record<string, { scopes: object }> }>;
    for (const { method, path, security } of operations) {
      for (const [name, scopes] of security.flatMap((requirement) => Object.entries(requirement))) {
        const scheme = schemes[name];
        expect({ route: `${method} ${path}`, scheme: name, defined: scheme !== undefined }).toEqual({
          route: `${method} ${path}`,
          scheme: name,
          defined: true,
        });
        if (scheme?.type !== 'oauth2') continue;
        const declared = Object.values(scheme.flows ?? {}).flatMap((flow) => Object.keys(flow.scopes));
        expect({ route: `${method} ${path}`, scheme: name, undeclared: scopes.filter((scope) => !declared.includes(scope)) }).toEqual({
          route: `${method} ${path}`,
          scheme: name,
          undeclared: [],
        });
      }
    }
  });
});
