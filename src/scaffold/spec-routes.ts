import { InputError } from "../errors.js";
import type { JsonValue } from "./mock-data.js";
import { checkRouteName, type HttpMethod } from "./route-name.js";
import { methodNameFor, renderEndpoint, renderEndpointTest, renderRouteFile, renderServiceFile, renderServiceMethod, type Endpoint } from "./route-templates.js";
import { insertAtMarkers, routeRegistration, ROUTE_IMPORTS_MARKER, ROUTES_INDEX, ROUTES_MARKER, SERVICE_METHODS_MARKER, SUBROUTES_MARKER } from "./route-wiring.js";
import type { RouteSpec } from "./spec.js";

/**
 * The hand-written routes of a spec, added to a planned project in memory with add-route's and
 * add-subroute's own templates and marker insertion, so a route from a spec is the same code
 * `backant add-route NAME --mock JSON` followed by `backant add-subroute ...` would have written.
 * A route's first method is its add-route endpoint; further methods on the route's own path are
 * endpoints at "/" added like subroutes.
 */

export interface PlannedFile {
  path: string;
  content: string;
}

const GENERATOR = "create-backant --spec";

export function addSpecRoutes(files: PlannedFile[], routes: RouteSpec[]): PlannedFile[] {
  if (routes.length === 0) return files;
  const byPath = new Map(files.map((file) => [file.path, file.content]));
  const indexText = byPath.get(ROUTES_INDEX);
  if (indexText === undefined) throw new Error(`The planned project has no ${ROUTES_INDEX} to wire the spec's routes into.`);

  let index = indexText;
  for (const route of routes) {
    const name = checkRouteName(route.name, "route");
    const routeFile = `src/routes/${name.kebab}.route.ts`;
    const serviceFile = `src/services/${name.kebab}.service.ts`;
    const taken = [routeFile, serviceFile].filter((file) => byPath.has(file));
    if (taken.length > 0) {
      throw new InputError(`Route ${name.kebab} of the spec would replace ${taken.join(" and ")}; nothing was written.`, {
        code: "ROUTE_EXISTS",
        hint: "Give the route another name in the spec.",
        details: { problems: [{ path: `routes.${route.name}`, message: `would replace ${taken.join(" and ")}` }] },
      });
    }
    const serviceVar = `${name.camel}Service`;
    const serviceClass = `${name.pascal}Service`;
    const usedMethods = new Set<string>();
    const endpointOf = (method: HttpMethod, sub: { kebab: string; pascal: string } | undefined, mock: unknown, specPath: string): Endpoint => {
      const serviceMethod = methodNameFor(method, sub?.pascal ?? name.pascal);
      if (usedMethods.has(serviceMethod)) {
        throw new InputError(`Two endpoints of route ${name.kebab} in the spec would both be ${serviceClass}.${serviceMethod}(); nothing was written.`, {
          code: "BAD_SPEC",
          hint: "Rename one of the subroutes.",
          details: { problems: [{ path: specPath, message: `its service method ${serviceMethod}() is taken by another endpoint of the route` }] },
        });
      }
      usedMethods.add(serviceMethod);
      return {
        method,
        path: sub ? `/${sub.kebab}` : "/",
        fullPath: sub ? `/${name.kebab}/${sub.kebab}` : `/${name.kebab}`,
        tag: name.kebab,
        serviceVar,
        serviceMethod,
        mock: mock as JsonValue | undefined,
        generator: GENERATOR,
      };
    };

    const [first, ...others] = route.methods.length > 0 ? route.methods : (["GET"] as HttpMethod[]);
    const firstEndpoint = endpointOf(first as HttpMethod, undefined, route.mock, `routes.${route.name}`);
    let routeText = renderRouteFile({ ...name, raw: name.kebab, serviceVar, serviceClass, endpoint: firstEndpoint });
    let serviceText = renderServiceFile({ ...name, raw: name.kebab, serviceVar, serviceClass, endpoint: firstEndpoint });
    const tests: PlannedFile[] = [{ path: `test/${name.kebab}.test.ts`, content: renderEndpointTest(firstEndpoint) }];

    const extra: Array<{ endpoint: Endpoint; test: string }> = [];
    for (const method of others) {
      const endpoint = endpointOf(method, undefined, route.mock, `routes.${route.name}.methods`);
      extra.push({ endpoint, test: `test/${name.kebab}.${method.toLowerCase()}.test.ts` });
    }
    for (const subroute of route.subroutes) {
      const sub = checkRouteName(subroute.name, "subroute");
      const endpoint = endpointOf(subroute.method, sub, subroute.mock, `routes.${route.name}.subroutes.${subroute.name}`);
      extra.push({ endpoint, test: `test/${name.kebab}.${sub.kebab}.${subroute.method.toLowerCase()}.test.ts` });
    }
    for (const { endpoint, test } of extra) {
      // A blank line between blocks, as add-subroute leaves them.
      routeText = insertAtMarkers(routeText, [{ marker: SUBROUTES_MARKER, lines: [...renderEndpoint(endpoint).split("\n"), ""] }], routeFile);
      serviceText = insertAtMarkers(serviceText, [{ marker: SERVICE_METHODS_MARKER, lines: [...renderServiceMethod(endpoint).split("\n"), ""] }], serviceFile);
      tests.push({ path: test, content: renderEndpointTest(endpoint) });
    }

    const wiring = routeRegistration(name.kebab, name.camel);
    index = insertAtMarkers(
      index,
      [
        { marker: ROUTE_IMPORTS_MARKER, lines: [wiring.importLine] },
        { marker: ROUTES_MARKER, lines: [wiring.registerLine] },
      ],
      ROUTES_INDEX,
    );
    byPath.set(routeFile, routeText);
    byPath.set(serviceFile, serviceText);
    for (const test of tests) byPath.set(test.path, test.content);
  }
  byPath.set(ROUTES_INDEX, index);
  return [...byPath].map(([path, content]) => ({ path, content })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
