import { defineConfig } from "vitest/config";

// Interop tests against real external software (etcd): `npm run test:interop`. Not part of
// `npm test`, whose include (`*.test.ts`) does not match `*.interop.ts`. They start their own
// etcd on loopback and fail, saying how to install it, when there is none.
export default defineConfig({
  test: {
    include: ["src/**/*.interop.ts"],
    exclude: ["**/node_modules/**", "dist/**", "website/**"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
