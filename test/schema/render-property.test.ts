import fc from "fast-check";
import { expect, test } from "vitest";
import { model, t, now, uuid, cuid, autoincrement, nanoid, enumType, type FieldBuilder, type RelationBuilder } from "../../src/model/index.js";
import type { ModelDef, ReferentialAction } from "../../src/model/model-def.js";
import { buildModelSet } from "../../src/schema/model-set.js";
import { snakeCase } from "../../src/schema/naming.js";
import type { Provider } from "../../src/project/config.js";
import { renderPrismaSchema } from "../../src/schema/render-prisma.js";
import { validatePrismaSchema } from "../../src/schema/validate-prisma.js";

/**
 * Property: any model set the DSL can express for a provider renders to a schema Prisma's own
 * validator accepts, and rendering is a pure function of the set (same bytes after shuffling the
 * model order and after a JSON round trip of the IR).
 * PROPERTY_RUNS raises the number of cases (default 80 a provider, a few seconds); failures print
 * fast-check's seed and path, which reproduce them.
 */

type Scalar = FieldBuilder<any, boolean>;
type Relation = RelationBuilder<boolean, string | null, any, boolean>;
type EnumPlan = { name: string; values: [string, ...string[]]; mapped: boolean };

const ACTIONS: ReferentialAction[] = ["cascade", "restrict", "noAction", "setNull", "setDefault"];

const modelName = fc.stringMatching(/^M[A-Za-z0-9]{0,8}$/);
const enumPlan: fc.Arbitrary<EnumPlan> = fc.record({
  name: fc.stringMatching(/^E[A-Za-z0-9]{0,6}$/),
  values: fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,6}$/), { minLength: 1, maxLength: 4 }) as fc.Arbitrary<[string, ...string[]]>,
  // enumType with a database name of its own and a mapped first value.
  mapped: fc.boolean(),
});

const base64 = fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString("base64"));
const isoDate = fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true });
const decimalText = fc.tuple(fc.integer({ min: -99999, max: 99999 }), fc.option(fc.nat({ max: 9999 }))).map(([i, f]) => (f === null ? `${i}` : `${i}.${f}`));

/** A literal default value for an element of the given kind, as the DSL accepts it. */
function literalFor(kind: string, e: EnumPlan | undefined): fc.Arbitrary<unknown> {
  switch (kind) {
    case "string":
    case "text":
      return fc.string({ unit: "binary", maxLength: 12 });
    case "int":
      return fc.integer();
    case "bigint":
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case "float":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "decimal":
      return fc.oneof(decimalText, fc.integer({ min: -1000, max: 1000 }));
    case "boolean":
      return fc.boolean();
    case "datetime":
    case "date":
      return isoDate;
    case "json":
      return fc.jsonValue({ maxDepth: 2 });
    case "bytes":
      return base64;
    case "enum":
      return fc.constantFrom(...e!.values);
    default:
      throw new Error(kind);
  }
}

interface ScalarPlan {
  builder: Scalar;
  /** Can be part of a composite key or index on this provider. */
  indexable: boolean;
  list: boolean;
  optional: boolean;
}

