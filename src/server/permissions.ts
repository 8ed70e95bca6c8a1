// The permission matrix: who may do what, by role (member, team lead, admin) and, where it matters, by team.
// One source for three things: docs/security.md (its tables are generated from here, see
// scripts/security-doc.ts), the route-by-route test (src/server/permissions.test.ts probes every route in
// the OpenAPI list as each role) and the reader. Route-level access is each route's `config.access`
// (src/server/lib/access.ts); team rules are checked by the services and named in `rule`.

/** Route-level access, as declared in each route's config.access. */
export type RouteAccess = "public" | "signed-in" | "member" | "leads" | "admins";

/** Narrower checks the services make after the route let the caller in. */
export const TEAM_RULES = {
  "mql-decision":
    "Accepting or rejecting an MQL: the lead's owner, a lead of the sales team, or an admin (feedback.service.ts). " +
    "An owner from the marketing team (an MQL a sales lead gave to a marketer) is refused (403): marketing does " +
    "not answer its own MQLs.",
  "sales-assign":
    "Giving an MQL an owner: a lead of the sales team, or an admin (routing.service.ts), on every path: assigning " +
    "by hand or from the routing queue, creating a contact as an MQL with an owner, naming an MQL's owner, making " +
    "an owned lead an MQL by hand (the hand-off keeps its owner), and importing a file that would do so (that row " +
    "is rejected, naming its line and column). Anyone else gets 403; a member may still make a lead without an " +
    "owner an MQL, and routing decides who gets it.",
  signer:
    "Approving (signing) a scoring model, SLA or glossary version: a lead or admin of the sales or the marketing team, " +
    "for their own team; both teams must sign before a version can go live (joint-approval.ts). Signatures " +
    "belong to people: no API key signs or withdraws a signature, a full key neither (403). Withdrawing an " +
    'approval you never gave is 409 ("You have not approved ..."): nothing of yours is there to withdraw.',
  invitee:
    "Accepting an invitation: only the user whose email the invitation was sent to (workspaces.service.ts).",
  "own-inbox": "Notifications: each member sees and marks only their own (another member's answers 404).",
  "wall-author":
    "Taking a post off the recognition wall: its author or an admin (wall.service.ts); anyone else gets 403.",
  "pulse-anonymous":
    "The pulse survey: each member answers once a month (409 after that); no route returns who gave which " +
    "answer, nor any answer on its own: only how many answered, whether you did, and averages of ended months " +
    "with at least three answers (alignment.service.ts).",
  "play-task-owner":
    "Completing or skipping a play task: the member it names, anyone of the owning team when it names no one, " +
    "a team lead or an admin (plays.service.ts); anyone else gets 403, and a task already done or skipped 409.",
  "proposal-author":
    "Withdrawing a proposed change to a target-account list: whoever proposed it, a team lead or an admin " +
    "(target-lists.service.ts); only a proposal still waiting for approval (409 otherwise).",
  "job-starter":
    "Cancelling a background job (a calibration, a backtest): the member who started it, a team lead or an admin " +
    "(jobs.service.ts); another member gets 403, and a job that has ended answers 409.",
  "meeting-record":
    "Keeping a joint meeting's record (attendance, notes, action items, marking it held): members of the sales or " +
    "marketing team, team leads and admins (meetings.service.ts); a member of the revenue team who is neither a " +
    "lead nor an admin gets 403. Planning and ending a series is for team leads and admins (route level).",
  "enablement-organiser":
    "Marking an enablement session done or cancelling it: whoever scheduled it, its host, its participants, team " +
    "leads and admins (enablement.service.ts); anyone else gets 403, and a session no longer scheduled 409. " +
    "Feedback: each participant gives their own; team leads and admins may record a participant's.",
} as const;
export type TeamRule = keyof typeof TEAM_RULES;

export interface Capability {
  /** What people do, in their words. */
  what: string;
  /** The matrix cells: "yes", "" (no) or a condition. */
  member: string;
  lead: string;
  admin: string;
  access: RouteAccess;
  rule?: TeamRule;
  /** "METHOD /path" as in the OpenAPI document ({id} for path parameters). */
  routes: string[];
}

const records = [
  "accounts",
  "contacts",
  "opportunities",
  "campaigns",
  "personas",
  "segments",
  "pods",
  "properties",
];

