#!/usr/bin/env node
import { runInShell } from "../dist/cli/main.js";

await runInShell(process.argv.slice(2));
