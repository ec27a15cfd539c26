import { defineCommand } from "../command.js";

/**
 * `backant mcp`: a Model Context Protocol server on stdio, so coding agents change the project
 * through the same commands people use (src/mcp/server.ts). Refused outside a project, like every
 * project command; runs until the client closes the connection.
 */
export const mcpCommand = defineCommand<Record<string, never>>({
  command: "mcp",
  describe: "Serve the project's commands to coding agents over the Model Context Protocol (stdio)",
  examples: [
    ["backant mcp", "run by an agent client (Claude Code, Cursor, VS Code) in the project folder"],
    ["claude mcp add backant -- npx backant mcp", "register it with Claude Code"],
  ],
  builder: (y) => y,
  run: async (_options, context) => {
    const { resolveProject } = await import("../../project/context.js");
    // Refused (exit 2) outside a backant project, before anything is served.
    const project = resolveProject(context.cwd, context.env);
    const { serveMcpOverStdio } = await import("../../mcp/stdio.js");
    await serveMcpOverStdio({ projectDir: project.dir, shellEnv: context.env });
    return { lines: [], data: {} };
  },
});
