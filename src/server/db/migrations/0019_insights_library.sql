CREATE TABLE "asset_shares" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"touch_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"shared_at" timestamp with time zone NOT NULL,
	CONSTRAINT "asset_shares_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "insight_asset_files" (
	"workspace_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"content" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insight_asset_files_workspace_id_asset_id_pk" PRIMARY KEY("workspace_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "insight_assets" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"persona_id" uuid,
	"funnel_stage" text,
	"industry" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"owner_member_id" uuid NOT NULL,
	"url" text,
	"source" text,
	"source_date" date,
	"file_name" text,
	"file_type" text,
	"file_size" integer,
	"search_text" text DEFAULT '' NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insight_assets_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "content_requests" ADD COLUMN "asset_id" uuid;--> statement-breakpoint
ALTER TABLE "asset_shares" ADD CONSTRAINT "asset_shares_workspace_id_asset_id_insight_assets_workspace_id_id_fk" FOREIGN KEY ("workspace_id","asset_id") REFERENCES "public"."insight_assets"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_shares" ADD CONSTRAINT "asset_shares_workspace_id_touch_id_touches_workspace_id_id_fk" FOREIGN KEY ("workspace_id","touch_id") REFERENCES "public"."touches"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_shares" ADD CONSTRAINT "asset_shares_workspace_id_contact_id_contacts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_shares" ADD CONSTRAINT "asset_shares_workspace_id_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_asset_files" ADD CONSTRAINT "insight_asset_files_workspace_id_asset_id_insight_assets_workspace_id_id_fk" FOREIGN KEY ("workspace_id","asset_id") REFERENCES "public"."insight_assets"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_asset_files" ADD CONSTRAINT "insight_asset_files_workspace_id_uploaded_by_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","uploaded_by") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_assets" ADD CONSTRAINT "insight_assets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_assets" ADD CONSTRAINT "insight_assets_workspace_id_persona_id_personas_workspace_id_id_fk" FOREIGN KEY ("workspace_id","persona_id") REFERENCES "public"."personas"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_assets" ADD CONSTRAINT "insight_assets_workspace_id_owner_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","owner_member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "asset_shares_asset_idx" ON "asset_shares" USING btree ("workspace_id","asset_id","shared_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "asset_shares_touch_key" ON "asset_shares" USING btree ("workspace_id","touch_id");--> statement-breakpoint
CREATE INDEX "insight_assets_created_idx" ON "insight_assets" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "insight_assets_grid_idx" ON "insight_assets" USING btree ("workspace_id","persona_id","funnel_stage");--> statement-breakpoint
CREATE INDEX "insight_assets_search_idx" ON "insight_assets" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
ALTER TABLE "content_requests" ADD CONSTRAINT "content_requests_workspace_id_asset_id_insight_assets_workspace_id_id_fk" FOREIGN KEY ("workspace_id","asset_id") REFERENCES "public"."insight_assets"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_requests_asset_idx" ON "content_requests" USING btree ("workspace_id","asset_id");