// The outbox: emails and webhook calls queued by notify() (inside the caller's transaction) and sent here,
// after commit, by the delivery worker. Each row is the delivery log too: attempts, status, the receiver's
// answer and the last error. Failures retry with backoff; a delivery may arrive more than once (a worker
// that dies mid-send leaves its claim to expire), so receivers de-duplicate on X-Lockstep-Delivery.
import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { and, eq, inArray, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../db/client.js";
import { notificationDeliveries, webhooks } from "../../db/schema/index.js";
import { type MailMessage, sendMail } from "./mail.js";
import { guardedLookup, PrivateAddressError, refusePrivateLiteral } from "./webhook-address.js";

/** Waits after the 1st, 2nd... failed attempt; the attempt after the last wait is the final one. */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000, 6 * 60 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** A claimed delivery is someone's for this long; if its worker dies, another one sends it after. */
const CLAIM_MS = 5 * 60_000;
const SEND_TIMEOUT_MS = 10_000;
const BATCH = 25;
const POLL_MS = 1_000;
const MAX_ERROR_LENGTH = 500;

export interface WebhookCall {
  id: string;
  webhook_id: string;
  kind: string;
  target: string;
  payload: Record<string, unknown>;
}

/** Queues webhook calls, due at `at`, in one multi-row insert. */
export async function queueWebhookCalls(db: Db, workspaceId: string, calls: WebhookCall[], at: Date) {
  if (calls.length === 0) return;
  const due = at.toISOString();
  await db.execute(
    sql`insert into notification_deliveries
          (workspace_id, id, channel, kind, webhook_id, target, payload, status, attempts, next_attempt_at,
           created_at)
        select ${workspaceId}::uuid, r.id, 'webhook', r.kind, r.webhook_id, r.target, r.payload, 'pending', 0,
          ${due}::timestamptz, ${due}::timestamptz
        from json_to_recordset(${JSON.stringify(calls)}::json)
          as r(id uuid, webhook_id uuid, kind text, target text, payload jsonb)
        on conflict do nothing`,
  );
}

interface Claimed {
  workspace_id: string;
  id: string;
  channel: "email" | "webhook";
  kind: string;
  webhook_id: string | null;
  target: string;
  payload: Record<string, unknown>;
  attempts: number;
}

interface Outcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>` */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${v1}`;
}

const clip = (text: string) =>
  text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;

function describeError(error: unknown): string {
  if (error instanceof PrivateAddressError) return error.message;
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return `No answer within ${SEND_TIMEOUT_MS / 1000} s`;
    const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    if (code) return `Could not connect (${code})`;
    return error.message || error.name;
  }
  return String(error);
}

/** What is kept of a receiver's answer: enough for the delivery log, never a whole page. */
const MAX_ANSWER_BYTES = 4096;

/**
 * One POST with node:http(s), whose `lookup` refuses private addresses (unless allowed) on the address
 * the connection really uses. Redirects are not followed: that is an answer to fix at the receiver, not
 * one to follow with a signed body.
 */
function post(target: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; statusText: string; text: string }>((resolve, reject) => {
    const url = new URL(target);
    refusePrivateLiteral(url);
    const send = url.protocol === "https:" ? https.request : http.request;
    const request = send(
      url,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup as never,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? "",
            text: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    const deadline = setTimeout(() => {
      const timeout = new Error("timeout");
      timeout.name = "TimeoutError";
      request.destroy(timeout);
    }, SEND_TIMEOUT_MS);
    request.on("close", () => clearTimeout(deadline));
    request.on("error", reject);
    request.end(body);
  });
}

