import { columnNameOf, foreignKeyOf } from "./model-checks.js";
import type { ModelEntry } from "./model-set.js";
import { roleOf, type OwnerSide, type RelationPlan } from "./relations.js";

/** A model's keys and indexes as Prisma field names (relation names already resolved to FK fields). */
export interface ModelKeys {
  id: string[] | null;
  /** Single-field @unique: scalar .unique() and unique FKs (one-to-one). */
  uniqueFields: string[];
  unique: string[][];
  /** Deduplicated, in output order. */
  indexes: string[][];
  /** Field name -> column name, for scalars and FK fields (declared or generated). */
  columns: Map<string, string>;
}

/** The FK-holding sides that live on this model, declared or generated, in output order. */
export function ownersOn(model: ModelEntry, plan: RelationPlan): OwnerSide[] {
  const roles = [...model.fields.map((f) => roleOf(plan, model.name, f.name)), ...(plan.generated.get(model.name) ?? []).map((g) => g.role)];
  return roles.flatMap((r) => (r && r.role === "owner" && r.relation.kind !== "manyToMany" ? [r.relation.owner] : []));
}

// The constraint-name check and the renderer both need every model's keys from the same plan.
const cache = new WeakMap<RelationPlan, Map<ModelEntry, ModelKeys>>();

export function modelKeys(model: ModelEntry, plan: RelationPlan): ModelKeys {
  let perPlan = cache.get(plan);
  if (!perPlan) cache.set(plan, (perPlan = new Map()));
  let keys = perPlan.get(model);
  if (!keys) perPlan.set(model, (keys = computeKeys(model, plan)));
  return keys;
}

function computeKeys(model: ModelEntry, plan: RelationPlan): ModelKeys {
  const fk = (name: string): string => {
    const f = model.fields.find((x) => x.name === name);
    return f && f.kind === "relation" ? foreignKeyOf(f) : name;
  };
  const owners = ownersOn(model, plan);
  const columns = new Map<string, string>();
  for (const f of model.fields) if (f.kind === "scalar") columns.set(f.name, columnNameOf(f));
  for (const o of owners) columns.set(o.fk, o.fkColumn);

  const id = model.id === null ? null : model.id.map(fk);
  const unique = model.unique.map((u) => u.map(fk));
  const uniqueFields = [...model.fields.flatMap((f) => (f.kind === "scalar" && f.unique ? [f.name] : [])), ...owners.filter((o) => o.unique).map((o) => o.fk)];
  const indexes: string[][] = model.indexes.map((i) => i.map(fk));
  for (const f of model.fields) if (f.kind === "scalar" && f.index) indexes.push([f.name]);
  // Every FK gets an index, like Rails' t.references: PostgreSQL does not index FK columns by itself,
  // and on MySQL this is the index InnoDB would create anyway. Skipped when a unique constraint,
  // the primary key or another index already starts with the FK.
  const leading = new Set([...(id ? [id[0]!] : []), ...unique.map((u) => u[0]!), ...indexes.map((i) => i[0]!)]);
  for (const owner of owners) {
    if (owner.unique || leading.has(owner.fk)) continue;
    leading.add(owner.fk);
    indexes.push([owner.fk]);
  }
  const seen = new Set<string>();
  const distinct = indexes.filter((i) => {
    const k = i.join(",");
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { id, uniqueFields, unique, indexes: distinct, columns };
}
