import type { ReferentialAction, RelationFieldDef } from "../model/model-def.js";
import { columnNameOf, declaredForeignKeys, foreignKeyOf } from "./model-checks.js";
import { findModel, idFieldOf, modelError, type ModelEntry, type ModelSet } from "./model-set.js";
import { databaseName, lowerFirst, upperFirst } from "./naming.js";
import type { Provider } from "../project/config.js";

/** The side that holds the foreign key (a belongsTo, declared or generated). */
export interface OwnerSide {
  model: string;
  field: string;
  declared: RelationFieldDef | null;
  /** The (first) foreign key field; with declared fields, see fkFields. */
  fk: string;
  fkColumn: string;
  /** Every foreign key field, in order (one unless the model declares a composite key). */
  fkFields: string[];
  /** True when the model declares the FK fields itself: the renderer adds no FK line. */
  fkDeclared: boolean;
  /** Referenced fields of the target (its id unless references is given). */
  references: string[];
  /** The relation field is optional (`Target?`). */
  optional: boolean;
  /** Needs a @unique added to a generated FK (one-to-one). */
  unique: boolean;
  onDelete: ReferentialAction | null;
  onUpdate: ReferentialAction | null;
  /** Foreign key constraint name (`map:`). */
  map: string | null;
}

/** The side without a key: a list (hasMany) or an optional single object (hasOne). */
export interface InverseSide {
  model: string;
  field: string;
  declared: boolean;
  list: boolean;
}

export interface ManyToManySide {
  model: string;
  field: string;
  declared: boolean;
}

export type ResolvedRelation =
  | { kind: "oneToMany" | "oneToOne"; name: string | null; owner: OwnerSide; inverse: InverseSide }
  | { kind: "manyToMany"; name: string | null; sides: [ManyToManySide, ManyToManySide] };

export type RelationRole = { relation: ResolvedRelation; role: "owner" | "inverse" | "side0" | "side1" };

export interface RelationPlan {
  relations: ResolvedRelation[];
  /** "Model.field" of every relation field, declared or generated. */
  roles: Map<string, RelationRole>;
  /** Generated fields per model, in a deterministic order; rendered after the declared fields. */
  generated: Map<string, { field: string; role: RelationRole }[]>;
  /** The set's choice: an index on every foreign key. */
  foreignKeyIndexes: boolean;
}

const key = (model: string, field: string): string => `${model}.${field}`;

/**
 * Pairs the declared sides of every relation, generates the missing sides, and names relations
 * where Prisma needs a name. Refuses ambiguity instead of guessing.
 */
