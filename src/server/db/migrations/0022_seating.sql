CREATE TABLE "seating_floors" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"areas" jsonb NOT NULL,
	"fixed_seats" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seating_floors_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "seating_plans" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"floor_id" uuid NOT NULL,
	"created_by_member_id" uuid,
	"inputs" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"member_count" integer NOT NULL,
	"seat_count" integer NOT NULL,
	"neighbour_pairs" integer NOT NULL,
	"cross_team_pairs" integer NOT NULL,
	"pod_cohesion" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seating_plans_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "seating_floors" ADD CONSTRAINT "seating_floors_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seating_plans" ADD CONSTRAINT "seating_plans_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seating_plans" ADD CONSTRAINT "seating_plans_workspace_id_floor_id_seating_floors_workspace_id_id_fk" FOREIGN KEY ("workspace_id","floor_id") REFERENCES "public"."seating_floors"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seating_plans" ADD CONSTRAINT "seating_plans_workspace_id_created_by_member_id_members_workspace_id_id_fk" FOREIGN KEY ("workspace_id","created_by_member_id") REFERENCES "public"."members"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "seating_floors_name_idx" ON "seating_floors" USING btree ("workspace_id","name","id");--> statement-breakpoint
CREATE INDEX "seating_plans_floor_idx" ON "seating_plans" USING btree ("workspace_id","floor_id","created_at","id");