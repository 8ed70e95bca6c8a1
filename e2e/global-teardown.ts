// After the browser tests: the run's data directory (a PGlite database of ~40 MB) goes; a kept one per run
// filled /tmp. LOCKSTEP_E2E_KEEP_DATA=1 keeps it for a look after a failure.
import { rmSync } from "node:fs";

export default function globalTeardown() {
  const dir = process.env.LOCKSTEP_E2E_DATA_DIR;
  if (dir && process.env.LOCKSTEP_E2E_KEEP_DATA !== "1") rmSync(dir, { recursive: true, force: true });
}
