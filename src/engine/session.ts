import { readFileSync } from "node:fs";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type {
  ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { providerInText } from "../prisma/schema-provider.js";
import { createAdapterFactory, openSqliteAdapter, overrideAdapter, takeLastScriptErrorCode } from "./adapters.js";
import { ensureCanConnect } from "./database-admin.js";
import type { DatasourceArg } from "./args.js";
import { EngineError, errorMessage } from "./errors.js";
import { traceLine } from "./log.js";
import { mysqlRefusal } from "./mysql-refusal.js";
import { schemaOnlyPostgresFactory } from "./schema-only-adapter.js";
import { ShadowDatabases } from "./shadow.js";
import { supportedDatasource, type SupportedDatasource } from "./supported-datasource.js";
import type { SchemaEngine } from "./wasm-engine.js";
import { createWasmEngine, takePanicMessage } from "./wasm-engine.js";

const NO_URL = "No datasource URL was given to the schema engine. Set `datasource.url` in prisma.config.ts.";

/** `provider = "..."` of the datasource block, for schemas run without a URL. */
export function providerFromDatamodels(datamodels: ReadonlyArray<readonly [string, string]>): string | undefined {
  for (const [, content] of datamodels) {
    const provider = providerInText(content);
    if (provider) return provider;
  }
  return undefined;
}

/** `schemas = ["a", "b"]` of the datasource block (multiSchema), which reset must empty too. */
export function schemasFromDatamodels(datamodels: ReadonlyArray<readonly [string, string]>): string[] {
  for (const [, content] of datamodels) {
    const block = /datasource\s+\w+\s*\{([^}]*)\}/.exec(content)?.[1];
    const list = block && /schemas\s*=\s*\[([^\]]*)\]/.exec(block)?.[1];
    if (list) return [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? "").filter(Boolean);
  }
  return [];
}

/** Reads the schema files the binary was started with, as the native engine does (its error text). */
export function readDatamodels(paths: readonly string[]): Array<[string, string]> {
  return paths.map((file) => {
    try {
      return [file, readFileSync(file, "utf8")];
    } catch (error) {
      throw new EngineError(`Error opening datamodel file in \`${file}\`: ${errorMessage(error)}`);
    }
  });
}

/**
 * The wasm engine reports a migration script that fails as "external connector error ... with
 * migration_name=..." without a code; the native engine reports P3018 with the migration's name and
 * the database's error, which the CLI and backant's own messages rely on.
 */
function failedMigration(message: string): EngineError | undefined {
  const migrationName = /apply_migration::apply_script\s+with migration_name="([^"]+)"/.exec(message)?.[1];
  if (!migrationName) return undefined;
  const databaseError = /^(?:external connector error\n)?(?:Error querying the database: )?([\s\S]*?)\n\s+0: /.exec(message)?.[1] ?? message;
  const databaseErrorCode = takeLastScriptErrorCode() ?? "none";
  return new EngineError(
    "A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n" +
      `Migration name: ${migrationName}\n\nDatabase error code: ${databaseErrorCode}\n\nDatabase error:\n${databaseError}\n`,
    "P3018",
    { migration_name: migrationName, database_error_code: databaseErrorCode, database_error: databaseError },
  );
}

/**
 * Everything one engine process works with: the schema files, the datasource, its shadow databases
 * and the wasm engine, created on first use so that methods answered here (createDatabase,
 * dbExecute ...) never open the datasource through the wasm engine.
 */
export class EngineSession {
  readonly datamodels: Array<[string, string]>;
  readonly main: SupportedDatasource | undefined;
  readonly shadows: ShadowDatabases | undefined;
  private engine: Promise<SchemaEngine> | undefined;
  private factory: ErrorCapturingSqlMigrationAwareDriverAdapterFactory | undefined;
  /** The provider named in a request's schema files, for an engine started without schema or URL. */
  providerHint: string | undefined;
  /** Connections the wasm engine opened; closed on exit so SQLite drops its journal and pg its sockets. */
  private readonly openAdapters = new Set<SqlDriverAdapter>();

