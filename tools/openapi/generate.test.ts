import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateDefinitionsSource, outputPath } from "./generate";

describe("tools/openapi/generate.ts", () => {
  it("the committed definitions.generated.ts is what the generator writes today", () => {
    const committed = readFileSync(outputPath, "utf8");
    const fresh = generateDefinitionsSource();
    if (committed !== fresh) {
      expect.fail(
        "src/apiserver/validation/definitions.generated.ts is out of date with kubernetes-types or tools/openapi; run `npx tsx tools/openapi/generate.ts` and commit the result",
      );
    }
  }, 60_000);
});