export const CAPABILITIES: Capability[] = [
  {
    what: "Check that the server is up; preview an invitation by its token",
    member: "yes",
    lead: "yes",
    admin: "yes",
    access: "public",
    routes: ["GET /api/health", "GET /api/invitations/preview"],
  },
  {
    what: "Send tracking events (Segment-compatible API; authenticated by an ingest write key, not a session)",
    member: "with a key",
    lead: "with a key",
    admin: "with a key",
    access: "public",
    routes: [
      "POST /v1/batch",
      "POST /v1/identify",
      "POST /v1/track",
      "POST /v1/page",
      "POST /v1/screen",
      "POST /v1/group",
      "POST /v1/alias",
    ],
  },
  {
    what: "See who you are; create a workspace (you become its admin); accept an invitation sent to your email",
    member: "yes",
    lead: "yes",
    admin: "yes",
    access: "signed-in",
    rule: "invitee",
    routes: ["GET /api/me", "POST /api/workspaces", "POST /api/invitations/accept"],
  },
  {
    what:
      "Read every record, list, export, timeline, stage history, score and report; read the agreements (scoring " +
      "models, SLA), SLA clocks, the routing queue, the workspace and its members",
    member: "yes",
    lead: "yes",
    admin: "yes",
    access: "member",
    routes: [
      ...records.flatMap((r) => [`GET /api/${r}`, `GET /api/${r}/export`, `GET /api/${r}/{id}`]),
      "GET /api/cockpit",
      "GET /api/search",
      "GET /api/contacts/{id}/timeline",
      "GET /api/contacts/{id}/stage-history",
      "GET /api/contacts/{id}/decisions",
      "GET /api/contacts/{id}/scores",
      "GET /api/contacts/{id}/score-history",
      "GET /api/contacts/{id}/sla",
      "GET /api/accounts/{id}/scores",
      "GET /api/feedback/decisions",
      "GET /api/objections",
      "GET /api/objections/summary",
      "GET /api/content-requests",
      "GET /api/imports",
      "GET /api/imports/{id}",
      "GET /api/event-mapping",
      "GET /api/scoring-models",
      "GET /api/scoring-models/{id}",
      "GET /api/scoring-models/{id}/versions/{version}",
      "GET /api/scoring-models/{id}/versions/{version}/diff",
      "POST /api/scoring-models/{id}/versions/{version}/backtests",
      "GET /api/jobs",
      "GET /api/jobs/{id}",
      "GET /api/scoring-models/{id}/distribution",
      "GET /api/scoring-models/{id}/scores.csv",
      "POST /api/scoring/rule-counts",
      "GET /api/sla",
      "GET /api/sla/versions/{version}",
      "GET /api/sla/clocks",
      "GET /api/sla/answer-clocks",
      "GET /api/reports/sla-compliance",
      "GET /api/reports/speed-to-lead",
      "GET /api/reports/funnel",
      "GET /api/reports/funnel/export",
      "GET /api/reports/velocity",
      "GET /api/reports/velocity/export",
      "GET /api/reports/stalled",
      "GET /api/reports/stalled/export",
      "GET /api/reports/attribution",
      "GET /api/reports/attribution.csv",
      "GET /api/reports/attribution/opportunities/{id}",
      "GET /api/reports/attribution/campaigns/{id}/deals",
      "GET /api/reports/attribution/performance",
      "GET /api/reports/attribution/performance.csv",
      "GET /api/campaigns/{id}/results",
      "GET /api/routing/queue",
      "GET /api/workspace",
      "GET /api/members",
      "GET /api/cockpit/revenue-team",
      "GET /api/targets",
      "GET /api/targets/{period}/plan",
      "GET /api/goals",
      "GET /api/goals/{id}",
      "GET /api/shared-wins",
      "GET /api/shared-wins/{id}",
      "GET /api/wall",
      "GET /api/alignment",
      "GET /api/target-lists",
      "GET /api/target-lists/{id}",
      "GET /api/target-lists/{id}/accounts",
      "GET /api/target-lists/{id}/history",
      "GET /api/target-lists/{id}/versions",
      "GET /api/target-lists/{id}/versions/{version}",
      "GET /api/abm/settings",
      "GET /api/abm/segment-numbers",
      "GET /api/segments/{id}/accounts",
      "GET /api/accounts/{id}/journey",
      "GET /api/accounts/{id}/committee",
      "GET /api/accounts/{id}/timeline",
      "GET /api/plays",
      "GET /api/plays/{id}",
      "GET /api/play-runs",
      "GET /api/play-runs/{id}",
      "GET /api/play-tasks",
    ],
  },
  {
    what:
      "Propose adding, removing or re-tiering target accounts (with a reason; the data behind it is kept); " +
      "withdraw your own proposal; start a play on target accounts",
    member: "yes",
    lead: "yes",
    admin: "yes",
    access: "member",
    rule: "proposal-author",
    routes: [
      "POST /api/target-lists/{id}/versions",
      "POST /api/target-lists/{id}/versions/{version}/retire",
      "POST /api/plays/{id}/runs",
    ],
  },
  {
    what:
      "Read the glossary; propose a change to it (a new draft) and edit a draft (audited; an edit clears its " +
      "approvals)",
    member: "yes",
    lead: "yes",
    admin: "yes",
    access: "member",
    routes: [
      "GET /api/glossary",
      "GET /api/glossary/versions/{version}",
      "POST /api/glossary/versions",
      "PUT /api/glossary/versions/{version}",
    ],
  },
  {
    what:
      "Approve a glossary version for your team, or withdraw your approval; put an approved version in force " +
      "(the second team's approval already does) (audited)",
    member: "",
    lead: "sales and marketing leads, for their team",
    admin: "sales and marketing admins, for their team",
    access: "leads",
    rule: "signer",
    routes: [
      "POST /api/glossary/versions/{version}/approval",
      "DELETE /api/glossary/versions/{version}/approval",
      "POST /api/glossary/versions/{version}/activate",
    ],
  },
  {
    what: "Complete a play task or skip it with a reason",
    member: "own or your team's",
    lead: "yes",
    admin: "yes",
    access: "member",
    rule: "play-task-owner",
    routes: ["POST /api/play-tasks/{id}/complete", "POST /api/play-tasks/{id}/skip"],
  },
  {
    what: "Give kudos to a member or a pod on the recognition wall; take your own kudos down (admins: any post)",
    member: "yes",
    lead: "yes",
    admin: "yes",
    access: "member",
    rule: "wall-author",
    routes: ["POST /api/wall/kudos", "DELETE /api/wall/{id}"],
  },
  {
    what:
      "Joint meetings: read the series, their meetings, live or frozen agendas, the invite (.ics) and the " +
      "Markdown export; keep a meeting's record: attendance, notes, action items, marking it held",
    member: "sales and marketing",
    lead: "yes",
    admin: "yes",
    access: "member",
    rule: "meeting-record",
    routes: [
      "GET /api/meetings",
      "GET /api/meetings/{id}",
      "GET /api/meetings/{id}/occurrences",
      "GET /api/meeting-occurrences/{id}",
      "GET /api/meeting-occurrences/{id}/agenda",
      "GET /api/meeting-occurrences/{id}/invite.ics",
      "GET /api/meeting-occurrences/{id}/agenda.md",
      "POST /api/meeting-occurrences/{id}/hold",
      "PUT /api/meeting-occurrences/{id}/attendance",
      "PUT /api/meeting-occurrences/{id}/notes",
      "POST /api/meeting-occurrences/{id}/action-items",
      "PATCH /api/action-items/{id}",
    ],
  },
  {
    what: "Plan a recurring joint meeting (attendees of both teams) and end a series (audited)",
    member: "",
    lead: "yes",
    admin: "yes",
    access: "leads",
    routes: ["POST /api/meetings", "DELETE /api/meetings/{id}"],
  },
  {
    what:
      "Enablement: read sessions and coverage; schedule training, shadowing or a job rotation; mark a session done " +
      "or cancel it; give your feedback",
    member: "yes (done, cancel: organiser, host, participants)",
    lead: "yes",
    admin: "yes",
    access: "member",
    rule: "enablement-organiser",
    routes: [
      "GET /api/enablement",
      "GET /api/enablement/coverage",
      "POST /api/enablement",
      "GET /api/enablement/{id}",
      "POST /api/enablement/{id}/complete",
      "POST /api/enablement/{id}/cancel",
      "PUT /api/enablement/{id}/feedback",
    ],
  },
  {
    what: "Answer the monthly pulse survey anonymously (once a month)",
    member: "yes",
    lead: "yes",
    admin: "yes",
    access: "member",
    rule: "pulse-anonymous",
    routes: ["GET /api/alignment/pulse", "POST /api/alignment/pulse"],
  },
  {
    what:
      "Create and edit accounts, contacts, opportunities and campaigns (a contact's lifecycle stage changed by " +
      "hand is a stage override, kept in the audit log); log touches; log objections; ask for and update content",
    member: "yes",
    lead: "yes",
    admin: "yes",
    access: "member",
    routes: [
      ...["accounts", "contacts", "opportunities", "campaigns"].flatMap((r) => [
        `POST /api/${r}`,
        `PATCH /api/${r}/{id}`,
      ]),
      "POST /api/contacts/{id}/touches",
      "POST /api/objections",
      "POST /api/content-requests",
      "PATCH /api/content-requests/{id}",
    ],
  },
  {
    what:
      "The insights library: search assets, see the gap grid, each asset's use and influence on won deals; add, " +
      "edit, archive and restore assets, upload or download their files, mark an asset shared with a contact",
    member: "yes",
    lead: "yes",
    admin: "yes",
    access: "member",
    routes: [
      "GET /api/assets",
      "GET /api/assets/gaps",
      "POST /api/assets",
      "GET /api/assets/{id}",
      "PATCH /api/assets/{id}",
      "POST /api/assets/{id}/archive",
      "POST /api/assets/{id}/restore",
      "PUT /api/assets/{id}/file",
      "GET /api/assets/{id}/file",
      "POST /api/assets/{id}/shares",
      "GET /api/assets/{id}/shares",
      "GET /api/assets/{id}/usage",
    ],
  },
  {
    what:
      "The messaging guide: read every persona's guide; write a persona's value proposition, pains and proof " +
      "points; write a response to an objection (a draft until a team lead approves it)",
    member: "yes",
    lead: "yes",
    admin: "yes",
    access: "member",
    routes: [
      "GET /api/messaging",
      "GET /api/messaging/{id}",
      "PUT /api/messaging/{id}",
      "POST /api/messaging/{id}/responses",
    ],
  },
  {
    what: "Approve a response to an objection in the messaging guide: the one both teams give",
    member: "",
    lead: "yes",
    admin: "yes",
    access: "leads",
    routes: ["POST /api/objection-responses/{id}/approve"],
  },
  {
    what:
      "The seating-plan mixer: see the floors (tables and rows, fixed seats), who may be seated, and the plans " +
      "generated for a floor (who sits where, the cross-team share, pod cohesion), to print",
    member: "yes",
    lead: "yes",
    admin: "yes",
    access: "member",
    routes: [
      "GET /api/seating/floors",
      "GET /api/seating/floors/export",
      "GET /api/seating/floors/{id}",
      "GET /api/seating/members",
      "GET /api/seating/floors/{id}/plans",
      "GET /api/seating/plans/{id}",
    ],
  },
  {
    what:
      "Seating: add, edit, archive and restore floors (tables, rows, fixed seats) and generate a seating plan " +
      "(pods together, neighbours across teams)",
    member: "",
    lead: "yes",
    admin: "yes",
    access: "leads",
    routes: [
      "POST /api/seating/floors",
      "PATCH /api/seating/floors/{id}",
      "DELETE /api/seating/floors/{id}",
      "POST /api/seating/floors/{id}/restore",
      "POST /api/seating/floors/{id}/plans",
    ],
  },
  {
    what: "Cancel a running job (calibration, backtest)",
    member: "own",
    lead: "yes",
    admin: "yes",
    access: "member",
    rule: "job-starter",
    routes: ["POST /api/jobs/{id}/cancel"],
  },
  {
    what: "Read and mark your own notifications",
    member: "own",
    lead: "own",
    admin: "own",
    access: "member",
    rule: "own-inbox",
    routes: [
      "GET /api/notifications",
      "GET /api/notifications/unread-count",
      "POST /api/notifications/{id}/read",
      "POST /api/notifications/read-all",
    ],
  },
  {
    what: "Accept or reject an MQL (only sales answers MQLs: an owner from the marketing team may not)",
    member: "the lead's owner",
    lead: "sales leads",
    admin: "yes",
    access: "member",
    rule: "mql-decision",
    routes: ["POST /api/contacts/{id}/accept", "POST /api/contacts/{id}/reject", "POST /api/feedback/accept"],
  },
  {
    what: "Give a lead (or several from the routing queue) to a rep by hand",
    member: "",
    lead: "sales leads",
    admin: "yes",
    access: "member",
    rule: "sales-assign",
    routes: ["POST /api/contacts/{id}/assign", "POST /api/routing/assign"],
  },
  {
    what: "Archive and restore records (audited)",
    member: "",
    lead: "yes",
    admin: "yes",
    access: "leads",
    routes: records.flatMap((r) => [`DELETE /api/${r}/{id}`, `POST /api/${r}/{id}/restore`]),
  },
  {
    what: "Create and edit the target lists and teams: personas, segments (audited), pods",
    member: "",
    lead: "yes",
    admin: "yes",
    access: "leads",
    routes: ["personas", "segments", "pods"].flatMap((r) => [`POST /api/${r}`, `PATCH /api/${r}/{id}`]),
  },
  {
    what:
      "Create, edit and archive target-account lists (their accounts change only by approved proposals) and " +
      "plays; set the account journey's thresholds (audited)",
    member: "",
    lead: "yes",
    admin: "yes",
    access: "leads",
    routes: [
      "POST /api/target-lists",
      "PATCH /api/target-lists/{id}",
      "POST /api/plays",
      "PATCH /api/plays/{id}",
      "PUT /api/abm/settings",
    ],
  },
  {
    what:
      "Approve a proposed change to a target-account list for your team, or withdraw your approval; with both " +
      "teams' approval the change takes effect (audited)",
    member: "",
    lead: "sales and marketing leads, for their team",
    admin: "sales and marketing admins, for their team",
    access: "leads",
    rule: "signer",
    routes: [
      "POST /api/target-lists/{id}/versions/{version}/approval",
      "DELETE /api/target-lists/{id}/versions/{version}/approval",
    ],
  },
  {
    what: "Define and edit custom properties of contacts, accounts and opportunities, also by importing a file that creates them (audited; archiving one keeps its values)",
    member: "",
    lead: "yes",
    admin: "yes",
    access: "leads",
    routes: ["POST /api/properties", "PATCH /api/properties/{id}"],
  },
  {
    what: "Import CSV files; change how tracked events map to touch types",
    member: "",
    lead: "yes",
    admin: "yes",
    access: "leads",
    routes: ["POST /api/imports/{entity}", "PUT /api/event-mapping"],
  },
  {
    what:
      "Draft and edit scoring model and SLA versions, put signed versions live, retire them, run calibration " +
      "(audited)",
    member: "",
    lead: "yes",
    admin: "yes",
    access: "leads",
    routes: [
      "POST /api/scoring-models",
      "POST /api/scoring-models/{id}/versions",
      "PUT /api/scoring-models/{id}/versions/{version}",
      "POST /api/scoring-models/{id}/versions/{version}/activate",
      "POST /api/scoring-models/{id}/versions/{version}/retire",
      "POST /api/scoring-models/{id}/calibrations",
      "POST /api/sla/versions",
      "PUT /api/sla/versions/{version}",
      "POST /api/sla/versions/{version}/activate",
    ],
  },
  {
    what: "Approve (sign) a scoring model version for your team, or withdraw your approval (audited)",
    member: "",
    lead: "sales and marketing leads, for their team",
    admin: "sales and marketing admins, for their team",
    access: "leads",
    rule: "signer",
    routes: [
      "POST /api/scoring-models/{id}/versions/{version}/approval",
      "DELETE /api/scoring-models/{id}/versions/{version}/approval",
    ],
  },
  {
    what: "Sign an SLA version for your team, or withdraw your signature (audited)",
    member: "",
    lead: "sales and marketing leads, for their team",
    admin: "sales and marketing admins, for their team",
    access: "leads",
    rule: "signer",
    routes: ["POST /api/sla/versions/{version}/approval", "DELETE /api/sla/versions/{version}/approval"],
  },
  {
    what: "Purge the stored values of an archived custom property from every record (audited; refused while the property is live or its API name is taken again)",
    member: "",
    lead: "",
    admin: "yes",
    access: "admins",
    routes: ["POST /api/properties/{id}/purge"],
  },
  {
    what:
      "Set the revenue target of a period and propose its reverse funnel as SLA commitments (a draft both leads " +
      "sign); set goals and link goals of both teams into shared wins (audited)",
    member: "",
    lead: "yes",
    admin: "yes",
    access: "leads",
    routes: [
      "PUT /api/targets/{period}",
      "DELETE /api/targets/{period}",
      "POST /api/targets/{period}/propose",
      "POST /api/goals",
      "PATCH /api/goals/{id}",
      "DELETE /api/goals/{id}",
      "POST /api/shared-wins",
      "PATCH /api/shared-wins/{id}",
      "DELETE /api/shared-wins/{id}",
    ],
  },
  {
    what: "Change the workspace's name, mission and time zone (audited)",
    member: "",
    lead: "",
    admin: "yes",
    access: "admins",
    routes: ["PATCH /api/workspace"],
  },
  {
    what: "Manage members (team, role, capacity, removal) and invitations (audited)",
    member: "",
    lead: "",
    admin: "yes",
    access: "admins",
    routes: [
      "PATCH /api/members/{id}",
      "DELETE /api/members/{id}",
      "GET /api/invitations",
      "POST /api/invitations",
      "DELETE /api/invitations/{id}",
    ],
  },
  {
    what: "Manage API keys and tracking write keys",
    member: "",
    lead: "",
    admin: "yes",
    access: "admins",
    routes: [
      "GET /api/api-keys",
      "POST /api/api-keys",
      "DELETE /api/api-keys/{id}",
      "GET /api/write-keys",
      "POST /api/write-keys",
      "DELETE /api/write-keys/{id}",
    ],
  },
  {
    what: "Manage webhooks and read their delivery log",
    member: "",
    lead: "",
    admin: "yes",
    access: "admins",
    routes: [
      "GET /api/webhooks",
      "POST /api/webhooks",
      "PATCH /api/webhooks/{id}",
      "DELETE /api/webhooks/{id}",
      "POST /api/webhooks/{id}/test",
      "GET /api/webhooks/{id}/deliveries",
    ],
  },
  {
    what: "Read and export the audit log",
    member: "",
    lead: "",
    admin: "yes",
    access: "admins",
    routes: ["GET /api/audit", "GET /api/audit/export.csv"],
  },
  {
    what: "Export everything about a contact (access request) and erase a contact (erasure request; audited)",
    member: "",
    lead: "",
    admin: "yes",
    access: "admins",
    routes: ["GET /api/contacts/{id}/personal-data", "POST /api/contacts/{id}/erase"],
  },
];

