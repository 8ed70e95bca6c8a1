// The web app that `lockstep start` serves: built with Vite into dist/web when missing or older than its
// sources. The build runs in a child process: Vite sets NODE_ENV=production in the process that builds, and
// the server must keep the mode it was started in (production cookies and HSTS only when asked for).
import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { defaultWebRoot } from "../server/app.js";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the web app into `outDir` (default dist/web) unless it is newer than src/web and src/shared. */
export async function ensureWebBuilt(options: { outDir?: string; force?: boolean } = {}) {
  const outDir = options.outDir ?? defaultWebRoot;
  if (!existsSync(path.join(projectRoot, "src/web/index.html"))) return false;
  const index = path.join(outDir, "index.html");
  const sources = [path.join(projectRoot, "src/web"), path.join(projectRoot, "src/shared")];
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (!options.force && builtAt > Math.max(...sources.map(newestMtime))) return false;
  console.log("Building the web app...");
  await promisify(execFile)(
    process.execPath,
    [
      path.join(projectRoot, "node_modules/vite/bin/vite.js"),
      "build",
      "--logLevel",
      "warn",
      "--outDir",
      outDir,
      "--emptyOutDir",
    ],
    { cwd: projectRoot },
  );
  return true;
}
