import { InputError } from "../errors.js";
import { isProvider, PROVIDERS, type Provider } from "../project/config.js";
import { renderTemplate } from "../scaffold/templates.js";

export interface PrismaConfigOptions {
  provider: Provider;
  /** Relative to the project folder. */
  schemaPath?: string;
  migrationsPath?: string;
  /** Command Prisma runs for `prisma db seed`, e.g. "tsx prisma/seed.ts". */
  seedCommand?: string;
  /** SQLite URL used when DATABASE_URL is unset. */
  sqliteDefaultUrl?: string;
}

/**
 * The prisma.config.ts of a generated project (template: templates/project/prisma.config.ts.hbs).
 * For SQLite and PostgreSQL it points PRISMA_SCHEMA_ENGINE_BINARY at backant's offline engine,
 * resolved from the project's node_modules (`backant/schema-engine`), unless BACKANT_ENGINE=native
 * or the variable is already set; for MySQL it leaves Prisma's native engine in charge.
 */
export function renderPrismaConfig(options: PrismaConfigOptions): string {
  if (!isProvider(options.provider)) {
    throw new InputError(`Unsupported database "${options.provider}"; use one of ${PROVIDERS.join(", ")}.`, { code: "BAD_PROVIDER" });
  }
  for (const [name, value] of Object.entries({ schemaPath: options.schemaPath, migrationsPath: options.migrationsPath, seedCommand: options.seedCommand, sqliteDefaultUrl: options.sqliteDefaultUrl })) {
    // the values land inside "..." string literals of TypeScript source
    if (value !== undefined && /["\\\n\r]/.test(value)) throw new InputError(`${name} must not contain quotes, backslashes or line breaks: ${value}`, { code: "BAD_CONFIG_VALUE" });
  }
  const context = {
    offlineEngine: options.provider !== "mysql",
    schemaPath: options.schemaPath ?? "prisma/schema.prisma",
    migrationsPath: options.migrationsPath ?? "prisma/migrations",
    seedCommand: options.seedCommand,
    sqliteDefaultUrl: options.sqliteDefaultUrl ?? "file:./dev.db",
  };
  // The datasource's URL line is a provider part (templates/project/providers/<provider>/config-url.hbs).
  return renderTemplate("project/prisma.config.ts.hbs", context, options.provider);
}
