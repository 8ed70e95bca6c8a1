ALTER TABLE "lifecycle_stage_changes" ADD COLUMN "from_entered_at" timestamp with time zone;--> statement-breakpoint
-- Backfill: the contact's latest entry into the stage a move leaves, as velocity read it from the history.
UPDATE "lifecycle_stage_changes" n SET "from_entered_at" = (
  SELECT max(p."changed_at") FROM "lifecycle_stage_changes" p
  WHERE p."workspace_id" = n."workspace_id" AND p."contact_id" = n."contact_id" AND p."to_stage" = n."from_stage"
    AND p."changed_at" <= n."changed_at" AND p."id" <> n."id")
WHERE n."from_stage" IS NOT NULL;
