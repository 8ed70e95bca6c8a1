// The module rules `npm run check` enforces (docs/architecture.md explains the layers):
// - no import cycles, between files and between server modules (folders under src/server/modules);
// - src/server/lib is below every module: it imports none;
// - src/shared (zod schemas used by both sides) imports neither the server nor the web;
// - the web reaches the server only over HTTP, never by importing it.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A file may not import itself through others: cycles hide the order things happen in.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "no-module-cycles",
      severity: "error",
      comment:
        "Server modules form a graph without cycles: a module that needs another's work after its own (the hand-off after a stage move) belongs above both.",
      scope: "folder",
      from: { path: "^src/server/modules/[^/]+$" },
      to: { path: "^src/server/modules/[^/]+$", circular: true },
    },
    {
      name: "lib-imports-no-module",
      severity: "error",
      comment:
        "src/server/lib holds what every module uses (errors, access, ids, the audit log); it knows no module.",
      from: { path: "^src/server/lib/" },
      to: { path: "^src/server/modules/" },
    },
    {
      name: "shared-imports-no-side",
      severity: "error",
      comment: "src/shared is read by the server and the web; it depends on neither.",
      from: { path: "^src/shared/" },
      to: { path: "^src/(server|web|cli)/" },
    },
    {
      name: "web-imports-no-server",
      severity: "error",
      comment: "The web talks to the server over HTTP (types come from src/shared or the generated client).",
      from: { path: "^src/web/" },
      to: { path: "^src/(server|cli)/" },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    // Tests, the test harness and the demo generator sit on top of the whole app (they build it, seed
    // it and poke its insides); left in, folder-level cycles would run through them and through their
    // parent folders (src/server/db holds the seed) rather than through the modules the rules are about.
    exclude: { path: ["\\.test\\.tsx?$", "^src/server/testing/", "^src/server/db/seed/"] },
    // Only folder-level rules need this; it does not change what file-level rules see.
    reporterOptions: { text: { highlightFocused: true } },
  },
};
