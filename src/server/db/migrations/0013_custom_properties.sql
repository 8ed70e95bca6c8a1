CREATE TABLE "property_definitions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"object_type" text NOT NULL,
	"api_name" text NOT NULL,
	"label" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"type" text NOT NULL,
	"options" text[] DEFAULT '{}'::text[] NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "property_definitions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "properties" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "property_definitions" ADD CONSTRAINT "property_definitions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "property_definitions_api_name_key" ON "property_definitions" USING btree ("workspace_id","object_type","api_name") WHERE "property_definitions"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "property_definitions_label_idx" ON "property_definitions" USING btree ("workspace_id","object_type","label","id");--> statement-breakpoint
CREATE INDEX "accounts_properties_idx" ON "accounts" USING gin ("properties" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "contacts_properties_idx" ON "contacts" USING gin ("properties" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "opportunities_properties_idx" ON "opportunities" USING gin ("properties" jsonb_path_ops);