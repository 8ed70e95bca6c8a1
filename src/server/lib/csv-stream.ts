// Streams rows out as CSV. stream.pipeline (not .pipe) passes an error while reading, such as a lost
// database connection mid-export, to the response (which is closed) instead of crashing the process.
// Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR and their full-width forms) get a
// leading apostrophe (csv-stringify's escape_formulas): a contact named "=HYPERLINK(...)" stays text.
import { pipeline, Readable } from "node:stream";
import { type Options, stringify } from "csv-stringify";

export function csvStream(
  rows: Iterable<unknown> | AsyncIterable<unknown>,
  options: Options,
  onError: (error: Error) => void,
) {
  return pipeline(Readable.from(rows), stringify({ ...options, escape_formulas: true }), (error) => {
    if (error) onError(error);
  });
}
