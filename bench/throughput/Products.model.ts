// The bench model: the generated API's resource, and the table both baselines use.
import { model, t } from "backant/model";

export default model("Products", {
  id: t.id(),
  name: t.string(120),
  sku: t.string(40).unique(),
  priceCents: t.int(),
  stock: t.int().default(0),
  createdAt: t.createdAt(),
});
