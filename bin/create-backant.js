#!/usr/bin/env node
// The project scaffold lands in a later issue; until then say so plainly and exit 1.
process.stderr.write("create-backant: scaffolding a project is not available yet in this version of backant.\n");
process.exitCode = 1;
