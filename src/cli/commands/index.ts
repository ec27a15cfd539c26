import type { BackantCommand } from "../command.js";
import { addModelCommand } from "./add-model.js";
import { addRouteCommand } from "./add-route.js";
import { addSubrouteCommand } from "./add-subroute.js";
import { devCommand } from "./dev.js";
import { importCommand } from "./import.js";
import { mcpCommand } from "./mcp.js";
import { migrateCommand } from "./migrate.js";
import { newCommand } from "./new.js";
import { resetCommand } from "./reset.js";
import { rollbackCommand } from "./rollback.js";
import { schemaCommand } from "./schema.js";
import { seedCommand } from "./seed.js";
import { syncCommand } from "./sync.js";
import { versionCommand } from "./version.js";

/** The command tree, declared in one place. Each entry is a module under src/cli/commands/. */
export const commands: Array<BackantCommand<any>> = [newCommand, schemaCommand, addModelCommand, addRouteCommand, addSubrouteCommand, importCommand, devCommand, syncCommand, resetCommand, seedCommand, migrateCommand, rollbackCommand, mcpCommand, versionCommand];
