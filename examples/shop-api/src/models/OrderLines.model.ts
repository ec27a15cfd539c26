import { model, t } from "backant/model";

export default model("OrderLines", {
  id: t.id(),
  order: t.belongsTo("Orders"),
  product: t.belongsTo("Products"),
  quantity: t.int().min(1),
  unitPrice: t.decimal(10, 2),
  createdAt: t.createdAt(),
  updatedAt: t.updatedAt(),
});
