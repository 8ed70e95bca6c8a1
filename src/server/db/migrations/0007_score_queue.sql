CREATE TABLE "score_queue" (
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "score_queue_workspace_id_contact_id_pk" PRIMARY KEY("workspace_id","contact_id")
);
--> statement-breakpoint
CREATE INDEX "score_queue_queued_idx" ON "score_queue" USING btree ("queued_at");