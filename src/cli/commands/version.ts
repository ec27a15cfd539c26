import { createRequire } from "node:module";
import { defineCommand } from "../command.js";
import { installedVersion } from "../../prisma/versions.js";

const require = createRequire(import.meta.url);

/** Versions of backant and of the Prisma packages it is pinned to, like `prisma version`. */
export const versionCommand = defineCommand<Record<string, never>>({
  command: "version",
  describe: "Show the versions of backant and the Prisma packages it uses",
  examples: [["backant version --report", "print the versions as JSON"]],
  builder: (y) => y,
  run: async () => {
    const versions: Record<string, string> = {
      backant: (require("../../../package.json") as { version: string }).version,
      prisma: installedVersion("prisma"),
      "@prisma/schema-engine-wasm": installedVersion("@prisma/schema-engine-wasm"),
    };
    return {
      lines: Object.entries(versions).map(([name, version]) => `${name.padEnd(28)} ${version}`),
      data: { versions },
    };
  },
});
