#!/usr/bin/env node
// Bundles `backant sync`'s fast path (dist/cli/fast-path.js, what it imports, and the pg driver) into
// one CommonJS file, dist/cli/fast-path.cjs, which bin/backant.js asks before loading the CLI. Run by
// `npm run build` after tsc. Why: a no-op sync spends more on Node loading some forty files (ES module
// resolution; pg's CommonJS tree) than on its check; one CommonJS file also spares the ES facades of
// node:fs and node:util, whose creation loads fs/promises, readline and more.
//
// Dynamic imports stay lazy imports of the other dist/ files (they are the slow path: engine, client
// generation), except the PostgreSQL driver module, which the fast path itself opens.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(repo, "dist");
const outfile = path.join(dist, "cli/fast-path.cjs");
const bundledDynamic = [path.join(dist, "engine/postgres-connection.js")];
// postgres-connection.ts loads pg with createRequire (see requirePg there), which esbuild cannot
// follow; in the bundle it becomes a plain require, so pg is bundled too.
const PG_REQUIRE = 'createRequire(import.meta.url)("pg")';

let pgRequires = 0;
const lazyImports = {
  name: "backant-fast-path",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== "dynamic-import" || !args.path.startsWith(".")) return undefined;
      const target = path.resolve(args.resolveDir, args.path);
      if (bundledDynamic.includes(target)) return undefined;
      return { path: `./${path.relative(path.dirname(outfile), target)}`.replace(/^\.\/\.\.\//, "../"), external: true };
    });
    // import.meta.url of each module becomes its own file's URL, so paths computed from it (version.js
    // reads ../package.json) stay what they are in dist/.
    build.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(dist + path.sep)) return undefined;
      let text = readFileSync(args.path, "utf8");
      pgRequires += text.split(PG_REQUIRE).length - 1;
      text = text.replaceAll(PG_REQUIRE, 'require("pg")');
      text = text.replaceAll("import.meta.url", `__backantFileUrl(${JSON.stringify(path.relative(path.dirname(outfile), args.path))})`);
      return { contents: text, loader: "js" };
    });
  },
};

await esbuild.build({
  entryPoints: [path.join(dist, "cli/fast-path.js")],
  outfile,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // Native or optional modules, loaded from node_modules as usual: libsql (SQLite), and what
  // pg requires only on request (pg-native) or in Cloudflare Workers.
  external: ["libsql", "pg-native", "pg-cloudflare"],
  banner: { js: 'const __backantFileUrl = (file) => require("node:url").pathToFileURL(require("node:path").join(__dirname, file)).href;' },
  plugins: [lazyImports],
  logLevel: "warning",
});
if (pgRequires === 0) {
  console.error(`scripts/bundle-fast-path.mjs: no ${PG_REQUIRE} found in dist/; pg would not be bundled. Update PG_REQUIRE.`);
  process.exit(1);
}
