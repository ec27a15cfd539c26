import type { Provider } from "../project/config.js";

/**
 * Every dependency version a generated project gets, in one place. Prisma's packages are pinned
 * exactly (the CLI, the client and the adapters must be the same release, and backant's offline
 * engine is built against it); the rest use caret ranges of versions checked with `npm view` on
 * 2026-11-25.
 */
export const PRISMA_VERSION = "7.10.0";

export const COMMON_DEPENDENCIES: Readonly<Record<string, string>> = {
  "@fastify/cors": "^11.4.3",
  "@fastify/swagger": "^9.9.3",
  "@fastify/swagger-ui": "^6.1.3",
  "@prisma/client": PRISMA_VERSION,
  // Fastify validates with ajv already; the app configures its own instances (helper/validation.ts).
  ajv: "^8.20.0",
  "ajv-formats": "^3.0.1",
  fastify: "^5.12.8",
  // Security headers, computed once at start-up (src/helper/security-headers.ts).
  helmet: "^8.3.0",
  // The CLI runs `prisma migrate deploy` in production images, so it is a runtime dependency.
  prisma: PRISMA_VERSION,
  zod: "^4.6.7",
};

/**
 * SQLite's driver is libsql (libSQL's SQLite, by Turso) under Prisma's libsql adapter. Its prebuilt
 * binaries are npm packages (@libsql/linux-x64-gnu, ...): a project installs with no C toolchain and
 * no download from GitHub, in seconds. better-sqlite3, Prisma's other SQLite driver, compiles for two
 * to three minutes wherever its GitHub release binary cannot be fetched (bench/README.md, "SQLite
 * driver", has both measured). `libsql` itself is listed because backant reads the database through
 * it (sync, migrate status) without Prisma's client.
 */
export const PROVIDER_DEPENDENCIES: Readonly<Record<Provider, Readonly<Record<string, string>>>> = {
  sqlite: { "@prisma/adapter-libsql": PRISMA_VERSION, libsql: "^0.5.29" },
  postgresql: { "@prisma/adapter-pg": PRISMA_VERSION, pg: "^8.23.1" },
  mysql: { "@prisma/adapter-mariadb": PRISMA_VERSION, mariadb: "^3.5.4" },
};

/**
 * typescript stays on 5.x and vitest on 4.x: the releases backant itself is built and tested with
 * (TypeScript 7 is the new native compiler; vitest 5 is days old). The OpenAPI tools are dev
 * dependencies (the server never loads them), checked with `npm view` on 2026-12-02; what each adds
 * to an install, measured here: @redocly/cli (the project's test lints its OpenAPI document) one
 * bundled package, 15 MB, 1.7 s; openapi-typescript (`npm run client` writes the client's types)
 * 32 packages, 21 MB, 2.8 s; openapi-fetch (the client itself) 2 packages, 0.3 MB, 0.6 s.
 * Checked with `npm view` on 2026-12-03 and measured the same way: @biomejs/biome (`npm run lint`
 * and `npm run format`, one tool for both) 2 packages, its prebuilt binary for the platform and no
 * install script, 97 MB (96 MB of it the binary), 2.8 s; @faker-js/faker (test/factories) one
 * package, 3.9 MB, 1.2 s.
 */
export const DEV_DEPENDENCIES: Readonly<Record<string, string>> = {
  // Exact: a new Biome release may format differently, and the templates print what 2.6.9 prints.
  "@biomejs/biome": "2.6.9",
  "@faker-js/faker": "^10.6.0",
  "@redocly/cli": "^2.77.0",
  "@types/node": "^20.19.43",
  "openapi-fetch": "^0.17.0",
  "openapi-typescript": "^7.13.0",
  "pino-pretty": "^13.2.0",
  tsx: "^4.23.15",
  typescript: "^5.9.3",
  vitest: "^4.1.12",
};

/**
 * The dependencies whose install scripts may run, as package.json's `allowScripts` (npm 11 reads it;
 * without it every install ends with a warning listing them, and npm says a later release will skip
 * unlisted scripts). Each is needed: prisma's preinstall checks the Node version, @prisma/engines'
 * postinstall sets up its engines, esbuild's (under tsx and vitest) installs its binary. libsql,
 * the SQLite driver, has no install script.
 * By name, not pinned (`name@1.2.3`, what `npm install-scripts approve` writes by default): npm
 * matches a pin against the lockfile's `resolved` URL, which a lockfile written with
 * omit-lockfile-registry-resolved (set on this machine) lacks, and the warning came back on every
 * `npm ci`. Checked on real installs with npm 11.19.1 (test/create/install.test.ts).
 */
export const ALLOWED_INSTALL_SCRIPTS: readonly string[] = Object.freeze(["@prisma/engines", "esbuild", "prisma"]);

export function allowedInstallScripts(): Record<string, true> {
  return Object.fromEntries(ALLOWED_INSTALL_SCRIPTS.map((name) => [name, true as const]));
}

const sorted = (deps: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(deps).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The dependencies and devDependencies of a project for a provider, sorted as npm writes them. */
export function projectDependencies(provider: Provider, backantDependency: string): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  return {
    dependencies: sorted({ ...COMMON_DEPENDENCIES, ...PROVIDER_DEPENDENCIES[provider], backant: backantDependency }),
    devDependencies: sorted({ ...DEV_DEPENDENCIES }),
  };
}
