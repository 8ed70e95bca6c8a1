CREATE TABLE "account_scores" (
	"workspace_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"fit" double precision NOT NULL,
	"engagement" double precision NOT NULL,
	"combined" double precision NOT NULL,
	"engaged_contacts" integer NOT NULL,
	"scored_at" timestamp with time zone NOT NULL,
	CONSTRAINT "account_scores_workspace_id_model_id_account_id_pk" PRIMARY KEY("workspace_id","model_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "contact_scores" (
	"workspace_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"fit" double precision NOT NULL,
	"engagement" double precision NOT NULL,
	"combined" double precision NOT NULL,
	"grade" text NOT NULL,
	"mql" boolean NOT NULL,
	"scored_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contact_scores_workspace_id_model_id_contact_id_pk" PRIMARY KEY("workspace_id","model_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "score_events" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "score_events_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "scoring_approvals" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"team" "team" NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone,
	"cleared_reason" text,
	CONSTRAINT "scoring_approvals_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "scoring_model_versions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"definition" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"approved_at" timestamp with time zone,
	"activated_at" timestamp with time zone,
	"activated_by" uuid,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scoring_model_versions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "scoring_versions_model_version_key" UNIQUE("workspace_id","model_id","version")
);
--> statement-breakpoint
CREATE TABLE "scoring_models" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"pod_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scoring_models_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "scoring_models_workspace_name_key" UNIQUE("workspace_id","name")
);
--> statement-breakpoint
ALTER TABLE "account_scores" ADD CONSTRAINT "account_scores_workspace_id_model_id_scoring_models_workspace_id_id_fk" FOREIGN KEY ("workspace_id","model_id") REFERENCES "public"."scoring_models"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_scores" ADD CONSTRAINT "account_scores_workspace_id_account_id_accounts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","account_id") REFERENCES "public"."accounts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_scores" ADD CONSTRAINT "contact_scores_workspace_id_model_id_scoring_models_workspace_id_id_fk" FOREIGN KEY ("workspace_id","model_id") REFERENCES "public"."scoring_models"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_scores" ADD CONSTRAINT "contact_scores_workspace_id_contact_id_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_events" ADD CONSTRAINT "score_events_workspace_id_contact_id_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_approvals" ADD CONSTRAINT "scoring_approvals_workspace_id_version_id_scoring_model_versions_workspace_id_id_fk" FOREIGN KEY ("workspace_id","version_id") REFERENCES "public"."scoring_model_versions"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_approvals" ADD CONSTRAINT "scoring_approvals_workspace_id_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_model_versions" ADD CONSTRAINT "scoring_model_versions_workspace_id_model_id_scoring_models_workspace_id_id_fk" FOREIGN KEY ("workspace_id","model_id") REFERENCES "public"."scoring_models"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_model_versions" ADD CONSTRAINT "scoring_model_versions_workspace_id_created_by_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","created_by") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_model_versions" ADD CONSTRAINT "scoring_model_versions_workspace_id_activated_by_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","activated_by") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_models" ADD CONSTRAINT "scoring_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_models" ADD CONSTRAINT "scoring_models_workspace_id_pod_id_pods_workspace_id_id_fk" FOREIGN KEY ("workspace_id","pod_id") REFERENCES "public"."pods"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "score_events_contact_idx" ON "score_events" USING btree ("workspace_id","contact_id","occurred_at");--> statement-breakpoint
CREATE INDEX "score_events_pending_idx" ON "score_events" USING btree ("workspace_id","occurred_at") WHERE "score_events"."consumed_at" is null;--> statement-breakpoint
CREATE INDEX "scoring_approvals_version_idx" ON "scoring_approvals" USING btree ("workspace_id","version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_versions_one_active" ON "scoring_model_versions" USING btree ("workspace_id","model_id") WHERE "scoring_model_versions"."status" = 'active';--> statement-breakpoint
CREATE INDEX "scoring_versions_status_idx" ON "scoring_model_versions" USING btree ("workspace_id","status");--> statement-breakpoint
-- Scores are rewritten in place on every rescore; free space on each page lets PostgreSQL update them
-- without touching the primary key index (HOT updates), which halves the cost of a full rescore.
ALTER TABLE "contact_scores" SET (fillfactor = 50);--> statement-breakpoint
ALTER TABLE "account_scores" SET (fillfactor = 50);
