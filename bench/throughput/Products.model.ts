// The bench model: the generated API's resource, and the table both baselines use. In add-model's
// field syntax (id, createdAt and updatedAt implied): name:string(120) sku:string(40):unique priceCents:int stock:int:default(0)
import { model, t } from "backant/model";

export default model("Products", {
  id: t.id(),
  name: t.string(120),
  sku: t.string(40).unique(),
  priceCents: t.int(),
  stock: t.int().default(0),
  createdAt: t.createdAt(),
  updatedAt: t.updatedAt(),
});
