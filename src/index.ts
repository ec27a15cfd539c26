// Programmatic entry point of backant. The model DSL users import lives at "backant/model".
export { main } from "./cli/main.js";
export { BackantError, InputError, CommandFailure } from "./errors.js";
