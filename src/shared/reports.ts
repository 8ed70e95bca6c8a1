// Closed-loop reports (funnel, velocity, stalls, attribution): the filters every report shares, so a view
// filtered one way counts the same contacts on every page, and the URL of a view can be shared.
import { z } from "zod";
import { idSchema, isoDate } from "./common.js";
import { CHANNELS } from "./domain.js";

/** How far back a report looks when no `from` is given: six months before `to`. */
export const DEFAULT_REPORT_MONTHS = 6;
/** The longest period a report covers (in days), so that one request cannot ask for decades. */
export const MAX_REPORT_DAYS = 3 * 366;

/**
 * The shared report filters, as query string keys. Dates are the workspace's days (local midnight); `to`
 * is exclusive. Without them a report covers the last six months: from the first day of the month five
 * months back to tomorrow, in the workspace's time zone. Every other filter narrows the contacts counted.
 */
export const reportFiltersSchema = z
  .object({
    from: isoDate.optional().describe("First day of the period (default: 6 months back, 1st of the month)"),
    to: isoDate.optional().describe("Day after the period, exclusive (default: tomorrow, workspace time)"),
    podId: idSchema
      .optional()
      .describe(
        "Contacts of this pod: the account's pod, else a territory the pod covers, else the persona's, else the segment's",
      ),
    personaId: idSchema.optional().describe("Contacts of this persona"),
    segmentId: idSchema.optional().describe("Contacts whose account is in this segment"),
    channel: z
      .enum(CHANNELS, { message: `channel must be one of ${CHANNELS.join(", ")}` })
      .optional()
      .describe("Contacts whose source campaign runs on this channel"),
    campaignId: idSchema.optional().describe("Contacts whose source campaign is this one"),
    source: z.string().trim().min(1).max(200).optional().describe("Contacts with this lead source"),
    propertyKey: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe("A contact custom property's API name (with propertyValue)"),
    propertyValue: z
      .string()
      .max(200)
      .optional()
      .describe("The value the custom property propertyKey must hold"),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from >= q.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from" });
    if (q.from && q.to && (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 > MAX_REPORT_DAYS)
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `a report covers at most ${MAX_REPORT_DAYS} days`,
      });
    if (q.propertyKey && q.propertyValue === undefined)
      ctx.addIssue({ code: "custom", path: ["propertyValue"], message: "is required with propertyKey" });
    if (q.propertyValue !== undefined && !q.propertyKey)
      ctx.addIssue({ code: "custom", path: ["propertyKey"], message: "is required with propertyValue" });
  });
export type ReportFilters = z.output<typeof reportFiltersSchema>;

/** The filter keys, in the order the filter bar shows them and the URL keeps them. */
export const REPORT_FILTER_KEYS = [
  "from",
  "to",
  "podId",
  "personaId",
  "segmentId",
  "channel",
  "campaignId",
  "source",
  "propertyKey",
  "propertyValue",
] as const satisfies readonly (keyof ReportFilters)[];

/** The period a report answered for, resolved from the filters (the defaults filled in). */
export const reportPeriodSchema = z.object({
  from: z.string().describe("First day, workspace time"),
  to: z.string().describe("Day after the last, exclusive"),
  timeZone: z.string(),
});
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;
