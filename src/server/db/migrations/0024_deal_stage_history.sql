CREATE TABLE "opportunity_stage_changes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"cause" text NOT NULL,
	"member_id" uuid,
	CONSTRAINT "opportunity_stage_changes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "wall_posts" ADD COLUMN "play_id" uuid;--> statement-breakpoint
ALTER TABLE "wall_posts" ADD COLUMN "play_run_id" uuid;--> statement-breakpoint
ALTER TABLE "opportunity_stage_changes" ADD CONSTRAINT "opportunity_stage_changes_workspace_id_opportunity_id_opportunities_workspace_id_id_fk" FOREIGN KEY ("workspace_id","opportunity_id") REFERENCES "public"."opportunities"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stage_changes" ADD CONSTRAINT "opportunity_stage_changes_workspace_id_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opportunity_stage_changes_deal_idx" ON "opportunity_stage_changes" USING btree ("workspace_id","opportunity_id","changed_at");--> statement-breakpoint
ALTER TABLE "wall_posts" ADD CONSTRAINT "wall_posts_workspace_id_play_id_plays_workspace_id_id_fk" FOREIGN KEY ("workspace_id","play_id") REFERENCES "public"."plays"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_posts" ADD CONSTRAINT "wall_posts_workspace_id_play_run_id_play_runs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","play_run_id") REFERENCES "public"."play_runs"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Backfill: every deal that exists gets one history row, at its current stage, at its creation.
INSERT INTO "opportunity_stage_changes" ("workspace_id", "id", "opportunity_id", "from_stage", "to_stage", "changed_at", "cause")
SELECT o."workspace_id", md5(o."id"::text || '|backfill')::uuid, o."id", NULL, o."stage", o."created_at", 'backfill'
FROM "opportunities" o;
