import { model, t } from "backant/model";

export default model("Categories", {
  id: t.id(),
  name: t.string(80).unique(),
  createdAt: t.createdAt(),
  updatedAt: t.updatedAt(),
});