export function resolveRelations(set: ModelSet, _provider: Provider): RelationPlan {
  const relations: ResolvedRelation[] = [];
  const claimed = new Map<string, string>(); // inverse/m2m "Model.field" -> the field that paired with it
  const target = (model: ModelEntry, field: RelationFieldDef): ModelEntry => {
    const found = findModel(set, field.target);
    if (!found) {
      const known = set.models.map((m) => m.name).join(", ");
      throw modelError({ model, field: field.name }, `t.${field.relation}("${field.target}") points to a model that does not exist.`, `Create ${field.target} (npx backant add-model ${field.target}) or use one of: ${known}.`, "UNKNOWN_MODEL");
    }
    return found;
  };
  const needsId = (model: ModelEntry, field: RelationFieldDef, other: ModelEntry): void => {
    if (field.references !== null) return;
    if (!idFieldOf(other))
      throw modelError({ model, field: field.name }, `relates to ${other.name}, which has a composite id; backant relations reference a single t.id().`, `Give ${other.name} an id: t.id(), or write the relation with raw attributes.`, "BAD_RELATION");
  };
  const generatedName = (source: ModelEntry, declared: RelationFieldDef, host: ModelEntry): string =>
    source.name === host.name ? `${declared.name}Of` : declared.relationName !== null ? `${lowerFirst(source.name)}As${upperFirst(declared.name)}` : lowerFirst(source.name);

  // 1. belongsTo: the owning sides.
  for (const a of set.models)
    for (const f of a.fields) {
      if (f.kind !== "relation" || f.relation !== "belongsTo") continue;
      const b = target(a, f);
      needsId(a, f, b);
      const declaredFks = declaredForeignKeys(a, f);
      const id = idFieldOf(b);
      const keyType = id === undefined ? null : id.type === "int" ? "int" : id.type === "bigint" ? "bigint" : "string";
      if (declaredFks === null && f.keyType !== null && f.keyType !== keyType)
        throw modelError({ model: a, field: f.name }, `declares keyType "${f.keyType}" but ${b.name}'s id is ${keyType === "string" ? "a string" : `an ${keyType}`}.`, `Use keyType: "${keyType}".`, "BAD_RELATION");
      const candidates = b.fields.filter(
        (g): g is RelationFieldDef => g.kind === "relation" && (g.relation === "hasMany" || g.relation === "hasOne") && g.target === a.name && g.relationName === f.relationName,
      );
      if (candidates.length > 1) throw ambiguous(a, f, `${b.name} has ${candidates.map((c) => `"${c.name}"`).join(" and ")} pointing back`);
      const inverse = candidates[0];
      if (inverse) {
        const other = claimed.get(key(b.name, inverse.name));
        if (other !== undefined) throw ambiguous(a, f, `"${other}" and "${f.name}" both pair with ${b.name}.${inverse.name}`);
        claimed.set(key(b.name, inverse.name), f.name);
        if (inverse.relation === "hasMany" && f.unique)
          throw modelError({ model: a, field: f.name }, `is unique (one-to-one) but ${b.name}.${inverse.name} (${b.file}) is a hasMany.`, `Use t.hasOne("${a.name}") there, or drop .unique() here.`, "BAD_RELATION");
      }
      const oneToOne = f.unique || inverse?.relation === "hasOne";
      const fkFields = declaredFks === null ? [foreignKeyOf(f)] : declaredFks.map((d) => d.name);
      relations.push({
        kind: oneToOne ? "oneToOne" : "oneToMany",
        name: f.relationName,
        owner: {
          model: a.name,
          field: f.name,
          declared: f,
          fk: fkFields[0]!,
          fkColumn: declaredFks === null ? columnNameOf(f, a.naming) : columnNameOf(declaredFks[0]!, a.naming),
          fkFields,
          fkDeclared: declaredFks !== null,
          references: f.references ?? [id!.name],
          optional: f.optional || (declaredFks ?? []).some((d) => d.optional),
          // A one-to-one needs a unique FK; a hasOne on the other side implies it. Declared FK
          // fields carry their own unique constraint.
          unique: oneToOne && declaredFks === null,
          onDelete: f.onDelete,
          onUpdate: f.onUpdate,
          map: f.map,
        },
        inverse: inverse
          ? { model: b.name, field: inverse.name, declared: true, list: inverse.relation === "hasMany" }
          : { model: b.name, field: generatedName(a, f, b), declared: false, list: !oneToOne },
      });
    }

  // 2. hasOne / hasMany with no belongsTo on the other side: generate an optional FK there.
  for (const b of set.models)
    for (const g of b.fields) {
      if (g.kind !== "relation" || (g.relation !== "hasMany" && g.relation !== "hasOne") || claimed.has(key(b.name, g.name))) continue;
      const a = target(b, g);
      needsId(b, g, b);
      const field = generatedName(b, g, a);
      const fk = `${field}Id`;
      relations.push({
        kind: g.relation === "hasOne" ? "oneToOne" : "oneToMany",
        name: g.relationName,
        owner: {
          model: a.name,
          field,
          declared: null,
          fk,
          fkColumn: databaseName(fk, a.naming),
          fkFields: [fk],
          fkDeclared: false,
          references: [idFieldOf(b)!.name],
          optional: true,
          unique: g.relation === "hasOne",
          onDelete: null,
          onUpdate: null,
          map: null,
        },
        inverse: { model: b.name, field: g.name, declared: true, list: g.relation === "hasMany" },
      });
    }

  // 3. manyToMany: pair with a manyToMany back, or generate it.
  for (const a of set.models)
    for (const f of a.fields) {
      if (f.kind !== "relation" || f.relation !== "manyToMany" || claimed.has(key(a.name, f.name))) continue;
      const b = target(a, f);
      needsId(a, f, a);
      needsId(a, f, b);
      const candidates = b.fields.filter(
        (g): g is RelationFieldDef =>
          g.kind === "relation" && g.relation === "manyToMany" && g.target === a.name && g.relationName === f.relationName && !(b.name === a.name && g.name === f.name) && !claimed.has(key(b.name, g.name)),
      );
      if (candidates.length > 1) throw ambiguous(a, f, `${b.name} has ${candidates.map((c) => `"${c.name}"`).join(" and ")} pointing back`);
      const back = candidates[0];
      claimed.set(key(a.name, f.name), f.name);
      if (back) claimed.set(key(b.name, back.name), f.name);
      relations.push({
        kind: "manyToMany",
        name: f.relationName,
        sides: [
          { model: a.name, field: f.name, declared: true },
          back ? { model: b.name, field: back.name, declared: true } : { model: b.name, field: generatedName(a, f, b), declared: false },
        ],
      });
    }

  nameRelations(set, relations);
  return plan(set, relations);
}

function ambiguous(model: ModelEntry, field: RelationFieldDef, why: string): Error {
  return modelError(
    { model, field: field.name },
    `is ambiguous: ${why}.`,
    `Give each relation between ${model.name} and ${field.target} its own relationName, the same on both sides: t.${field.relation}("${field.target}", { relationName: "${model.name}${upperFirst(field.name)}" }).`,
    "AMBIGUOUS_RELATION",
  );
}

function sidesOf(r: ResolvedRelation): { model: string; field: string; declared: boolean }[] {
  return r.kind === "manyToMany" ? r.sides : [{ ...r.owner, declared: r.owner.declared !== null }, r.inverse];
}

