// Streams rows out as CSV. stream.pipeline (not .pipe) passes an error while reading, such as a lost
// database connection mid-export, to the response (which is closed) instead of crashing the process.
import { pipeline, Readable } from "node:stream";
import { type Options, stringify } from "csv-stringify";

export function csvStream(
  rows: Iterable<unknown> | AsyncIterable<unknown>,
  options: Options,
  onError: (error: Error) => void,
) {
  return pipeline(Readable.from(rows), stringify(options), (error) => {
    if (error) onError(error);
  });
}
