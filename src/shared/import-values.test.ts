import { describe, expect, it } from "vitest";
import {
  apiNameOf,
  PropertyTypeGuesser,
  parseDateText,
  parseNumberText,
  parsePropertyCell,
} from "./import-values.js";

const guess = (cells: string[]) => {
  const guesser = new PropertyTypeGuesser();
  cells.forEach((cell, i) => {
    guesser.add(cell, i + 2);
  });
  return guesser.result();
};

describe("reading cells as property values", () => {
  it("reads numbers and dates as export tools spell them, and nothing else", () => {
    expect(["1,234.50", "$12", "€ 3", "-4", "1e3", "0.5"].map(parseNumberText)).toEqual([
      1234.5, 12, 3, -4, 1000, 0.5,
    ]);
    expect(["12abc", "1,23", "", "-", "1.2.3"].map(parseNumberText)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(
      ["2026-01-31", "1/31/2026", "31.1.2026", "2026-02-03T09:30:00Z", "2026/2/3"].map(parseDateText),
    ).toEqual(["2026-01-31", "2026-01-31", "2026-01-31", "2026-02-03", "2026-02-03"]);
    expect(["2026-02-30", "31/31/2026", "yesterday"].map(parseDateText)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("matches list options ignoring case and names what does not fit", () => {
    const tier = { type: "one_of" as const, options: ["Gold", "Silver"], label: "Tier" };
    expect(parsePropertyCell(tier, "gold")).toEqual({ value: "Gold" });
    expect(parsePropertyCell(tier, "Bronze")).toEqual({ problem: '"Bronze" is not one of "Gold", "Silver"' });
    const channels = { type: "many_of" as const, options: ["Email", "Phone"], label: "Channels" };
    expect(parsePropertyCell(channels, "email; Phone;email")).toEqual({ value: ["Email", "Phone"] });
    expect(parsePropertyCell({ type: "boolean", options: [], label: "Opt in" }, "Y")).toEqual({
      value: true,
    });
  });
});

describe("guessing a new property's type", () => {
  it("guesses yes/no, numbers, dates, short lists and text, tolerating a few misfits", () => {
    expect(guess(["Yes", "No", "yes"]).type).toBe("boolean");
    expect(guess(["1", "0", "1"]).type).toBe("number");
    expect(guess(["2026-01-31", "1/2/2026"]).type).toBe("date");
    expect(guess(["gold", "silver", "gold"])).toMatchObject({ type: "one_of", options: ["gold", "silver"] });
    expect(guess(["Ada Lovelace", "Grace Hopper", "Alan Turing"]).type).toBe("text");
    expect(guess([]).type).toBe("text");
    const cells = Array.from({ length: 40 }, (_, i) => String(i));
    cells[9] = "n/a";
    expect(guess(cells)).toMatchObject({ type: "number", misfits: { count: 1, lines: [11] } });
    // Too many misfits: not a number; the misfits as a number are still counted.
    expect(guess(["12", "n/a", "40"])).toMatchObject({
      type: "text",
      misfitsAs: { number: { count: 1, lines: [3] } },
    });
  });

  it("names API names after columns", () => {
    expect(apiNameOf("Total Time Spent on Website")).toBe("total_time_spent_on_website");
    expect(apiNameOf("2nd Phone")).toBe("p_2nd_phone");
    expect(apiNameOf("Größe (cm)")).toBe("grosse_cm");
    expect(apiNameOf("!!!", "column_3")).toBe("column_3");
  });
});
