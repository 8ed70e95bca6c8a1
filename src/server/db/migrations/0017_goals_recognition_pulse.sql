CREATE TABLE "goals" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"owner_kind" text NOT NULL,
	"team" "team",
	"pod_id" uuid,
	"member_id" uuid,
	"metric" text NOT NULL,
	"target" numeric(14, 4) NOT NULL,
	"period" text NOT NULL,
	"period_kind" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"shared_win_id" uuid,
	"created_by" uuid,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goals_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "revenue_targets" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"period" text NOT NULL,
	"period_kind" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"set_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "revenue_targets_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "shared_wins" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"period" text NOT NULL,
	"period_kind" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"celebrated_at" timestamp with time zone,
	"created_by" uuid,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shared_wins_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "pulse_answers" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"round" text NOT NULL,
	"shared_goals" smallint NOT NULL,
	"trust" smallint NOT NULL,
	"get_what_i_need" smallint NOT NULL,
	"same_language" smallint NOT NULL,
	"credit_shared" smallint NOT NULL,
	CONSTRAINT "pulse_answers_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "pulse_answers_scores_check" CHECK ("pulse_answers"."shared_goals" between 1 and 5 and "pulse_answers"."trust" between 1 and 5 and "pulse_answers"."get_what_i_need" between 1 and 5
        and "pulse_answers"."same_language" between 1 and 5 and "pulse_answers"."credit_shared" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "pulse_responses" (
	"workspace_id" uuid NOT NULL,
	"round" text NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "pulse_responses_workspace_id_round_member_id_pk" PRIMARY KEY("workspace_id","round","member_id")
);
--> statement-breakpoint
CREATE TABLE "wall_digests" (
	"workspace_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"posts" smallint NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "wall_digests_workspace_id_week_start_pk" PRIMARY KEY("workspace_id","week_start")
);
--> statement-breakpoint
CREATE TABLE "wall_posts" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_member_id" uuid,
	"to_member_id" uuid,
	"to_pod_id" uuid,
	"message" text NOT NULL,
	"opportunity_id" uuid,
	"campaign_id" uuid,
	"shared_win_id" uuid,
	"cross_team" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "wall_posts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_workspace_id_pod_id_pods_workspace_id_id_fk" FOREIGN KEY ("workspace_id","pod_id") REFERENCES "public"."pods"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_workspace_id_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_workspace_id_shared_win_id_shared_wins_workspace_id_id_fk" FOREIGN KEY ("workspace_id","shared_win_id") REFERENCES "public"."shared_wins"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_targets" ADD CONSTRAINT "revenue_targets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_wins" ADD CONSTRAINT "shared_wins_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pulse_answers" ADD CONSTRAINT "pulse_answers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pulse_responses" ADD CONSTRAINT "pulse_responses_workspace_id_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_digests" ADD CONSTRAINT "wall_digests_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_posts" ADD CONSTRAINT "wall_posts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_posts" ADD CONSTRAINT "wall_posts_workspace_id_from_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","from_member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_posts" ADD CONSTRAINT "wall_posts_workspace_id_to_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","to_member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_posts" ADD CONSTRAINT "wall_posts_workspace_id_to_pod_id_pods_workspace_id_id_fk" FOREIGN KEY ("workspace_id","to_pod_id") REFERENCES "public"."pods"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_posts" ADD CONSTRAINT "wall_posts_workspace_id_opportunity_id_opportunities_workspace_id_id_fk" FOREIGN KEY ("workspace_id","opportunity_id") REFERENCES "public"."opportunities"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_posts" ADD CONSTRAINT "wall_posts_workspace_id_campaign_id_campaigns_workspace_id_id_fk" FOREIGN KEY ("workspace_id","campaign_id") REFERENCES "public"."campaigns"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wall_posts" ADD CONSTRAINT "wall_posts_workspace_id_shared_win_id_shared_wins_workspace_id_id_fk" FOREIGN KEY ("workspace_id","shared_win_id") REFERENCES "public"."shared_wins"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "goals_period_idx" ON "goals" USING btree ("workspace_id","starts_on","ends_on");--> statement-breakpoint
CREATE INDEX "goals_shared_win_idx" ON "goals" USING btree ("workspace_id","shared_win_id");--> statement-breakpoint
CREATE INDEX "goals_member_idx" ON "goals" USING btree ("workspace_id","member_id");--> statement-breakpoint
CREATE INDEX "goals_pod_idx" ON "goals" USING btree ("workspace_id","pod_id");--> statement-breakpoint
CREATE UNIQUE INDEX "revenue_targets_period_key" ON "revenue_targets" USING btree ("workspace_id","period");--> statement-breakpoint
CREATE INDEX "revenue_targets_starts_idx" ON "revenue_targets" USING btree ("workspace_id","starts_on");--> statement-breakpoint
CREATE INDEX "shared_wins_period_idx" ON "shared_wins" USING btree ("workspace_id","starts_on","ends_on");--> statement-breakpoint
CREATE INDEX "shared_wins_waiting_idx" ON "shared_wins" USING btree ("workspace_id","ends_on") WHERE "shared_wins"."celebrated_at" is null and "shared_wins"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "pulse_answers_round_idx" ON "pulse_answers" USING btree ("workspace_id","round");--> statement-breakpoint
CREATE INDEX "wall_posts_created_idx" ON "wall_posts" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "wall_posts_to_member_idx" ON "wall_posts" USING btree ("workspace_id","to_member_id","created_at");