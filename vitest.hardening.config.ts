// `npm run test:hardening`: the suites in HARDENING_SUITES (vitest.config.ts): the fuzz suite (hostile input on
// every route), the SIGKILL suite (the real server killed mid-import and mid-ingest) and the others that start
// real servers; kept out of `npm test` because they take minutes. `.ci/run` runs it on both engines.
import { defineConfig } from "vitest/config";
import { HARDENING_SUITES, sharedTestOptions } from "./vitest.config.js";

export default defineConfig({ test: { ...sharedTestOptions, include: HARDENING_SUITES } });
