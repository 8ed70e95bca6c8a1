import { defineConfig } from "vitest/config";

/** Suites that prove robustness under abuse and crashes: slow, run by `npm run test:hardening`. */
export const HARDENING_SUITES = [
  "src/server/fuzz.test.ts",
  "src/server/kill.test.ts",
  // Starts real servers on fresh data directories and builds the web app.
  "src/cli/server-mode.test.ts",
];

export const sharedTestOptions = {
  globalSetup: ["src/server/testing/global-setup.ts"],
  pool: "forks" as const,
  maxWorkers: 2,
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ["src/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...HARDENING_SUITES],
    // Files in one worker share its module cache (each still opens its own app and database): importing the
    // app once per worker instead of once per file takes about 40 s off the suite on two cores.
    isolate: false,
  },
});