const ACCESS_WORDS: Record<RouteAccess, string> = {
  public: "anyone",
  "signed-in": "signed in",
  member: "member",
  leads: "team lead, admin",
  admins: "admin",
};

/** Every route with its access and team rule, in the matrix's order. */
export function routeTable() {
  return CAPABILITIES.flatMap((c) => c.routes.map((route) => ({ route, access: c.access, rule: c.rule })));
}

const cell = (text: string) => (text === "yes" ? "yes" : text === "" ? "–" : text);

/** The generated part of docs/security.md. */
export function renderPermissions(): string {
  const lines = [
    "<!-- permissions:start (generated from src/server/permissions.ts by scripts/security-doc.ts; do not edit) -->",
    "",
    "| what | member | team lead | admin |",
    "|---|---|---|---|",
    ...CAPABILITIES.map((c) => `| ${c.what} | ${cell(c.member)} | ${cell(c.lead)} | ${cell(c.admin)} |`),
    "",
    "Team rules the services check after the route has let the caller in:",
    "",
    ...Object.values(TEAM_RULES).map((text) => `- ${text}`),
    "",
    "### Every route",
    "",
    "| route | who (route level) | team rule |",
    "|---|---|---|",
    ...routeTable().map((r) => `| \`${r.route}\` | ${ACCESS_WORDS[r.access]} | ${r.rule ?? ""} |`),
    "",
    "<!-- permissions:end -->",
  ];
  return lines.join("\n");
}
