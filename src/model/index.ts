// The model DSL users import as "backant/model". Keep this entry free of Node-only imports:
// model files are evaluated by jiti inside the user's project.
export { model, isModel, type Model, type ModelOptions, type FieldsShape, type KeyColumn, type KeyDefinition } from "./model.js";
export { t, type BelongsToOptions, type RelationOptions } from "./t.js";
export { now, uuid, cuid, autoincrement, nanoid, ulid, dbgenerated, sequence, type DefaultFunction } from "./defaults.js";
export { FieldBuilder, RelationBuilder, type KeyOptions, type IndexOptions } from "./field-builder.js";
export type { InferRow } from "./infer-row.js";
export type { JsonValue, DecimalValue, UnsupportedValue } from "./values.js";
export * from "./model-def.js";
export { enumType, isEnumType, type EnumType, type EnumTypeOptions } from "./enum-type.js";
