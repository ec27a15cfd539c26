#!/usr/bin/env node
import { createRequire } from "node:module";

const argv = process.argv.slice(2);
// `backant sync` with nothing to do (what `backant dev` and editors run all day) is answered by one
// bundled file before the rest of the CLI loads; see src/cli/fast-path.ts.
const code = argv[0] === "sync" ? await createRequire(import.meta.url)("../dist/cli/fast-path.cjs").runFastPath(argv) : undefined;
if (code !== undefined) process.exitCode = code;
else await (await import("../dist/cli/main.js")).runInShell(argv, "backant", { fastPathTried: argv[0] === "sync" });
