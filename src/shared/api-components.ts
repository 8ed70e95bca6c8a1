// The API's named shapes: each schema here becomes a component of /api/openapi.json that routes refer to
// (and a named type in the web's generated client), instead of being spelled out again in every route.
// Registered once, by the server, before the routes (app.ts).
import { z } from "zod";
import { accountSchema } from "./accounts.js";
import { auditEventSchema } from "./audit.js";
import { campaignSchema } from "./campaigns.js";
import { errorSchema } from "./common.js";
import { contactSchema, stageChangeSchema, touchSchema } from "./contacts.js";
import { contentRequestSchema, leadDecisionSchema, objectionSchema } from "./feedback.js";
import { importReportSchema } from "./imports.js";
import { deliverySchema, notificationSchema, webhookSchema } from "./notifications.js";
import { opportunitySchema } from "./opportunities.js";
import {
  explanationSchema,
  scoringDefinitionSchema,
  scoringModelSchema,
  scoringVersionSchema,
} from "./scoring.js";
import { leadAssignmentSchema, slaClockSchema, slaTermsSchema, slaVersionSchema } from "./sla.js";
import { personaSchema, podSchema, segmentSchema } from "./team.js";
import { apiKeySchema, eventMappingSchema } from "./tracking.js";
import { invitationSchema, memberSchema, workspaceSchema } from "./workspaces.js";

const COMPONENTS: [z.ZodType, string][] = [
  [errorSchema, "Error"],
  [accountSchema, "Account"],
  [auditEventSchema, "AuditEvent"],
  [campaignSchema, "Campaign"],
  [contactSchema, "Contact"],
  [stageChangeSchema, "StageChange"],
  [touchSchema, "Touch"],
  [leadDecisionSchema, "LeadDecision"],
  [objectionSchema, "Objection"],
  [contentRequestSchema, "ContentRequest"],
  [importReportSchema, "ImportReport"],
  [notificationSchema, "Notification"],
  [webhookSchema, "Webhook"],
  [deliverySchema, "WebhookDelivery"],
  [opportunitySchema, "Opportunity"],
  [scoringDefinitionSchema, "ScoringDefinition"],
  [scoringVersionSchema, "ScoringVersion"],
  [scoringModelSchema, "ScoringModel"],
  [explanationSchema, "ScoreExplanation"],
  [slaTermsSchema, "SlaTerms"],
  [slaVersionSchema, "SlaVersion"],
  [slaClockSchema, "SlaClock"],
  [leadAssignmentSchema, "LeadAssignment"],
  [personaSchema, "Persona"],
  [segmentSchema, "Segment"],
  [podSchema, "Pod"],
  [apiKeySchema, "ApiKey"],
  [eventMappingSchema, "EventMapping"],
  [workspaceSchema, "Workspace"],
  [memberSchema, "Member"],
  [invitationSchema, "Invitation"],
];

let registered = false;

/** Names the API's shared schemas in zod's global registry, which the OpenAPI document reads. */
export function registerApiComponents() {
  if (registered) return;
  registered = true;
  for (const [schema, id] of COMPONENTS)
    if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, { id });
}
