#!/usr/bin/env node
// `npx create-backant NAME [options]` is `backant new NAME [options]`.
import { runInShell } from "../dist/cli/main.js";

await runInShell(["new", ...process.argv.slice(2)], "create-backant");