/** Prisma needs distinct names when two models are related more than once, and a name for self relations. */
function nameRelations(set: ModelSet, relations: ResolvedRelation[]): void {
  const byPair = new Map<string, ResolvedRelation[]>();
  for (const r of relations) {
    const models = sidesOf(r).map((s) => s.model).sort();
    const pair = models.join("|");
    byPair.set(pair, [...(byPair.get(pair) ?? []), r]);
  }
  for (const group of byPair.values()) {
    // Prisma tells relations between the same two models apart by name; "no name" counts as one name.
    const names = new Map<string | null, ResolvedRelation>();
    for (const r of group) {
      const earlier = names.get(r.name);
      if (earlier) {
        const side = sidesOf(r).find((s) => s.declared)!;
        const model = findModel(set, side.model)!;
        const field = model.fields.find((f) => f.name === side.field) as RelationFieldDef;
        const other = sidesOf(earlier).filter((s) => s.declared).map((s) => `${s.model}.${s.field}`).join(" / ");
        const why =
          r.name === null
            ? `${model.name} and ${field.target} are related more than once without a relationName (also ${other}), so Prisma cannot tell the relations apart`
            : `relationName "${r.name}" is used by another relation between the same models (${other})`;
        throw ambiguous(model, field, why);
      }
      names.set(r.name, r);
    }
    for (const r of group) {
      const [first, second] = sidesOf(r);
      if (r.name === null && first!.model === second!.model) r.name = `${first!.model}${upperFirst(first!.declared ? first!.field : second!.field)}`;
    }
  }
}

function plan(set: ModelSet, relations: ResolvedRelation[]): RelationPlan {
  const roles = new Map<string, RelationRole>();
  const generated = new Map<string, { field: string; role: RelationRole }[]>();
  const taken = new Map<string, Set<string>>(); // model -> field names (declared, FKs, generated)
  const columns = new Map<string, Set<string>>();
  for (const m of set.models) {
    const names = new Set<string>();
    const cols = new Set<string>();
    for (const f of m.fields) {
      names.add(f.name);
      if (f.kind === "scalar") cols.add(columnNameOf(f, m.naming).toLowerCase());
      else if (f.relation === "belongsTo" && declaredForeignKeys(m, f) === null) {
        names.add(foreignKeyOf(f));
        cols.add(columnNameOf(f, m.naming).toLowerCase());
      }
    }
    taken.set(m.name, names);
    columns.set(m.name, cols);
  }
  const addGenerated = (model: string, field: string, role: RelationRole, fk: { name: string; column: string } | null, because: { model: string; field: string }): void => {
    const names = taken.get(model)!;
    const source = findModel(set, because.model)!;
    const clash = [field, ...(fk ? [fk.name] : [])].find((n) => names.has(n));
    if (clash !== undefined)
      throw modelError(
        { model: source, field: because.field },
        `needs the other side in model ${model}, and backant would add the field "${clash}" there, but ${model} already has a field of that name.`,
        `Declare the other side yourself in ${model} (e.g. t.belongsTo/t.hasMany with the same relationName), or rename "${clash}".`,
        "FIELD_CLASH",
      );
    if (fk && columns.get(model)!.has(fk.column.toLowerCase()))
      throw modelError({ model: source, field: because.field }, `needs a foreign key column "${fk.column}" in model ${model}, which is already used.`, `Declare the t.belongsTo side in ${model} yourself with its own { foreignKey } or .map().`, "FIELD_CLASH");
    names.add(field);
    if (fk) {
      names.add(fk.name);
      columns.get(model)!.add(fk.column.toLowerCase());
    }
    generated.set(model, [...(generated.get(model) ?? []), { field, role }]);
  };
  for (const relation of relations) {
    if (relation.kind === "manyToMany") {
      relation.sides.forEach((side, i) => {
        const role: RelationRole = { relation, role: i === 0 ? "side0" : "side1" };
        roles.set(key(side.model, side.field), role);
        if (!side.declared) addGenerated(side.model, side.field, role, null, relation.sides[0]);
      });
      continue;
    }
    const ownerRole: RelationRole = { relation, role: "owner" };
    const inverseRole: RelationRole = { relation, role: "inverse" };
    roles.set(key(relation.owner.model, relation.owner.field), ownerRole);
    roles.set(key(relation.inverse.model, relation.inverse.field), inverseRole);
    if (relation.owner.declared === null)
      addGenerated(relation.owner.model, relation.owner.field, ownerRole, { name: relation.owner.fk, column: relation.owner.fkColumn }, relation.inverse);
    if (!relation.inverse.declared) addGenerated(relation.inverse.model, relation.inverse.field, inverseRole, null, relation.owner);
  }
  return { relations, roles, generated, foreignKeyIndexes: set.foreignKeyIndexes };
}

export function roleOf(plan: RelationPlan, model: string, field: string): RelationRole | undefined {
  return plan.roles.get(key(model, field));
}
