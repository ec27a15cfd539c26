#!/usr/bin/env node
// `npx create-backant NAME [options]` is `backant new NAME [options]`.
import { main } from "../dist/cli/main.js";

process.exitCode = await main(["new", ...process.argv.slice(2)], undefined, "create-backant");
