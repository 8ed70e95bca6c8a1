// Outgoing email over SMTP (nodemailer). Configured by LOCKSTEP_SMTP_URL and LOCKSTEP_MAIL_FROM, or from
// code with configureMail (tests point it at a local SMTP sink). Without an SMTP URL no email is queued.
import nodemailer, { type Transporter } from "nodemailer";

export const DEFAULT_MAIL_FROM = "Lockstep <no-reply@localhost>";
/** Connecting, the greeting and each SMTP step give up after this long, as webhooks do. */
const SMTP_TIMEOUT_MS = 10_000;

export interface MailConfig {
  /** smtp://user:pass@host:587 (smtps:// for implicit TLS); null sends no email. */
  url: string | null;
  from: string;
  /** The web app's public address, to turn a notification's path into a link in the email. */
  publicUrl: string | null;
}

let override: Partial<MailConfig> = {};
let transport: { url: string; transporter: Transporter } | null = null;

const envText = (name: string) => {
  const value = process.env[name]?.trim();
  return value ? value : null;
};

export function mailConfig(): MailConfig {
  return {
    url: override.url !== undefined ? override.url : envText("LOCKSTEP_SMTP_URL"),
    from: override.from ?? envText("LOCKSTEP_MAIL_FROM") ?? DEFAULT_MAIL_FROM,
    publicUrl: override.publicUrl !== undefined ? override.publicUrl : envText("LOCKSTEP_URL"),
  };
}

/** Overrides the environment (fields left out keep it); configureMail({}) goes back to the environment. */
export function configureMail(config: Partial<MailConfig>) {
  override = { ...config };
  transport?.transporter.close();
  transport = null;
}

export function mailEnabled(): boolean {
  return mailConfig().url !== null;
}

/** A path such as /contacts/1 as an absolute link, when the public address is known. */
export function absoluteLink(link: string | null | undefined): string | null {
  if (!link) return null;
  if (/^https?:\/\//i.test(link)) return link;
  const base = mailConfig().publicUrl;
  return base ? `${base.replace(/\/+$/, "")}${link.startsWith("/") ? "" : "/"}${link}` : null;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface SendResult {
  /** The SMTP reply code (250) or HTTP status. */
  status: number | null;
}

/** Sends one message; throws with the server's answer when it is refused. */
export async function sendMail(message: MailMessage): Promise<SendResult> {
  const config = mailConfig();
  if (!config.url) throw new Error("Email is not configured (LOCKSTEP_SMTP_URL is not set)");
  if (transport?.url !== config.url) {
    transport?.transporter.close();
    transport = {
      url: config.url,
      transporter: nodemailer.createTransport({
        url: config.url,
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: SMTP_TIMEOUT_MS,
      }),
    };
  }
  const info = await transport.transporter.sendMail({
    from: config.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
  });
  const code = Number.parseInt(String(info.response ?? ""), 10);
  return { status: Number.isFinite(code) ? code : null };
}
