import { defineConfig } from "vitest/config";

// Library and tooling tests. Exercise tests are run by tools/grade.ts, which points them at a
// learner's file or a solution; they are not part of this project.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "tools/**/*.test.ts"],
    exclude: ["**/node_modules/**", "dist/**", "website/**"],
  },
});
