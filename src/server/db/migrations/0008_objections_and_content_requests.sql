CREATE TABLE "content_requests" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"need" text DEFAULT '' NOT NULL,
	"persona_id" uuid,
	"stage" text,
	"due_date" date,
	"status" text DEFAULT 'new' NOT NULL,
	"requested_by" uuid NOT NULL,
	"assignee_member_id" uuid,
	"asset_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_requests_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "objections" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"text" text NOT NULL,
	"persona_id" uuid,
	"stage" text,
	"contact_id" uuid,
	"opportunity_id" uuid,
	"member_id" uuid NOT NULL,
	"heard_at" timestamp with time zone NOT NULL,
	CONSTRAINT "objections_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "content_requests" ADD CONSTRAINT "content_requests_workspace_id_persona_id_personas_workspace_id_id_fk" FOREIGN KEY ("workspace_id","persona_id") REFERENCES "public"."personas"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_requests" ADD CONSTRAINT "content_requests_workspace_id_requested_by_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","requested_by") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_requests" ADD CONSTRAINT "content_requests_workspace_id_assignee_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","assignee_member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_workspace_id_persona_id_personas_workspace_id_id_fk" FOREIGN KEY ("workspace_id","persona_id") REFERENCES "public"."personas"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_workspace_id_contact_id_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_workspace_id_opportunity_id_opportunities_workspace_id_id_fk" FOREIGN KEY ("workspace_id","opportunity_id") REFERENCES "public"."opportunities"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_workspace_id_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_requests_status_idx" ON "content_requests" USING btree ("workspace_id","status","created_at");--> statement-breakpoint
CREATE INDEX "objections_persona_idx" ON "objections" USING btree ("workspace_id","persona_id","heard_at");--> statement-breakpoint
CREATE INDEX "objections_heard_idx" ON "objections" USING btree ("workspace_id","heard_at");