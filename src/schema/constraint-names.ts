import { tableNameOf } from "./model-checks.js";
import { modelError, type ModelEntry, type ModelSet } from "./model-set.js";
import { modelKeys } from "./model-keys.js";
import type { Provider } from "../project/config.js";
import type { RelationPlan } from "./relations.js";

/**
 * Prisma names every key and index `{table}_{columns}_{suffix}`, cut to the database's identifier
 * limit, and refuses two equal names (psl constraint_names.rs). Long or look-alike table and column
 * names collide, so the check runs here where it can name the model file and field.
 */
const LIMIT: Record<Provider, number> = { postgresql: 63, mysql: 64, sqlite: 10_000 };

function constraintName(table: string, columns: string[], suffix: string, provider: Provider): string {
  const base = columns.length ? `${table}_${columns.join("_")}` : table;
  const max = LIMIT[provider] - suffix.length;
  return (base.length >= max ? base.slice(0, max) : base) + suffix;
}

export function checkConstraintNames(set: ModelSet, plan: RelationPlan, provider: Provider): void {
  // PostgreSQL and SQLite keep index names in one namespace for the whole schema; MySQL per table.
  const global = new Map<string, { model: ModelEntry; what: string; field: string }>();
  for (const model of set.models) {
    const keys = modelKeys(model, plan);
    const table = tableNameOf(model);
    const cols = (fields: string[]): string[] => fields.map((f) => keys.columns.get(f) ?? f);
    const names: { name: string; what: string; field: string }[] = [];
    if (provider === "postgresql") names.push({ name: constraintName(table, [], "_pkey", provider), what: "primary key", field: keys.id?.[0] ?? "id" });
    for (const f of keys.uniqueFields) names.push({ name: constraintName(table, cols([f]), "_key", provider), what: "unique constraint", field: f });
    for (const u of keys.unique) names.push({ name: constraintName(table, cols(u), "_key", provider), what: `unique constraint [${u.join(", ")}]`, field: u[0]! });
    for (const i of keys.indexes) names.push({ name: constraintName(table, cols(i), "_idx", provider), what: `index [${i.join(", ")}]`, field: i[0]! });
    const local = new Map<string, { model: ModelEntry; what: string; field: string }>();
    for (const n of names) {
      const space = provider === "mysql" ? local : global;
      const earlier = space.get(n.name);
      if (earlier) {
        const other = earlier.model === model ? `the ${earlier.what}` : `the ${earlier.what} of model ${earlier.model.name} (${earlier.model.file})`;
        throw modelError(
          { model, field: n.field },
          `its ${n.what} gets the database name "${n.name}", the same as ${other}.`,
          "Shorten or rename the table (option table) or the columns involved (.map()) so the names differ.",
          "CONSTRAINT_NAME_CLASH",
        );
      }
      space.set(n.name, { model, what: n.what, field: n.field });
    }
  }
}
