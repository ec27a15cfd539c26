import { model, t } from "backant/model";

export default model(
  "Orders",
  {
    id: t.id(),
    customer: t.belongsTo("Customers", { onDelete: "cascade" }),
    status: t.enum("OrderStatus", ["pending", "paid", "shipped", "cancelled"]).default("pending"),
    total: t.decimal(10, 2),
    note: t.text().optional(),
    paidAt: t.datetime().optional(),
    lines: t.hasMany("OrderLines"),
    createdAt: t.createdAt(),
    updatedAt: t.updatedAt(),
  },
  { indexes: [["status", "createdAt"]] },
);
