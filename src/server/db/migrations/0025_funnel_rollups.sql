CREATE TABLE "contact_funnel" (
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"reached" smallint NOT NULL,
	CONSTRAINT "contact_funnel_workspace_id_contact_id_pk" PRIMARY KEY("workspace_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "stage_entry_counts" (
	"workspace_id" uuid NOT NULL,
	"stage" "lifecycle_stage" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"prior" timestamp with time zone NOT NULL,
	"contacts" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contact_funnel" ADD CONSTRAINT "contact_funnel_workspace_id_contact_id_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_funnel_entered_idx" ON "contact_funnel" USING btree ("workspace_id","entered_at");--> statement-breakpoint
CREATE INDEX "stage_entry_counts_at_idx" ON "stage_entry_counts" USING btree ("workspace_id","at");--> statement-breakpoint
-- Backfill from the stage history (the same pass as rebuildFunnelRollups in modules/lifecycle/funnel-rollups.ts).
INSERT INTO "contact_funnel" ("workspace_id", "contact_id", "entered_at", "reached")
SELECT "workspace_id", "contact_id", min("changed_at"),
  max(CASE "to_stage" WHEN 'lead' THEN 1 WHEN 'mql' THEN 2 WHEN 'sal' THEN 3 WHEN 'sql' THEN 4 WHEN 'opportunity' THEN 5 WHEN 'customer' THEN 6 END)
FROM "lifecycle_stage_changes"
WHERE "to_stage" IN ('lead', 'mql', 'sal', 'sql', 'opportunity', 'customer')
GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "stage_entry_counts" ("workspace_id", "stage", "at", "prior", "contacts")
SELECT "workspace_id", "to_stage", date_bin('15 minutes', "changed_at", timestamptz '2000-01-01T00:00:00Z'),
  coalesce(date_bin('15 minutes', "prior", timestamptz '2000-01-01T00:00:00Z'), '-infinity'), count(*)::int
FROM (
  SELECT "workspace_id", "to_stage", "changed_at",
    lag("changed_at") OVER (PARTITION BY "workspace_id", "contact_id", "to_stage" ORDER BY "changed_at", "id") AS "prior"
  FROM "lifecycle_stage_changes"
) h
GROUP BY 1, 2, 3, 4;
