// Writes the permission matrix of src/server/permissions.ts into docs/security.md (between its markers).
// Run: node --import tsx scripts/security-doc.ts
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderPermissions } from "../src/server/permissions.js";

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "docs", "security.md");
const doc = readFileSync(file, "utf8");
const start = doc.indexOf("<!-- permissions:start");
const end = doc.indexOf("<!-- permissions:end -->");
if (start < 0 || end < 0) throw new Error("docs/security.md has no permissions markers");
const next = `${doc.slice(0, start)}${renderPermissions()}${doc.slice(end + "<!-- permissions:end -->".length)}`;
writeFileSync(file, next);
console.log(next === doc ? "docs/security.md is up to date" : "docs/security.md updated");