function scalarPlan(provider: Provider, enums: EnumPlan[]): fc.Arbitrary<ScalarPlan> {
  const kinds = ["string", "text", "int", "bigint", "float", "decimal", "boolean", "datetime", "date", "json", "bytes", ...(enums.length ? ["enum"] : [])];
  return fc
    .record({ kind: fc.constantFrom(...kinds, "createdAt", "updatedAt"), list: provider === "postgresql" ? fc.boolean() : fc.constant(false), enumIndex: fc.nat() })
    .chain(({ kind, list, enumIndex }) => {
      const e = enums.length ? enums[enumIndex % enums.length] : undefined;
      const indexable = !(provider === "mysql" && (kind === "text" || kind === "json" || kind === "bytes"));
      const fns: string[] =
        kind === "datetime" || kind === "date" ? ["now"] : kind === "string" || kind === "text" ? ["uuid", "cuid"] : (kind === "int" || kind === "bigint") && provider === "postgresql" ? ["autoincrement"] : [];
      return fc
        .record({
          optional: fc.boolean(),
          unique: indexable ? fc.boolean() : fc.constant(false),
          index: indexable ? fc.boolean() : fc.constant(false),
          length: fc.option(fc.integer({ min: 1, max: 1000 })),
          precision: fc.option(fc.integer({ min: 1, max: 38 })),
          scale: fc.nat({ max: 10 }),
          defaultKind: fc.constantFrom("none", "literal", ...(fns.length && !list ? ["fn"] : [])),
          doc: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .]{0,20}$/)),
          native: fc.boolean(),
          uniqueName: fc.boolean(),
          fn: fns.length ? fc.constantFrom(...fns) : fc.constant(""),
          literal: list ? (kind === "json" ? fc.constant([]) : fc.array(literalFor(kind === "createdAt" || kind === "updatedAt" ? "datetime" : kind, e), { maxLength: 3 })) : literalFor(kind === "createdAt" || kind === "updatedAt" ? "datetime" : kind, e),
        })
        .map((m) => {
          let b: Scalar;
          switch (kind) {
            case "string":
              b = t.string(m.length ?? undefined);
              break;
            case "decimal":
              b = m.precision === null ? t.decimal() : t.decimal(m.precision, Math.min(m.scale, m.precision));
              break;
            case "enum":
              b = e!.mapped ? t.enum(enumType(e!.name, e!.values, { map: `db_${e!.name}`, values: { [e!.values[0]]: `v_${e!.values[0]}` } as never })) : t.enum(e!.name, e!.values);
              break;
            case "createdAt":
              b = t.createdAt();
              break;
            case "updatedAt":
              b = t.updatedAt();
              break;
            default:
              b = (t as unknown as Record<string, () => Scalar>)[kind]!();
          }
          const timestamps = kind === "createdAt" || kind === "updatedAt";
          const isList = list && !timestamps;
          if (isList) b = t.list(b as FieldBuilder<any, false>);
          if (!timestamps && !isList && m.defaultKind === "fn") {
            if (m.fn === "autoincrement") b = b.default(autoincrement()).unique(); // MySQL needs an index on it
            else if (m.fn === "uuid" && m.native) b = b.default(uuid(7));
            else if (m.fn === "cuid" && m.native) b = b.default(nanoid(12));
            else b = b.default(m.fn === "now" ? now() : m.fn === "uuid" ? uuid() : cuid());
          } else if (!timestamps && m.defaultKind === "literal" && !(isList && kind === "json")) b = b.default(m.literal as never);
          const optional = m.optional && !isList;
          if (optional) b = b.optional();
          // A native type of the provider's own (not on SQLite, which has none).
          if (m.native && !isList && provider !== "sqlite" && (kind === "datetime" || kind === "createdAt" || kind === "updatedAt")) b = b.native(provider === "postgresql" ? "Timestamptz" : "DateTime", 3);
          if (m.native && !isList && provider !== "sqlite" && kind === "int") b = b.native(provider === "postgresql" ? "SmallInt" : "SmallInt");
          if (m.unique) b = m.uniqueName ? b.unique({ map: "UNIQUE_NAME" }) : b.unique();
          if (m.index) b = m.uniqueName && provider !== "mysql" ? b.index({ sort: "desc" }) : b.index();
          if (m.doc !== null) b = b.doc(m.doc);
          return { builder: b, indexable: indexable && kind !== "json" && kind !== "bytes", list: isList, optional };
        });
    });
}

/** A relation between models a and b; the owner (FK) side is on a. */
interface RelationPlan {
  a: number;
  b: number;
  type: "oneToMany" | "oneToOne" | "manyToMany";
  declareOwner: boolean;
  declareInverse: boolean;
  optional: boolean;
  onDelete: ReferentialAction | null;
  onUpdate: ReferentialAction | null;
  named: boolean;
  keyType: boolean;
  mapped: boolean;
  /** The owner declares its FK field itself ({ foreignKey: "rNId" }). */
  declaredFk: boolean;
  /** With a declared FK: the relation optional over a required FK. */
  optionalOverRequired: boolean;
  fkName: boolean;
}