  /** The schema files as [path, content] pairs (readDatamodels reads them from disk for the binary). */
  constructor(
    datamodels: ReadonlyArray<readonly [string, string]>,
    readonly datasourceArg: DatasourceArg,
    readonly cwd: string,
    private readonly log: (line: string) => void,
  ) {
    this.datamodels = datamodels.map(([file, content]) => [file, content]);
    if (datasourceArg.url) {
      this.main = supportedDatasource(datasourceArg.url, cwd);
      this.shadows = new ShadowDatabases(this.main, datasourceArg.shadowDatabaseUrl, cwd);
    } else if (providerFromDatamodels(this.datamodels) === "mysql") {
      throw mysqlRefusal();
    }
  }

  /** The datasource named by a method's `datasource` param, or the engine's own. */
  resolve(url: string | undefined): SupportedDatasource {
    if (url !== undefined && url !== this.main?.url) return supportedDatasource(url, this.cwd);
    if (!this.main) {
      throw new EngineError(NO_URL);
    }
    return this.main;
  }

  wasm(): Promise<SchemaEngine> {
    this.engine ??= (async () => {
      this.factory = bindMigrationAwareSqlAdapterFactory(this.adapterFactory());
      try {
        return await createWasmEngine(this.datamodels, this.factory, this.log);
      } catch (error) {
        // The wasm engine connects while it is constructed and reports a failure as bare text
        // ("Can't reach database server ..."); checking the connection ourselves yields the code.
        if (this.main?.provider === "postgres") await ensureCanConnect(this.main);
        throw error;
      }
    })();
    return this.engine;
  }

  private adapterFactory(): SqlMigrationAwareDriverAdapterFactory {
    if (this.main && this.shadows) {
      const shadows = this.shadows;
      const factory = createAdapterFactory(this.main, () => shadows.open());
      return {
        ...factory,
        connect: async () => {
          const adapter = await factory.connect();
          this.openAdapters.add(adapter);
          return overrideAdapter(adapter, {
            dispose: async () => {
              this.openAdapters.delete(adapter);
              await adapter.dispose();
            },
          });
        },
      };
    }
    // No URL (`migrate diff --from-schema A --to-schema B` with no datasource in the config): the
    // wasm engine still wants a connection when it is constructed, though a diff of schema files
    // never uses it. SQLite gets a private in-memory database; PostgreSQL a schema-only adapter that
    // answers the connector's one construction query and refuses everything else, as the native
    // engine diffs schema files without a server.
    const provider = providerFromDatamodels(this.datamodels) ?? this.providerHint;
    if (provider === "sqlite") {
      return { provider: "sqlite", adapterName: "@prisma/adapter-libsql", connect: () => openSqliteAdapter(":memory:"), connectToShadowDb: () => openSqliteAdapter(":memory:") };
    }
    return schemaOnlyPostgresFactory();
  }

  /**
   * Converts whatever the wasm engine threw into an EngineError: its Prisma error code and meta,
   * the panic message for a Rust panic, and the real driver error instead of "External error id#N".
   */
  toEngineError(error: unknown): EngineError {
    if (error instanceof EngineError) return error;
    const panic = takePanicMessage();
    if (panic !== undefined) return new EngineError(panic, undefined, undefined, true);
    const record = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
    let message = errorMessage(error);
    const code = typeof record["code"] === "string" ? record["code"] : undefined;
    const meta = typeof record["meta"] === "object" && record["meta"] !== null ? (record["meta"] as Record<string, unknown>) : undefined;
    message = message.replace(/External error id#(\d+)/g, (text, id: string) => {
      const consumed = this.factory?.errorRegistry.consumeError(Number(id));
      if (!consumed) return text;
      traceLine("EXTERNAL", `${id} ${errorMessage(consumed.error)}`);
      return errorMessage(consumed.error);
    });
    return failedMigration(message) ?? new EngineError(message, code, meta);
  }

  /** Removes shadow databases left by the last request (the engine does not always dispose them). */
  async afterRequest(): Promise<void> {
    await this.shadows?.removeAll();
  }

  async dispose(): Promise<void> {
    await this.shadows?.removeAll();
    const engine = this.engine;
    this.engine = undefined;
    const adapters = [...this.openAdapters];
    this.openAdapters.clear();
    await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
    if (engine) {
      try {
        (await engine).free();
      } catch {
        // The engine may already be broken by a panic; the process is ending anyway.
      }
    }
  }
}
