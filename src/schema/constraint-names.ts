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
    const names: { name: string; what: string; field: string; explicit: boolean }[] = [];
    const idField = model.fields.find((f) => f.kind === "scalar" && f.id !== null);
    const pkMap = keys.compositeId?.map ?? (idField?.kind === "scalar" ? idField.idOptions?.map : null) ?? null;
    if (provider === "postgresql" && keys.id !== null) names.push({ name: pkMap ?? constraintName(table, [], "_pkey", provider), what: "primary key", field: keys.id[0] ?? "id", explicit: pkMap !== null });
    for (const u of keys.uniqueFields) names.push({ name: u.options?.map ?? constraintName(table, cols([u.field]), "_key", provider), what: "unique constraint", field: u.field, explicit: (u.options?.map ?? null) !== null });
    for (const b of keys.blocks) {
      const fields = b.fields.map((c) => c.name);
      const what = `${b.kind === "unique" ? "unique constraint" : b.kind === "fulltext" ? "full-text index" : "index"} [${fields.join(", ")}]`;
      names.push({ name: b.map ?? constraintName(table, cols(fields), b.kind === "unique" ? "_key" : "_idx", provider), what, field: fields[0]!, explicit: b.map !== null });
    }
    const local = new Map<string, { model: ModelEntry; what: string; field: string }>();
    for (const n of names) {
      const space = provider === "mysql" ? local : global;
      // With several PostgreSQL schemas, each schema has its own names.
      n.name = model.schema === null ? n.name : `${model.schema}.${n.name}`;
      const earlier = space.get(n.name);
      if (earlier) {
        const other = earlier.model === model ? `the ${earlier.what}` : `the ${earlier.what} of model ${earlier.model.name} (${earlier.model.file})`;
        const fix =
          earlier.model === model && earlier.what === n.what
            ? `The same ${n.what.replace(/ \[.*$/, "")} is declared twice (on the field and in the model's options): keep one, or give one its own name with map.`
            : n.explicit
              ? "Give one of them another database name (map)."
              : "Shorten or rename the table (option table) or the columns involved (.map()), or name one of them with map, so the names differ.";
        throw modelError({ model, field: n.field }, `its ${n.what} gets the database name "${n.name}", the same as ${other}.`, fix, "CONSTRAINT_NAME_CLASH");
      }
      space.set(n.name, { model, what: n.what, field: n.field });
    }
  }
}