function relationPlan(models: number, provider: Provider): fc.Arbitrary<RelationPlan> {
  const actions = provider === "mysql" ? ACTIONS.filter((a) => a !== "setDefault") : ACTIONS;
  return fc.record({
    a: fc.nat({ max: models - 1 }),
    b: fc.nat({ max: models - 1 }),
    type: fc.constantFrom("oneToMany", "oneToOne", "manyToMany"),
    declareOwner: fc.boolean(),
    declareInverse: fc.boolean(),
    optional: fc.boolean(),
    onDelete: fc.option(fc.constantFrom(...actions)),
    onUpdate: fc.option(fc.constantFrom(...actions)),
    named: fc.boolean(),
    keyType: fc.boolean(),
    mapped: fc.boolean(),
    declaredFk: fc.boolean(),
    optionalOverRequired: fc.boolean(),
    fkName: fc.boolean(),
  });
}

const idStrategies = ["int", "bigint", "uuid", "cuid"] as const;

function modelSetPlan(provider: Provider) {
  return fc
    .record({
      names: fc.uniqueArray(modelName, { minLength: 1, maxLength: 5, selector: (n) => snakeCase(n) }),
      enums: fc.uniqueArray(enumPlan, { maxLength: 3, selector: (e) => snakeCase(e.name) }),
    })
    .chain(({ names, enums }) =>
      fc.record({
        names: fc.constant(names),
        relations: fc.array(relationPlan(names.length, provider), { maxLength: 6 }),
        models: fc.tuple(
          ...names.map(() =>
            fc.record({
              id: fc.constantFrom(...idStrategies),
              scalars: fc.uniqueArray(fc.tuple(fc.stringMatching(/^f[A-Za-z0-9]{0,6}$/), scalarPlan(provider, enums)), { maxLength: 6, selector: ([n]) => snakeCase(n) }),
              table: fc.boolean(),
              compositeId: fc.boolean(),
              unique: fc.array(fc.uniqueArray(fc.nat({ max: 5 }), { minLength: 2, maxLength: 3 }), { maxLength: 2 }),
              indexes: fc.array(fc.uniqueArray(fc.nat({ max: 5 }), { minLength: 1, maxLength: 3 }), { maxLength: 2 }),
            }),
          ),
        ),
      }),
    )
    .map(({ names, relations, models }) => build(names, relations, models, provider));
}

