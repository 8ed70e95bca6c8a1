// Sends a CSV file to the import API as the raw text/csv body, reporting upload progress. The server
// reads the file as it arrives, so upload progress is also how far the import has got.
// This is the one API call outside the typed client (lib/api.ts): its body is a file, not JSON, and only
// XMLHttpRequest reports upload progress (fetch, under openapi-fetch, does not). The answer is the shared
// ImportReport, and a refusal becomes the same ApiError the client throws.
import type { ImportEntity, ImportReport, NewPropertySpec, OutcomeEffect } from "../../../shared/imports";
import { ApiError, getWorkspaceId, toQueryString } from "../../lib/api";

export interface UploadOptions {
  entity: ImportEntity;
  file: File;
  dryRun: boolean;
  /** Only the columns whose field differs from the automatic mapping (keeps the address short). */
  mapping?: Record<string, string | null>;
  /** Columns that create a custom property (type left out in a dry run: the server guesses it from the file). */
  newProperties?: Record<string, NewPropertySpec>;
  /** Contacts: what finds a stored contact first (unset: email, else record ID). */
  matchBy?: string;
  /** Contacts: what an outcome column does. */
  outcomeSets?: OutcomeEffect;
  /** 0..1 of the file sent (and read by the server). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export class UploadCancelled extends Error {
  constructor() {
    super("Upload cancelled");
    this.name = "UploadCancelled";
  }
}

function toApiError(status: number, text: string): ApiError {
  let body: Record<string, unknown> = {};
  try {
    body = (JSON.parse(text) ?? {}) as Record<string, unknown>;
  } catch {
    // not JSON: fall back to the status below
  }
  const inner = (typeof body.error === "object" && body.error !== null ? body.error : body) as Record<
    string,
    unknown
  >;
  const code = typeof inner.code === "string" ? inner.code : `HTTP_${status}`;
  const message =
    typeof inner.message === "string" && inner.message
      ? inner.message
      : status === 403
        ? "Only team leads and admins can import records."
        : status === 413
          ? "The file is larger than the server accepts."
          : status >= 500
            ? "The server had a problem. Please try again."
            : `The import failed (${status}).`;
  return new ApiError(status, code, message, inner.details);
}

export function uploadImport(options: UploadOptions): Promise<ImportReport> {
  const { entity, file, dryRun, mapping, newProperties, onProgress, signal } = options;
  const query = toQueryString({
    dryRun,
    fileName: file.name,
    mapping: mapping && Object.keys(mapping).length > 0 ? JSON.stringify(mapping) : undefined,
    newProperties:
      newProperties && Object.keys(newProperties).length > 0 ? JSON.stringify(newProperties) : undefined,
    matchBy: options.matchBy || undefined,
    outcomeSets: options.outcomeSets,
  });
  return new Promise<ImportReport>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new UploadCancelled());
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/imports/${entity}${query}`);
    xhr.setRequestHeader("Content-Type", "text/csv");
    xhr.setRequestHeader("Accept", "application/json");
    const workspaceId = getWorkspaceId();
    if (workspaceId) xhr.setRequestHeader("X-Workspace-Id", workspaceId);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.upload.onload = () => onProgress?.(1);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportReport);
        } catch {
          reject(new ApiError(xhr.status, "bad_response", "The server's answer could not be read."));
        }
      } else reject(toApiError(xhr.status, xhr.responseText));
    };
    // errorMessage() shows a TypeError as "the server could not be reached".
    xhr.onerror = () => reject(new TypeError("Network error"));
    xhr.onabort = () => reject(new UploadCancelled());
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
