// What a webhook receives: Lockstep's JSON event document, or a Slack incoming-webhook message.
import { NOTIFICATION_KIND_LABELS, type WebhookFormat } from "../../../shared/notifications.js";
import { absoluteLink } from "./mail.js";

export interface EventDocument {
  /** The event's id: the same for every webhook that receives it. */
  id: string;
  kind: string;
  occurredAt: string;
  workspaceId: string;
  title: string;
  body: string;
  contactId: string | null;
  /** Path in the web app (/contacts/<id>). */
  link: string | null;
  /** The same link as an absolute URL, when Lockstep knows its public address. */
  url: string | null;
  data: Record<string, unknown>;
}

export function eventDocument(input: Omit<EventDocument, "url">): EventDocument {
  return { ...input, url: absoluteLink(input.link) };
}

/** Slack treats &, < and > as control characters in mrkdwn. */
const slackEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function slackMessage(event: EventDocument) {
  const lines = [`*${slackEscape(event.title)}*`];
  const rest = [slackEscape(event.body), event.url ? `<${event.url}|Open in Lockstep>` : ""]
    .filter(Boolean)
    .join(" ");
  if (rest) lines.push(rest);
  const text = lines.join("\n");
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text } },
      {
        type: "context",
        elements: [
          { type: "mrkdwn", text: `Lockstep · ${NOTIFICATION_KIND_LABELS[event.kind] ?? event.kind}` },
        ],
      },
    ],
  };
}

export function webhookPayload(format: WebhookFormat, event: EventDocument): Record<string, unknown> {
  return format === "slack" ? slackMessage(event) : { ...event };
}

/** The email for one recipient: the body, then the link when there is an absolute one. */
export function emailText(body: string, link: string | null | undefined): string {
  const url = absoluteLink(link);
  return url ? `${body}${body ? "\n\n" : ""}Open in Lockstep: ${url}` : body;
}
