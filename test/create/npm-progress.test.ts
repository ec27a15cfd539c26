import { describe, expect, it } from "vitest";
import { npmProgress } from "../../src/scaffold/npm-progress.js";

/**
 * The status read from `npm install --loglevel=info`: the lines below are npm 11.19.1's own, copied
 * from a real install of a generated project (the whole install is run by install.test.ts).
 */
const NPM_LINES = `npm info using npm@11.19.1
npm info using node@v20.20.2
npm http fetch GET 200 https://registry.npmjs.org/@fastify%2fcors 172ms (cache updated)
npm http fetch GET 200 https://registry.npmjs.org/fastify 39ms (cache updated)
npm warn EBADENGINE Unsupported engine {
npm warn EBADENGINE }
npm http fetch GET 200 https://registry.npmjs.org/pino/-/pino-10.1.0.tgz 25ms (cache miss)
npm http cache path-key@https://registry.npmjs.org/path-key/-/path-key-4.0.0.tgz 0ms (cache hit)
npm http cache @prisma/get-platform@https://registry.npmjs.org/@prisma/get-platform/-/get-platform-7.2.0.tgz 0ms (cache hit)
npm info run prisma@7.10.0 preinstall node_modules/prisma node scripts/preinstall-entry.js
npm info run prisma@7.10.0 preinstall { code: 0, signal: null }
npm info run better-sqlite3@12.11.1 install node_modules/better-sqlite3 prebuild-install || node-gyp rebuild --release
npm info run better-sqlite3@12.11.1 install { code: 0, signal: null }

> p1@0.1.0 postinstall
> prisma generate

Loaded Prisma config from prisma.config.ts.
added 499 packages in 3m
npm info ok`.split("\n");

describe("npmProgress", () => {
  it("follows npm's stages and details, one status per change, ignoring what it does not know", () => {
    const follow = npmProgress();
    const statuses = NPM_LINES.map(follow).filter((status) => status !== undefined);
    expect(statuses).toEqual([
      { stage: "resolving the dependency tree", text: "resolving the dependency tree: @fastify/cors" },
      { stage: "resolving the dependency tree", text: "resolving the dependency tree: fastify" },
      { stage: "downloading and unpacking packages", text: "downloading and unpacking packages (1): pino" },
      { stage: "downloading and unpacking packages", text: "downloading and unpacking packages (2): path-key" },
      { stage: "downloading and unpacking packages", text: "downloading and unpacking packages (3): @prisma/get-platform" },
      ...[
        "running prisma@7.10.0 preinstall script (node scripts/preinstall-entry.js)",
        "running better-sqlite3@12.11.1 install script (prebuild-install || node-gyp rebuild --release)",
        "running the project's postinstall script",
        "running the project's postinstall script (prisma generate)",
        "added 499 packages in 3m",
      ].map((text) => ({ stage: text, text })),
    ]);
  });
});
