// "Export CSV" on every list: downloads the list as it is filtered, searched and sorted, all pages.
// A plain fetch, not the typed client: the answer is a CSV file (text/csv) saved as it is, not JSON.
import { Button, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload } from "@tabler/icons-react";
import { type MouseEvent, useState } from "react";
import { errorMessage, getWorkspaceId, type QueryValue, toQueryString } from "../../lib/api";
import { downloadFile } from "../../lib/download";
import { useSession } from "../session/session";
import { plural } from "./list";

/** The export address for a list's current query (paging is the export's business, not the list's). */
export function exportUrl(resource: string, params: Record<string, QueryValue>): string {
  const { cursor: _cursor, limit: _limit, ...query } = params;
  return `/api/${resource}/export${toQueryString(query)}`;
}

function fileName(resource: string): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${resource}-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.csv`;
}

export function ExportCsvButton({
  resource,
  params,
  noun,
  filtered,
  download,
}: {
  /** The list endpoint under /api, as in "contacts". */
  resource: string;
  /** The list's query: search, filters, sort and "show archived". */
  params: Record<string, QueryValue>;
  /** "contact": for the tooltip. */
  noun: string;
  filtered?: boolean;
  /** Another CSV than a list's export: its address, button label and tooltip. */
  download?: { href: string; label: string; tooltip: string };
}) {
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  const href = download?.href ?? exportUrl(resource, params);
  const name = fileName(resource);

  // A plain link streams the file straight to disk and carries the session cookie. It cannot carry
  // the chosen workspace (a header), so people in several workspaces fetch it with the header instead.
  const onClick = async (event: MouseEvent<HTMLAnchorElement>) => {
    const workspaceId = getWorkspaceId();
    if (me.workspaces.length <= 1 || !workspaceId) return;
    event.preventDefault();
    setBusy(true);
    try {
      await downloadFile(href, { fallbackName: name, accept: "text/csv" });
    } catch (error) {
      notifications.show({ color: "red", title: "Export failed", message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Tooltip
      label={
        download?.tooltip ??
        (filtered
          ? `Downloads the ${plural(noun)} matching the current search and filters, in this order, all pages, as a spreadsheet file`
          : `Downloads every ${noun} in this list, in this order, all pages, as a spreadsheet file`)
      }
      multiline
      w={260}
    >
      <Button
        component="a"
        href={href}
        download={name}
        onClick={(e: MouseEvent<HTMLAnchorElement>) => void onClick(e)}
        variant="default"
        leftSection={<IconDownload size={16} />}
        loading={busy}
        data-testid="export-csv"
      >
        {download?.label ?? "Export CSV"}
      </Button>
    </Tooltip>
  );
}
