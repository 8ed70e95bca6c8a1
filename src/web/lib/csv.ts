// Reads the start of a CSV file in the browser: its header row and a few example rows, parsed the
// way the server parses the whole file (comma separated, quotes, BOM removed, cells trimmed, blank
// lines skipped), so the column names shown are the ones the import will see.

export interface CsvHead {
  headers: string[];
  /** The first data rows (up to `rows`), for examples next to each column. */
  sample: string[][];
}

const HEAD_BYTES = 256 * 1024;

/** Splits CSV text into records. `complete` says the text is the whole file (else the last record may be cut). */
export function parseCsvRecords(
  text: string,
  complete: boolean,
  limit = Number.POSITIVE_INFINITY,
): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  // A quoted cell keeps its inner spaces; spaces around the quotes are dropped (csv-parse's trim).
  let wasQuoted = false;
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endCell = () => {
    record.push(wasQuoted ? cell : cell.trim());
    cell = "";
    wasQuoted = false;
  };
  const endRecord = () => {
    const blank = record.length === 0 && !wasQuoted && cell.trim() === "";
    endCell();
    // skip_empty_lines: a line with nothing on it is no record.
    if (!blank) records.push(record);
    record = [];
  };
  for (; i < text.length && records.length < limit; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && !wasQuoted && cell.trim() === "") {
      cell = "";
      quoted = true;
      wasQuoted = true;
    } else if (ch === ",") {
      endCell();
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
    } else if (!(wasQuoted && /\s/.test(ch ?? ""))) cell += ch;
  }
  if (records.length < limit && complete && (cell !== "" || wasQuoted || record.length > 0)) endRecord();
  return records;
}

export class CsvReadError extends Error {}

/** The header row and the first `rows` data rows of a CSV file. */
export async function readCsvHead(file: File, rows = 3): Promise<CsvHead> {
  if (/\.(xlsx?|numbers|ods)$/i.test(file.name)) {
    throw new CsvReadError(
      "This is a spreadsheet, not a CSV file. Save or export it as CSV (comma separated) and choose that file.",
    );
  }
  if (file.size === 0) throw new CsvReadError("The file is empty.");
  const complete = file.size <= HEAD_BYTES;
  const text = await file.slice(0, HEAD_BYTES).text();
  if (text.includes("\u0000")) {
    throw new CsvReadError(
      "This does not look like a CSV file (it contains binary data). Choose a .csv file.",
    );
  }
  const records = parseCsvRecords(text, complete, rows + 1);
  const [headers, ...sample] = records;
  if (!headers || headers.every((h) => h === "")) {
    throw new CsvReadError("The file has no header row. The first line must name the columns.");
  }
  return { headers, sample };
}
