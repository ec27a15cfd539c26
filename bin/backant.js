#!/usr/bin/env node
import { main } from "../dist/cli/main.js";

const code = await main(process.argv.slice(2));
process.exitCode = code;
// A command is over once main returns; the in-process schema engine leaves timers of its own
// (60 s) that must not keep the process alive. Exit once stdout and stderr are flushed.
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
