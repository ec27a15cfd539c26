import { model, t } from "backant/model";

export default model("Orders", {
  id: t.id(),
  customer: t.belongsTo("Customers"),
  status: t.enum("OrdersStatus", ["pending", "paid", "shipped", "cancelled"]).default("pending"),
  total: t.decimal(10, 2),
  note: t.text().optional(),
  paidAt: t.datetime().optional(),
  createdAt: t.createdAt(),
  updatedAt: t.updatedAt(),
});
