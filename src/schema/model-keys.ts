import type { BlockKeySpec, FieldKeyOptions, KeyFieldSpec } from "../model/model-def.js";
import { columnNameOf, declaredForeignKeys, foreignKeyOf } from "./model-checks.js";
import type { ModelEntry } from "./model-set.js";
import { roleOf, type OwnerSide, type RelationPlan } from "./relations.js";

/** A model's keys and indexes as Prisma field names (relation names already resolved to FK fields). */
export interface ModelKeys {
  /** The primary key's fields (single @id field or composite @@id). */
  id: string[] | null;
  /** A composite @@id, rendered as a block attribute (with its options); null for a single @id field or none. */
  compositeId: BlockKeySpec | null;
  /** Single-field @unique on the field's line: scalar .unique() and unique generated FKs (one-to-one). */
  uniqueFields: Array<{ field: string; options: FieldKeyOptions | null }>;
  /** @@unique, @@index and @@fulltext, deduplicated, in output order. */
  blocks: BlockKeySpec[];
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
  if (!keys) perPlan.set(model, (keys = computeKeys(model, plan, plan.foreignKeyIndexes)));
  return keys;
}

const column = (name: string): KeyFieldSpec => ({ name, sort: null, length: null, ops: null });
const block = (kind: BlockKeySpec["kind"], fields: KeyFieldSpec[]): BlockKeySpec => ({ kind, fields, name: null, map: null, type: null, clustered: null });

function computeKeys(model: ModelEntry, plan: RelationPlan, foreignKeyIndexes: boolean): ModelKeys {
  // A relation field listed in a key stands for its foreign key field(s).
  const expand = (name: string): string[] => {
    const f = model.fields.find((x) => x.name === name);
    if (!f || f.kind !== "relation") return [name];
    return declaredForeignKeys(model, f)?.map((d) => d.name) ?? [foreignKeyOf(f)];
  };
  const expandColumns = (fields: readonly KeyFieldSpec[]): KeyFieldSpec[] => fields.flatMap((c) => expand(c.name).map((n, i) => (i === 0 ? { ...c, name: n } : column(n))));
  const owners = ownersOn(model, plan);
  const columns = new Map<string, string>();
  for (const f of model.fields) if (f.kind === "scalar") columns.set(f.name, columnNameOf(f, model.naming));
  for (const o of owners) if (!o.fkDeclared) columns.set(o.fk, o.fkColumn);

  const detailedId = model.keys.find((k) => k.kind === "id");
  const idField = model.fields.find((f) => f.kind === "scalar" && f.id !== null);
  const compositeId = detailedId ? { ...detailedId, fields: expandColumns(detailedId.fields) } : model.id !== null ? block("id", model.id.flatMap(expand).map(column)) : null;
  const id = compositeId ? compositeId.fields.map((c) => c.name) : idField ? [idField.name] : null;

  const uniques: BlockKeySpec[] = [
    ...model.unique.map((u) => block("unique", u.flatMap(expand).map(column))),
    ...model.keys.filter((k) => k.kind === "unique").map((k) => ({ ...k, fields: expandColumns(k.fields) })),
  ];
  const isUnique = (fields: string[]): boolean =>
    (id !== null && id.join(",") === fields.join(",")) || uniques.some((u) => u.fields.map((c) => c.name).join(",") === fields.join(","));
  const uniqueFields: ModelKeys["uniqueFields"] = model.fields.flatMap((f) => (f.kind === "scalar" && f.unique ? [{ field: f.name, options: f.uniqueOptions }] : []));
  // A one-to-one's FK must be unique; unless the id or a unique option already makes it so (adding
  // @unique there would give two constraints of one name).
  for (const o of owners) if (o.unique && !isUnique([o.fk]) && !uniqueFields.some((u) => u.field === o.fk)) uniqueFields.push({ field: o.fk, options: null });

  const indexes: BlockKeySpec[] = [
    ...model.indexes.map((i) => block("index", i.flatMap(expand).map(column))),
    ...model.keys.filter((k) => k.kind === "index").map((k) => ({ ...k, fields: expandColumns(k.fields) })),
  ];
  for (const f of model.fields)
    if (f.kind === "scalar" && f.index) {
      const o = f.indexOptions;
      indexes.push(o === null ? block("index", [column(f.name)]) : { kind: "index", fields: [{ name: f.name, sort: o.sort, length: o.length, ops: o.ops }], name: null, map: o.map, type: o.type, clustered: o.clustered });
    }
  // Every FK gets an index, like Rails' t.references: PostgreSQL does not index FK columns by itself,
  // and on MySQL this is the index InnoDB would create anyway. Skipped when a unique constraint,
  // the primary key or another index already starts with the FK's fields, and when the project
  // turns it off (foreignKeyIndexes: false, for databases designed without them).
  if (foreignKeyIndexes) {
    const startsWith = (fields: string[], prefix: string[]): boolean => prefix.every((p, i) => fields[i] === p);
    const covering = (): string[][] => [
      ...(id ? [id] : []),
      ...uniqueFields.map((u) => [u.field]),
      ...uniques.map((u) => u.fields.map((c) => c.name)),
      ...indexes.map((i) => i.fields.map((c) => c.name)),
    ];
    for (const owner of owners) {
      if (owner.unique || covering().some((fields) => startsWith(fields, owner.fkFields))) continue;
      indexes.push(block("index", owner.fkFields.map(column)));
    }
  }
  const fulltext = model.keys.filter((k) => k.kind === "fulltext").map((k) => ({ ...k, fields: expandColumns(k.fields) }));
  const seen = new Set<string>();
  const blocks = [...uniques, ...indexes, ...fulltext].filter((b) => {
    const k = JSON.stringify(b);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { id, compositeId, uniqueFields, blocks, columns };
}
