import { model, t } from "backant/model";

export default model("Customers", {
  id: t.id(),
  email: t.string(120).unique().email(),
  name: t.string(100).minLength(2),
  phone: t.string(30).optional(),
  createdAt: t.createdAt(),
  updatedAt: t.updatedAt(),
});
