import { model, t } from "backant/model";

export default model(
  "OrderLines",
  {
    id: t.id(),
    order: t.belongsTo("Orders", { onDelete: "cascade" }),
    // Restrict: a product that was sold cannot be deleted out from under its order history.
    product: t.belongsTo("Products", { onDelete: "restrict" }),
    quantity: t.int(),
    unitPrice: t.decimal(10, 2),
    createdAt: t.createdAt(),
    updatedAt: t.updatedAt(),
  },
  { unique: [["order", "product"]] },
);
