// The browser reads a file's header the way the server's CSV parser (csv-parse) reads the whole file,
// so the column names the user maps are exactly the ones the import sees.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CsvReadError, parseCsvRecords, readCsvHead } from "./csv";

const serverParse = (text: string) =>
  parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }) as string[][];

const SAMPLES = [
  "First Name,Last Name,Email\nAda,Lovelace,ada@example.com\n",
  "\uFEFFFirst Name , Email\r\nAda , ada@example.com\r\n",
  '"Company Name","Notes, free text",Email\n"Acme, Inc.","said ""hi""\nand left",a@acme.com\n',
  "\n\nEmail\n\nx@y.com\n",
  "Email,Phone\nx@y.com,",
  ' "Quoted Header" ,Plain\n  a  ," b "\n',
];

describe("parseCsvRecords", () => {
  for (const sample of SAMPLES) {
    it(`matches csv-parse for ${JSON.stringify(sample.slice(0, 30))}`, () => {
      expect(parseCsvRecords(sample, true)).toEqual(serverParse(sample));
    });
  }

  it("drops a record cut off at the end of a partial read", () => {
    expect(parseCsvRecords("Email,Name\na@b.com,Ad", false)).toEqual([["Email", "Name"]]);
  });

  it("stops after the records asked for", () => {
    expect(parseCsvRecords("A\n1\n2\n3\n", true, 2)).toEqual([["A"], ["1"]]);
  });
});

describe("readCsvHead", () => {
  it("returns the header and the first rows", async () => {
    const file = new File(["Email,Stage\na@b.com,MQL\nc@d.com,Lead\n"], "leads.csv", { type: "text/csv" });
    expect(await readCsvHead(file, 1)).toEqual({ headers: ["Email", "Stage"], sample: [["a@b.com", "MQL"]] });
  });

  it("explains spreadsheets and empty files", async () => {
    await expect(readCsvHead(new File(["x"], "leads.xlsx"))).rejects.toThrow(CsvReadError);
    await expect(readCsvHead(new File([""], "leads.csv"))).rejects.toThrow("The file is empty.");
  });
});
