CREATE TABLE "abm_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"model_id" uuid,
	"aware_engagement" double precision NOT NULL,
	"engaged_engagement" double precision NOT NULL,
	"mqa_fit" double precision NOT NULL,
	"mqa_engagement" double precision NOT NULL,
	"spike_multiplier" double precision NOT NULL,
	"spike_min_touches" integer NOT NULL,
	"committee_days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "account_journeys" (
	"workspace_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"fit" double precision NOT NULL,
	"engagement" double precision NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"spike_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "account_journeys_workspace_id_account_id_pk" PRIMARY KEY("workspace_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "account_score_days" (
	"workspace_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"fit" double precision NOT NULL,
	"engagement" double precision NOT NULL,
	CONSTRAINT "account_score_days_workspace_id_account_id_day_pk" PRIMARY KEY("workspace_id","account_id","day")
);
--> statement-breakpoint
CREATE TABLE "account_stage_changes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"fit" double precision NOT NULL,
	"engagement" double precision NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "account_stage_changes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "play_run_accounts" (
	"workspace_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	CONSTRAINT "play_run_accounts_workspace_id_run_id_account_id_pk" PRIMARY KEY("workspace_id","run_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "play_runs" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"play_id" uuid NOT NULL,
	"steps" jsonb NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"started_by" uuid,
	"started_at" timestamp with time zone NOT NULL,
	CONSTRAINT "play_runs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "play_tasks" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"step_index" integer NOT NULL,
	"title" text NOT NULL,
	"channel" text NOT NULL,
	"asset" text DEFAULT '' NOT NULL,
	"owner_team" "team" NOT NULL,
	"owner_member_id" uuid,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "play_tasks_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "play_tasks_step_key" UNIQUE("workspace_id","run_id","account_id","step_id")
);
--> statement-breakpoint
CREATE TABLE "plays" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"steps" jsonb NOT NULL,
	"created_by" uuid,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plays_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "plays_workspace_name_key" UNIQUE("workspace_id","name")
);
--> statement-breakpoint
CREATE TABLE "target_list_approvals" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"team" "team" NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone,
	"cleared_reason" text,
	CONSTRAINT "target_list_approvals_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "target_list_changes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"list_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"items" jsonb NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note" text NOT NULL,
	"created_by" uuid,
	"approved_at" timestamp with time zone,
	"activated_at" timestamp with time zone,
	"activated_by" uuid,
	"retired_at" timestamp with time zone,
	"retired_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "target_list_changes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "target_list_changes_version_key" UNIQUE("workspace_id","list_id","version")
);
--> statement-breakpoint
CREATE TABLE "target_list_entries" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"list_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"tier" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"added_by_change" uuid NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by_change" uuid,
	CONSTRAINT "target_list_entries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "target_lists" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"pod_id" uuid,
	"created_by" uuid,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "target_lists_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "target_lists_workspace_name_key" UNIQUE("workspace_id","name")
);
--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "min_annual_revenue" numeric(16, 2);--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "max_annual_revenue" numeric(16, 2);--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "property_filters" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "committee_persona_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "abm_settings" ADD CONSTRAINT "abm_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "abm_settings" ADD CONSTRAINT "abm_settings_workspace_id_model_id_scoring_models_workspace_id_id_fk" FOREIGN KEY ("workspace_id","model_id") REFERENCES "public"."scoring_models"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_journeys" ADD CONSTRAINT "account_journeys_workspace_id_account_id_accounts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","account_id") REFERENCES "public"."accounts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "play_run_accounts" ADD CONSTRAINT "play_run_accounts_workspace_id_run_id_play_runs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","run_id") REFERENCES "public"."play_runs"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "play_run_accounts" ADD CONSTRAINT "play_run_accounts_workspace_id_account_id_accounts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","account_id") REFERENCES "public"."accounts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "play_runs" ADD CONSTRAINT "play_runs_workspace_id_play_id_plays_workspace_id_id_fk" FOREIGN KEY ("workspace_id","play_id") REFERENCES "public"."plays"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "play_tasks" ADD CONSTRAINT "play_tasks_workspace_id_run_id_play_runs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","run_id") REFERENCES "public"."play_runs"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "play_tasks" ADD CONSTRAINT "play_tasks_workspace_id_account_id_accounts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","account_id") REFERENCES "public"."accounts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "play_tasks" ADD CONSTRAINT "play_tasks_workspace_id_owner_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","owner_member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plays" ADD CONSTRAINT "plays_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_list_approvals" ADD CONSTRAINT "target_list_approvals_workspace_id_version_id_target_list_changes_workspace_id_id_fk" FOREIGN KEY ("workspace_id","version_id") REFERENCES "public"."target_list_changes"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_list_approvals" ADD CONSTRAINT "target_list_approvals_workspace_id_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_list_changes" ADD CONSTRAINT "target_list_changes_workspace_id_list_id_target_lists_workspace_id_id_fk" FOREIGN KEY ("workspace_id","list_id") REFERENCES "public"."target_lists"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_list_changes" ADD CONSTRAINT "target_list_changes_workspace_id_created_by_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","created_by") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_list_entries" ADD CONSTRAINT "target_list_entries_workspace_id_list_id_target_lists_workspace_id_id_fk" FOREIGN KEY ("workspace_id","list_id") REFERENCES "public"."target_lists"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_list_entries" ADD CONSTRAINT "target_list_entries_workspace_id_account_id_accounts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","account_id") REFERENCES "public"."accounts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_lists" ADD CONSTRAINT "target_lists_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_lists" ADD CONSTRAINT "target_lists_workspace_id_pod_id_pods_workspace_id_id_fk" FOREIGN KEY ("workspace_id","pod_id") REFERENCES "public"."pods"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_journeys_stage_idx" ON "account_journeys" USING btree ("workspace_id","stage");--> statement-breakpoint
CREATE INDEX "account_stage_changes_account_idx" ON "account_stage_changes" USING btree ("workspace_id","account_id","changed_at");--> statement-breakpoint
CREATE INDEX "play_run_accounts_account_idx" ON "play_run_accounts" USING btree ("workspace_id","account_id");--> statement-breakpoint
CREATE INDEX "play_runs_play_idx" ON "play_runs" USING btree ("workspace_id","play_id","start_date");--> statement-breakpoint
CREATE INDEX "play_tasks_account_idx" ON "play_tasks" USING btree ("workspace_id","account_id","due_date");--> statement-breakpoint
CREATE INDEX "play_tasks_owner_idx" ON "play_tasks" USING btree ("workspace_id","owner_member_id","status","due_date");--> statement-breakpoint
CREATE INDEX "play_tasks_open_idx" ON "play_tasks" USING btree ("workspace_id","owner_team","due_date") WHERE "play_tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "target_list_approvals_version_idx" ON "target_list_approvals" USING btree ("workspace_id","version_id");--> statement-breakpoint
CREATE INDEX "target_list_changes_status_idx" ON "target_list_changes" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "target_list_entries_open_key" ON "target_list_entries" USING btree ("workspace_id","list_id","account_id") WHERE "target_list_entries"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "target_list_entries_account_idx" ON "target_list_entries" USING btree ("workspace_id","account_id");