// Files the API answers (CSV exports, agendas, invites): fetched with the session cookie and the chosen
// workspace's header (a plain link cannot carry the header, and people in several workspaces need the right
// one), then handed to the browser under the name the server gives.
import { getWorkspaceId } from "./api";

/** Saves the file at `href`; `fallbackName` when the answer names none. A refusal throws the API's message. */
export async function downloadFile(
  href: string,
  { fallbackName = "download", accept }: { fallbackName?: string; accept?: string } = {},
): Promise<void> {
  const headers: Record<string, string> = accept ? { Accept: accept } : {};
  const workspaceId = getWorkspaceId();
  if (workspaceId) headers["X-Workspace-Id"] = workspaceId;
  const response = await fetch(href, { credentials: "same-origin", headers });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The download failed (${response.status}).`);
  }
  saveBlob(await response.blob(), fileNameOf(response, fallbackName));
}

/** The file name an answer gives in its Content-Disposition, else `fallbackName`. */
export function fileNameOf(response: Response, fallbackName: string): string {
  return /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
}

/** Hands a file already fetched to the browser under `name`. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
