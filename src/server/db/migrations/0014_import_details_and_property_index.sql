ALTER TABLE "imports" ADD COLUMN "details" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "property_definitions" ADD COLUMN "indexed" boolean DEFAULT false NOT NULL;