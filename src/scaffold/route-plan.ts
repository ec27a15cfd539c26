import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { InputError } from "../errors.js";
import { closestMatch } from "./closest-match.js";
import { parseMock } from "./mock-data.js";
import type { PlannedWrite } from "./plan.js";
import { checkHttpMethod, checkRouteName, type HttpMethod, type RouteName } from "./route-name.js";
import { methodNameFor, renderEndpoint, renderEndpointTest, renderRouteFile, renderServiceFile, renderServiceMethod, type Endpoint } from "./route-templates.js";
import { insertAtMarkers, isGeneratedProject, planRouteWiring, routeRegistration, ROUTES_INDEX, SERVICE_METHODS_MARKER, SUBROUTES_MARKER } from "./route-wiring.js";

/**
 * Plans `backant add-route` and `backant add-subroute` (BackAnt's `ant generate route` and
 * `ant generate subroute`): every check runs and every file's new text is computed before
 * anything is written; apply `writes` with applyPlan.
 */

export const routeFilePath = (kebab: string) => `src/routes/${kebab}.route.ts`;
export const serviceFilePath = (kebab: string) => `src/services/${kebab}.service.ts`;

export interface RoutePlan {
  route: RouteName;
  endpoint: { method: HttpMethod; path: string };
  writes: PlannedWrite[];
}

export interface AddRouteRequest {
  projectDir: string;
  name: string;
  /** The raw --mock value. */
  mock?: string | undefined;
}

export function planAddRoute(request: AddRouteRequest): RoutePlan {
  const route = checkRouteName(request.name, "route");
  requireProject(request.projectDir, `backant add-route ${request.name}`);
  const mock = request.mock === undefined ? undefined : parseMock(request.mock, request.projectDir);
  const files = {
    route: routeFilePath(route.kebab),
    service: serviceFilePath(route.kebab),
    test: `test/${route.kebab}.test.ts`,
  };
  const taken = Object.values(files).filter((file) => existsSync(path.join(request.projectDir, file)));
  if (taken.length > 0) {
    throw new InputError(`Route ${route.kebab} already exists (${taken.join(", ")}); nothing was written.`, {
      code: "ROUTE_EXISTS",
      hint: `Choose another name, or add an endpoint to it with \`backant add-subroute ${route.kebab} NAME\`.`,
    });
  }
  const serviceVar = `${route.camel}Service`;
  const serviceClass = `${route.pascal}Service`;
  const endpoint: Endpoint = {
    method: "GET",
    path: "/",
    fullPath: `/${route.kebab}`,
    tag: route.kebab,
    serviceVar,
    serviceMethod: methodNameFor("GET", route.pascal),
    mock,
    generator: `backant add-route ${route.kebab}`,
  };
  const at = (file: string) => path.join(request.projectDir, file);
  return {
    route,
    endpoint: { method: "GET", path: endpoint.fullPath },
    writes: [
      { path: at(files.route), content: renderRouteFile({ ...route, serviceVar, serviceClass, endpoint }), reason: `GET /${route.kebab}` },
      { path: at(files.service), content: renderServiceFile({ ...route, serviceVar, serviceClass, endpoint }), reason: `${serviceClass}, returns the mock data` },
      { path: at(files.test), content: renderEndpointTest(endpoint), reason: `tests GET /${route.kebab}` },
      planRouteWiring(request.projectDir, routeRegistration(route.kebab, route.camel), `wires /${route.kebab} into the app`),
    ],
  };
}

export interface AddSubrouteRequest {
  projectDir: string;
  route: string;
  name: string;
  method: string;
  mock?: string | undefined;
}

