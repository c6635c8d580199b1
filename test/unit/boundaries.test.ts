// The lint's boundaries catch what they are for: a room importing one it may not.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === "boundaries/dependencies").map((m) => m.message);
}

describe("boundaries", () => {
  it("the page's UI may not import the engine, the service or a host", async () => {
    const found = await problems(
      "src/ui/chart/probe.ts",
      [
        'import { MAX_DATE } from "../../engine/index.js";',
        'import { detect } from "../../service/paste/detect.js";',
        'import { preloadDemo } from "../../hosts/worker/preload.js";',
        "export const x = [MAX_DATE, detect, preloadDemo];",
      ].join("\n"),
    );
    expect(found).toEqual([
      'There is no policy allowing dependencies from elements of type "ui" to elements of type "engine"',
      'There is no policy allowing dependencies from elements of type "ui" to elements of type "service"',
      'There is no policy allowing dependencies from elements of type "ui" to elements of type "worker-host"',
    ]);
  });

  it("the contract imports nothing that runs; the client only the contract", async () => {
    expect(await problems("src/rpc/probe.ts", 'export { detect } from "../service/paste/detect.js";')).toEqual([
      'There is no policy allowing dependencies from elements of type "rpc" to elements of type "service"',
    ]);
    expect(await problems("src/client/probe.ts", 'export { MAX_DATE } from "../engine/index.js";')).toEqual([
      'There is no policy allowing dependencies from elements of type "client" to elements of type "engine"',
    ]);
  });

  it("nothing imports a host; the service may import the engine and the contract", async () => {
    expect(await problems("src/service/probe.ts", 'export { startServer } from "../hosts/server/server.js";')).toEqual([
      'There is no policy allowing dependencies from elements of type "service" to elements of type "server-host"',
    ]);
    const allowed =
      'export { MAX_DATE } from "../engine/index.js";\nexport type { Request } from "../rpc/protocol.js";';
    expect(await problems("src/service/probe.ts", allowed)).toEqual([]);
  });
});