function build(names: string[], relations: RelationPlan[], models: { id: (typeof idStrategies)[number]; scalars: [string, ScalarPlan][]; table: boolean; compositeId: boolean; unique: number[][]; indexes: number[][] }[], provider: Provider): ModelDef[] {
  const fields: Record<string, Scalar | Relation>[] = names.map(() => ({}));
  const related = new Set<number>();
  const unnamedPairs = new Set<string>();
  relations.forEach((r, k) => {
    related.add(r.a).add(r.b);
    // Prisma tells relations between one pair of models apart by name: at most one may be unnamed.
    const pair = [r.a, r.b].sort().join("|");
    const name = r.named || unnamedPairs.has(pair) ? `Rel${k}` : undefined;
    if (!name) unnamedPairs.add(pair);
    const opts = name ? { relationName: name } : {};
    const [a, b] = [names[r.a]!, names[r.b]!];
    if (r.type === "manyToMany") {
      fields[r.a]![`r${k}`] = t.manyToMany(b, opts);
      if (r.declareInverse) fields[r.b]![`r${k}b`] = t.manyToMany(a, opts);
      return;
    }
    const declareOwner = r.declareOwner || !r.declareInverse;
    if (declareOwner) {
      const keyType = models[r.b]!.id === "int" ? "int" : models[r.b]!.id === "bigint" ? "bigint" : "string";
      const onDelete = r.onDelete === "setNull" && !r.optional ? null : r.onDelete;
      const onUpdate = r.onUpdate === "setNull" && !r.optional ? null : r.onUpdate;
      if (r.declaredFk) {
        // The FK as a declared field of the target id's type (and native type), then the relation over it.
        const target = models[r.b]!.id;
        let fk: Scalar = target === "int" ? t.int() : target === "bigint" ? t.bigint() : target === "uuid" && provider === "postgresql" ? t.uuid() : t.string();
        const fkOptional = r.optional && !r.optionalOverRequired;
        if (fkOptional) fk = fk.optional();
        if (r.type === "oneToOne") fk = fk.unique();
        if (r.mapped) fk = fk.map(`c_r${k}`);
        fields[r.a]![`r${k}Id`] = fk;
        const nullable = fkOptional;
        fields[r.a]![`r${k}`] = t.belongsTo(b, {
          ...opts,
          foreignKey: `r${k}Id`,
          optional: r.optional,
          ...(onDelete && (onDelete !== "setNull" || nullable) ? { onDelete } : {}),
          ...(onUpdate && (onUpdate !== "setNull" || nullable) ? { onUpdate } : {}),
          ...(r.fkName && provider !== "sqlite" ? { map: `fk_${k}_${r.a}` } : {}),
        });
      } else {
        let owner: Relation = t.belongsTo(b, { ...opts, optional: r.optional, ...(onDelete ? { onDelete } : {}), ...(onUpdate ? { onUpdate } : {}), ...(r.keyType ? { keyType } : {}) });
        if (r.type === "oneToOne") owner = owner.unique();
        if (r.mapped) owner = owner.map(`c_r${k}`);
        fields[r.a]![`r${k}`] = owner;
      }
    }
    if (r.declareInverse) fields[r.b]![`r${k}b`] = r.type === "oneToOne" ? t.hasOne(a, opts) : t.hasMany(a, opts);
  });
  return names.map((name, i) => {
    const plan = models[i]!;
    const scalars = plan.scalars.map(([n, s]) => [n, s] as const);
    const keyable = scalars.filter(([, s]) => s.indexable && !s.list);
    const useCompositeId = plan.compositeId && !related.has(i) && keyable.filter(([, s]) => !s.optional).length >= 2;
    const own: Record<string, Scalar | Relation> = useCompositeId ? {} : { id: plan.id === "int" ? t.id() : t.id(plan.id) };
    scalars.forEach(([n, s], j) => {
      // Constraint names must be unique in the schema: a named unique gets its model and field in it.
      const builder = s.builder.map(`col${j}_${snakeCase(n)}`.slice(0, 40));
      own[n] = builder.spec.uniqueOptions?.map === "UNIQUE_NAME" ? (builder as Scalar).unique({ map: `uq_${i}_${j}` }) : builder;
    });
    const pick = (idx: number[]) => [...new Set(idx.map((x) => keyable[x % Math.max(keyable.length, 1)]?.[0]).filter((x): x is string => x !== undefined))];
    const unique = [...new Map(plan.unique.map(pick).filter((u) => u.length >= 2).map((u) => [u.join(), u])).values()];
    // A field's .index({ sort }) and the same single-field index in the options would share a name.
    const sortedIndex = new Set(scalars.filter(([, s]) => s.builder.spec.indexOptions !== null).map(([n]) => n));
    const indexes = plan.indexes.map(pick).filter((u) => u.length >= 1 && !(u.length === 1 && sortedIndex.has(u[0]!)));
    return model(name, { ...own, ...fields[i] }, {
      ...(plan.table ? { table: `t_${i}` } : {}),
      ...(plan.table ? { doc: `Model ${name}` } : {}),
      ...(useCompositeId ? { id: keyable.filter(([, s]) => !s.optional).slice(0, 2).map(([n]) => n) } : {}),
      unique,
      indexes,
    });
  });
}

/** A seeded shuffle, so a failing case reproduces from fast-check's seed and path. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const providers: Provider[] = ["postgresql", "sqlite", "mysql"];

test.each(providers)("random model sets render to schemas Prisma accepts, deterministically (%s)", (provider) => {
  fc.assert(
    fc.property(modelSetPlan(provider), fc.nat(), fc.constantFrom("snake_case", "as-written") as fc.Arbitrary<"snake_case" | "as-written">, fc.boolean(), (models, seed, naming, foreignKeyIndexes) => {
      const entries = models.map((m) => ({ model: m, file: `src/models/${m.name}.model.ts` }));
      const options = { naming, foreignKeyIndexes };
      const set = buildModelSet(entries, options);
      const text = renderPrismaSchema(set, { provider });
      validatePrismaSchema(text);
      expect(renderPrismaSchema(buildModelSet(shuffled(entries, seed), options), { provider })).toBe(text);
      expect(renderPrismaSchema(JSON.parse(JSON.stringify(set)), { provider })).toBe(text);
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 80) },
  );
});