export function planAddSubroute(request: AddSubrouteRequest): RoutePlan {
  const route = checkRouteName(request.route, "route");
  const sub = checkRouteName(request.name, "subroute");
  const method = checkHttpMethod(request.method);
  requireProject(request.projectDir, `backant add-subroute ${request.route} ${request.name}`);
  const mock = request.mock === undefined ? undefined : parseMock(request.mock, request.projectDir);

  const routeFile = routeFilePath(route.kebab);
  const serviceFile = serviceFilePath(route.kebab);
  const routePath = path.join(request.projectDir, routeFile);
  const servicePath = path.join(request.projectDir, serviceFile);
  if (!existsSync(routePath)) throw unknownRoute(request.projectDir, route);
  if (!existsSync(servicePath)) {
    throw new InputError(`Route ${route.kebab} has no service file (${serviceFile}), so the endpoint has nowhere to put its logic; nothing was written.`, {
      code: "MISSING_SERVICE",
      hint: `Restore ${serviceFile} (a class with a "${SERVICE_METHODS_MARKER}" line), then run the command again.`,
    });
  }
  const routeText = readFileSync(routePath, "utf8");
  const serviceText = readFileSync(servicePath, "utf8");
  const serviceVar = serviceVariableOf(routeText, route, routeFile, serviceFile);
  const serviceMethod = methodNameFor(method, sub.pascal);
  const fullPath = `/${route.kebab}/${sub.kebab}`;

  const handlerPattern = new RegExp(`\\bapp\\.${method.toLowerCase()}\\(\\s*["'\`]/${sub.kebab}["'\`]`);
  const methodPattern = new RegExp(`^\\s*(async\\s+)?${serviceMethod}\\s*\\(`, "m");
  if (handlerPattern.test(routeText) || methodPattern.test(serviceText)) {
    const where = handlerPattern.test(routeText) ? routeFile : `${serviceFile} (method ${serviceMethod})`;
    throw new InputError(`Subroute ${method} ${fullPath} already exists in ${where}; nothing was written.`, {
      code: "SUBROUTE_EXISTS",
      hint: `Edit it there, or choose another name or --method.`,
    });
  }
  const testFile = `test/${route.kebab}.${sub.kebab}.${method.toLowerCase()}.test.ts`;
  if (existsSync(path.join(request.projectDir, testFile))) {
    throw new InputError(`${testFile} already exists; nothing was written.`, { code: "SUBROUTE_EXISTS", hint: "Remove or rename that test file, or choose another name." });
  }

  const endpoint: Endpoint = {
    method,
    path: `/${sub.kebab}`,
    fullPath,
    tag: route.kebab,
    serviceVar,
    serviceMethod,
    mock,
    generator: `backant add-subroute ${route.kebab} ${sub.kebab}${method === "GET" ? "" : ` --method ${method}`}`,
  };
  // A blank line between blocks keeps the inserted code readable.
  const routeContent = insertAtMarkers(routeText, [{ marker: SUBROUTES_MARKER, lines: [...renderEndpoint(endpoint).split("\n"), ""] }], routeFile);
  const serviceContent = insertAtMarkers(serviceText, [{ marker: SERVICE_METHODS_MARKER, lines: [...renderServiceMethod(endpoint).split("\n"), ""] }], serviceFile);
  return {
    route,
    endpoint: { method, path: fullPath },
    writes: [
      { path: routePath, content: routeContent, reason: `adds ${method} ${fullPath}` },
      { path: servicePath, content: serviceContent, reason: `adds ${serviceMethod}()` },
      { path: path.join(request.projectDir, testFile), content: renderEndpointTest(endpoint), reason: `tests ${method} ${fullPath}` },
    ],
  };
}

function requireProject(projectDir: string, commandLine: string): void {
  if (isGeneratedProject(projectDir)) return;
  throw new InputError(`${path.join(projectDir, ROUTES_INDEX)} does not exist: \`${commandLine}\` works inside a project made by create-backant.`, {
    code: "NOT_A_PROJECT",
    hint: "Run it in the project folder (or point --cwd at it); create one with `npx create-backant my-api`.",
  });
}

function unknownRoute(projectDir: string, route: RouteName): InputError {
  const routesDir = path.join(projectDir, "src/routes");
  const existing = existsSync(routesDir)
    ? readdirSync(routesDir)
        .filter((file) => file.endsWith(".route.ts"))
        .map((file) => file.slice(0, -".route.ts".length))
        .sort()
    : [];
  const suggestion = closestMatch(route.kebab, existing);
  return new InputError(
    `Route ${route.kebab} does not exist (no ${routeFilePath(route.kebab)}).` + (suggestion ? ` Did you mean "${suggestion}"?` : ""),
    {
      code: "UNKNOWN_ROUTE",
      hint: (existing.length ? `Existing routes: ${existing.join(", ")}. ` : "") + `Create it first with \`backant add-route ${route.kebab}\`.`,
    },
  );
}

/**
 * The service a route file calls: the instance it imports from its service module (add-route:
 * `import { reportsService } from "../services/reports.service.js"`), or the one it builds
 * (a model's route: `const service = new UsersService(new UsersRepository(prisma))`).
 */
function serviceVariableOf(routeText: string, route: RouteName, routeFile: string, serviceFile: string): string {
  const built = /\bconst\s+([a-z][A-Za-z0-9]*)\s*=\s*new\s+[A-Z][A-Za-z0-9]*Service\s*\(/.exec(routeText)?.[1];
  if (built) return built;
  const importPattern = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["']\\.\\./services/${route.kebab}\\.service\\.js["']`);
  const names = (importPattern.exec(routeText)?.[1] ?? "")
    .split(",")
    .map((name) => name.trim().split(/\s+as\s+/).pop()?.trim() ?? "")
    .filter((name) => /^[a-z][A-Za-z0-9]*$/.test(name));
  const preferred = names.find((name) => name === `${route.camel}Service`) ?? names.find((name) => name.endsWith("Service"));
  if (preferred) return preferred;
  throw new InputError(`${routeFile} neither imports a service instance from ${serviceFile} nor builds one, so the new endpoint could not call it; nothing was written.`, {
    code: "SERVICE_NOT_FOUND",
    hint: `Add \`import { ${route.camel}Service } from "../services/${route.kebab}.service.js";\` to ${routeFile}.`,
  });
}
