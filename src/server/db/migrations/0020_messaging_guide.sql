CREATE TABLE "messaging_guides" (
	"workspace_id" uuid NOT NULL,
	"persona_id" uuid NOT NULL,
	"value_proposition" text DEFAULT '' NOT NULL,
	"pains" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messaging_guides_workspace_id_persona_id_pk" PRIMARY KEY("workspace_id","persona_id")
);
--> statement-breakpoint
CREATE TABLE "messaging_proof_points" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"persona_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"claim" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "messaging_proof_points_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "objection_responses" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"persona_id" uuid NOT NULL,
	"objection_key" text NOT NULL,
	"objection" text NOT NULL,
	"response" text NOT NULL,
	"asset_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"written_by" uuid NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "objection_responses_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "messaging_guides" ADD CONSTRAINT "messaging_guides_workspace_id_persona_id_personas_workspace_id_id_fk" FOREIGN KEY ("workspace_id","persona_id") REFERENCES "public"."personas"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_guides" ADD CONSTRAINT "messaging_guides_workspace_id_updated_by_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","updated_by") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_proof_points" ADD CONSTRAINT "messaging_proof_points_workspace_id_persona_id_personas_workspace_id_id_fk" FOREIGN KEY ("workspace_id","persona_id") REFERENCES "public"."personas"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_proof_points" ADD CONSTRAINT "messaging_proof_points_workspace_id_asset_id_insight_assets_workspace_id_id_fk" FOREIGN KEY ("workspace_id","asset_id") REFERENCES "public"."insight_assets"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_responses" ADD CONSTRAINT "objection_responses_workspace_id_persona_id_personas_workspace_id_id_fk" FOREIGN KEY ("workspace_id","persona_id") REFERENCES "public"."personas"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_responses" ADD CONSTRAINT "objection_responses_workspace_id_asset_id_insight_assets_workspace_id_id_fk" FOREIGN KEY ("workspace_id","asset_id") REFERENCES "public"."insight_assets"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_responses" ADD CONSTRAINT "objection_responses_workspace_id_written_by_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","written_by") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection_responses" ADD CONSTRAINT "objection_responses_workspace_id_approved_by_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","approved_by") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messaging_proof_points_persona_idx" ON "messaging_proof_points" USING btree ("workspace_id","persona_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "objection_responses_key" ON "objection_responses" USING btree ("workspace_id","persona_id","objection_key");