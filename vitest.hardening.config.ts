// `npm run test:hardening`: the fuzz suite (hostile input on every route) and the SIGKILL suite (the real
// server killed mid-import and mid-ingest), kept out of `npm test` because they take minutes.
import { defineConfig } from "vitest/config";
import { HARDENING_SUITES, sharedTestOptions } from "./vitest.config.js";

export default defineConfig({ test: { ...sharedTestOptions, include: HARDENING_SUITES } });
