import { model, t } from "backant/model";

export default model("Products", {
  id: t.id(),
  sku: t.string(40).unique(),
  name: t.string(200),
  description: t.text().optional(),
  price: t.decimal(10, 2),
  stock: t.int().default(0).min(0),
  active: t.boolean().default(true),
  category: t.belongsTo("Categories", { optional: true }),
  createdAt: t.createdAt(),
  updatedAt: t.updatedAt(),
});