async function callWebhook(delivery: Claimed, secret: string): Promise<Outcome & { final?: boolean }> {
  const body = JSON.stringify(delivery.payload);
  try {
    const response = await post(
      delivery.target,
      {
        "Content-Type": "application/json",
        "User-Agent": "Lockstep-Webhooks/1",
        "X-Lockstep-Event": delivery.kind,
        "X-Lockstep-Delivery": delivery.id,
        "X-Lockstep-Signature": signatureHeader(secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
    );
    if (response.status >= 200 && response.status < 300)
      return { ok: true, status: response.status, error: null };
    const detail = response.text.trim().replace(/\s+/g, " ").slice(0, 200);
    return {
      ok: false,
      status: response.status,
      error: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${detail ? `: ${detail}` : ""}`,
    };
  } catch (error) {
    // A private address is not a passing failure: retrying would only try to reach it again.
    return {
      ok: false,
      status: null,
      error: describeError(error),
      final: error instanceof PrivateAddressError,
    };
  }
}

async function sendEmail(delivery: Claimed): Promise<Outcome> {
  try {
    const result = await sendMail(delivery.payload as unknown as MailMessage);
    return { ok: true, status: result.status, error: null };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    return { ok: false, status: typeof code === "number" ? code : null, error: describeError(error) };
  }
}

/**
 * Sends up to `limit` due deliveries and records what happened; returns how many were taken. `now` decides
 * what is due and when retries come (tests drive it); the claim is one statement, so concurrent workers
 * never take the same row.
 */
export async function drainDeliveries(db: Db, now: Date = new Date(), limit = BATCH): Promise<number> {
  const claimedUntil = new Date(now.getTime() + CLAIM_MS).toISOString();
  const claimed = await queryRows<Claimed>(
    db,
    sql`update notification_deliveries d set next_attempt_at = ${claimedUntil}::timestamptz
        from (
          select workspace_id, id from notification_deliveries
          where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
          order by next_attempt_at
          limit ${limit}
          for update skip locked
        ) due
        where d.workspace_id = due.workspace_id and d.id = due.id
        returning d.workspace_id, d.id, d.channel, d.kind, d.webhook_id, d.target, d.payload, d.attempts`,
  );
  if (claimed.length === 0) return 0;

  const hookIds = [...new Set(claimed.map((d) => d.webhook_id).filter((id): id is string => id !== null))];
  const hooks = hookIds.length
    ? await db
        .select({
          workspaceId: webhooks.workspaceId,
          id: webhooks.id,
          secret: webhooks.secret,
          active: webhooks.active,
        })
        .from(webhooks)
        .where(
          and(
            inArray(webhooks.workspaceId, [...new Set(claimed.map((d) => d.workspace_id))]),
            inArray(webhooks.id, hookIds),
          ),
        )
    : [];
  const hookOf = new Map(hooks.map((h) => [`${h.workspaceId}/${h.id}`, h]));

  const outcomes = await Promise.all(
    claimed.map(async (delivery): Promise<Outcome & { final?: boolean }> => {
      if (delivery.channel === "email") return sendEmail(delivery);
      const hook = hookOf.get(`${delivery.workspace_id}/${delivery.webhook_id}`);
      if (!hook) return { ok: false, status: null, error: "The webhook was deleted", final: true };
      // A test delivery goes out even while the webhook is off: that is how admins check it before enabling.
      if (!hook.active && delivery.kind !== "webhook.test")
        return { ok: false, status: null, error: "The webhook was turned off before sending", final: true };
      return callWebhook(delivery, hook.secret);
    }),
  );

  const results = claimed.map((delivery, i) => {
    const outcome = outcomes[i];
    const attempts = delivery.attempts + 1;
    const failed = !outcome.ok && (outcome.final || attempts >= MAX_ATTEMPTS);
    const retryAt = new Date(now.getTime() + (RETRY_DELAYS_MS[attempts - 1] ?? 0));
    return {
      workspace_id: delivery.workspace_id,
      id: delivery.id,
      status: outcome.ok ? "sent" : failed ? "failed" : "pending",
      attempts,
      next_attempt_at: (outcome.ok || failed ? now : retryAt).toISOString(),
      response_status: outcome.status,
      last_error: outcome.error ? clip(outcome.error) : null,
      delivered_at: outcome.ok ? now.toISOString() : null,
    };
  });
  // A success keeps the previous attempt's error: the log then shows why it took more than one try.
  await db.execute(
    sql`update notification_deliveries d
        set status = r.status, attempts = r.attempts, next_attempt_at = r.next_attempt_at,
          response_status = r.response_status, last_error = coalesce(r.last_error, d.last_error),
          delivered_at = r.delivered_at
        from json_to_recordset(${JSON.stringify(results)}::json) as r(
          workspace_id uuid, id uuid, status text, attempts int, next_attempt_at timestamptz,
          response_status int, last_error text, delivered_at timestamptz)
        where d.workspace_id = r.workspace_id and d.id = r.id`,
  );
  return claimed.length;
}

/** Sends due deliveries: checks every second, and keeps going while full batches come back. */
export function startDeliveryWorker(db: Db, onError: (error: unknown) => void) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = async () => {
    try {
      while (!stopped && (await drainDeliveries(db)) === BATCH) {
        // A full batch: more is due.
      }
    } catch (error) {
      onError(error);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      running = run().finally(() => {
        running = null;
        schedule();
      });
    }, POLL_MS);
  };
  schedule();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}

/** Drops a webhook's log along with it (used when the webhook is deleted). */
export async function deleteWebhookDeliveries(db: Db, workspaceId: string, webhookId: string) {
  await db
    .delete(notificationDeliveries)
    .where(
      and(
        eq(notificationDeliveries.workspaceId, workspaceId),
        eq(notificationDeliveries.webhookId, webhookId),
      ),
    );
}
