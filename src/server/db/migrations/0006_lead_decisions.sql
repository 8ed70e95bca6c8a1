CREATE TABLE "lead_decisions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"comment" text DEFAULT '' NOT NULL,
	"outcome" text NOT NULL,
	"member_id" uuid NOT NULL,
	"campaign_id" uuid,
	"source" text,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lead_decisions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "lead_decisions" ADD CONSTRAINT "lead_decisions_workspace_id_contact_id_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_decisions" ADD CONSTRAINT "lead_decisions_workspace_id_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_decisions" ADD CONSTRAINT "lead_decisions_workspace_id_campaign_id_campaigns_workspace_id_id_fk" FOREIGN KEY ("workspace_id","campaign_id") REFERENCES "public"."campaigns"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lead_decisions_contact_idx" ON "lead_decisions" USING btree ("workspace_id","contact_id","decided_at");--> statement-breakpoint
CREATE INDEX "lead_decisions_campaign_idx" ON "lead_decisions" USING btree ("workspace_id","campaign_id","decided_at");--> statement-breakpoint
CREATE INDEX "lead_decisions_decided_idx" ON "lead_decisions" USING btree ("workspace_id","decided_at");