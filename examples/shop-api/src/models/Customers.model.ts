import { model, t } from "backant/model";

export default model("Customers", {
  id: t.id(),
  email: t.string(120).unique(),
  name: t.string(100),
  phone: t.string(30).optional(),
  createdAt: t.createdAt(),
  updatedAt: t.updatedAt(),
});
