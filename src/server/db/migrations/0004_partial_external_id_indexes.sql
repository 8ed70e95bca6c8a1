ALTER TABLE "accounts" DROP CONSTRAINT "accounts_workspace_external_key";--> statement-breakpoint
ALTER TABLE "campaigns" DROP CONSTRAINT "campaigns_workspace_external_key";--> statement-breakpoint
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_workspace_external_key";--> statement-breakpoint
ALTER TABLE "opportunities" DROP CONSTRAINT "opportunities_workspace_external_key";--> statement-breakpoint
ALTER TABLE "touches" DROP CONSTRAINT "touches_workspace_external_key";--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_workspace_external_key" ON "accounts" USING btree ("workspace_id","external_id") WHERE "accounts"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_workspace_external_key" ON "campaigns" USING btree ("workspace_id","external_id") WHERE "campaigns"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_workspace_external_key" ON "contacts" USING btree ("workspace_id","external_id") WHERE "contacts"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "opportunities_workspace_external_key" ON "opportunities" USING btree ("workspace_id","external_id") WHERE "opportunities"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "touches_workspace_external_key" ON "touches" USING btree ("workspace_id","external_id") WHERE "touches"."external_id" is not null;