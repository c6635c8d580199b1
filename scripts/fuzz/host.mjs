// Worker-thread entry: TypeScript through tsx (a thread does not inherit the parent's loader), then host.ts.
import { register } from "tsx/esm/api";

register();
await import("./host.ts");
