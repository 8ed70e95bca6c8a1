// The messaging guide through the API: a persona's value proposition, pains and proof points (library assets);
// objections from the log counted as the log groups them, those without an approved response first by how
// often they were heard; responses written by anyone, approved by a team lead, a draft again when rewritten;
// bad input naming the field, roles and other workspaces.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { newId } from "../../lib/ids.js";
import { setupTestApp } from "../../testing/harness.js";

const t = setupTestApp();

async function persona(name: string, ws = t.cast.admin.workspaceId) {
  const id = newId();
  await t.database.db.execute(
    sql`insert into personas (workspace_id, id, name) values (${ws}, ${id}, ${name})`,
  );
  return id;
}

async function hear(personaId: string | null, ...texts: string[]) {
  for (const text of texts) {
    const response = await t.as(t.cast.rep).post("/api/objections", { text, personaId });
    expect(response.statusCode).toBe(201);
  }
}

describe("the messaging guide", () => {
  it("lists objections without an approved response first, by how often they were heard", async () => {
    const cfo = await persona("CFO");
    const cto = await persona("CTO");
    await hear(
      cfo,
      "Too expensive",
      "too  EXPENSIVE",
      "Too expensive ",
      "We use HubSpot",
      "we use hubspot",
      "Need SOC 2",
    );
    await hear(cto, "We use HubSpot", "We use HubSpot", "We use HubSpot", "We use HubSpot");
    const { marketingLead, salesLead, rep } = t.cast;

    let guide = (await t.as(rep).get(`/api/messaging/${cfo}`)).json();
    expect(guide.objections.map((o: { objection: string; heard: number }) => [o.objection, o.heard])).toEqual(
      [
        ["Too expensive", 3],
        ["We use HubSpot", 2],
        ["Need SOC 2", 1],
      ],
    );
    expect(guide.objections.every((o: { response: unknown }) => o.response === null)).toBe(true);

    // Marketing answers "too expensive" (any spelling of it), a lead approves: it moves to the end.
    const story = (
      await t.as(marketingLead).post("/api/assets", { kind: "case_study", title: "Payback in 4 months" })
    ).json();
    guide = (
      await t.as(marketingLead).post(`/api/messaging/${cfo}/responses`, {
        objection: "TOO expensive",
        response: "Customers pay it back in four months: see the case study.",
        assetId: story.id,
      })
    ).json();
    const expensive = guide.objections.find((o: { objection: string }) => o.objection === "Too expensive");
    expect(expensive.response).toMatchObject({
      status: "draft",
      assetTitle: "Payback in 4 months",
      writtenByName: "Mia Marketing",
    });
    // A draft does not count as answered: still first.
    expect(guide.objections[0].objection).toBe("Too expensive");
    expect(
      (await t.as(rep).post(`/api/objection-responses/${expensive.response.id}/approve`)).statusCode,
    ).toBe(403);
    guide = (await t.as(salesLead).post(`/api/objection-responses/${expensive.response.id}/approve`)).json();
    expect(guide.objections.map((o: { objection: string }) => o.objection)).toEqual([
      "We use HubSpot",
      "Need SOC 2",
      "Too expensive",
    ]);
    expect(guide.objections[2].response).toMatchObject({ status: "approved", approvedByName: "Sam Sales" });
    expect(
      (await t.as(salesLead).post(`/api/objection-responses/${expensive.response.id}/approve`)).statusCode,
    ).toBe(409);

    // A response written before the objection was ever heard: listed, heard 0.
    guide = (
      await t.as(rep).post(`/api/messaging/${cfo}/responses`, {
        objection: "Is it secure?",
        response: "SOC 2 Type II, report on request.",
      })
    ).json();
    expect(guide.objections.map((o: { objection: string; heard: number }) => [o.objection, o.heard])).toEqual(
      [
        ["We use HubSpot", 2],
        ["Need SOC 2", 1],
        ["Is it secure?", 0],
        ["Too expensive", 3],
      ],
    );
    // Rewriting an approved response makes it a draft again, waiting for a lead.
    guide = (
      await t
        .as(rep)
        .post(`/api/messaging/${cfo}/responses`, { objection: "too expensive", response: "It is cheap." })
    ).json();
    expect(guide.objections[0]).toMatchObject({
      objection: "Too expensive",
      response: { status: "draft", approvedByName: null, response: "It is cheap." },
    });

    // The objections report uses the same count and flags what is answered.
    await t.as(salesLead).post(`/api/objection-responses/${guide.objections[0].response.id}/approve`);
    const summary = (await t.as(rep).get("/api/objections/summary")).json().items;
    expect(
      summary.map((s: { personaName: string; text: string; count: number; answered: boolean }) => [
        s.personaName,
        s.text,
        s.count,
        s.answered,
      ]),
    ).toEqual([
      ["CTO", "We use HubSpot", 4, false],
      ["CFO", "We use HubSpot", 2, false],
      ["CFO", "Need SOC 2", 1, false],
      ["CFO", "Too expensive", 3, true],
    ]);
    const overview = (await t.as(rep).get("/api/messaging")).json().items;
    expect(overview).toEqual([
      {
        personaId: cfo,
        personaName: "CFO",
        hasValueProposition: false,
        pains: 0,
        proofPoints: 0,
        approvedResponses: 1,
        unanswered: 2,
      },
      {
        personaId: cto,
        personaName: "CTO",
        hasValueProposition: false,
        pains: 0,
        proofPoints: 0,
        approvedResponses: 0,
        unanswered: 1,
      },
    ]);
  });

  it("keeps the value proposition, pains and proof points linked to library assets", async () => {
    const cfo = await persona("CFO");
    const a = (
      await t.as(t.cast.rep).post("/api/assets", { kind: "customer_story", title: "Northwind" })
    ).json();
    const b = (
      await t.as(t.cast.rep).post("/api/assets", {
        kind: "statistic",
        title: "73% of buyers",
        source: "Gartner",
        sourceDate: "2025-06-01",
      })
    ).json();
    const saved = await t.as(t.cast.marketingLead).put(`/api/messaging/${cfo}`, {
      valueProposition: "One forecast both teams trust",
      pains: ["Forecast misses", "Blame between teams"],
      proofPoints: [
        { assetId: b.id, claim: "Buyers research alone" },
        { assetId: a.id, claim: "Forecast error down 40%" },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      personaName: "CFO",
      valueProposition: "One forecast both teams trust",
      pains: ["Forecast misses", "Blame between teams"],
      proofPoints: [
        {
          assetId: b.id,
          title: "73% of buyers",
          kind: "statistic",
          claim: "Buyers research alone",
          archived: false,
        },
        { assetId: a.id, title: "Northwind", kind: "customer_story", claim: "Forecast error down 40%" },
      ],
      updatedByName: "Mia Marketing",
    });
    // Saving again replaces the list.
    const again = await t.as(t.cast.rep).put(`/api/messaging/${cfo}`, {
      valueProposition: "One forecast",
      pains: [],
      proofPoints: [{ assetId: a.id, claim: "Forecast error down 40%" }],
    });
    expect(again.json().proofPoints).toHaveLength(1);
    expect((await t.as(t.cast.rep).get("/api/messaging")).json().items[0]).toMatchObject({
      hasValueProposition: true,
      proofPoints: 1,
    });
  });

  it("refuses bad input naming the field and writes nothing; other workspaces' personas and responses are 404", async () => {
    const cfo = await persona("CFO");
    const theirPersona = await persona("Their CFO", t.cast.outsider.workspaceId);
    const theirAsset = (
      await t.as(t.cast.outsider).post("/api/assets", { kind: "deck", title: "Their deck" })
    ).json();
    const put = (body: object) => t.as(t.cast.rep).put(`/api/messaging/${cfo}`, body);
    const base = { valueProposition: "V", pains: [], proofPoints: [] };
    const cases: [object, string][] = [
      [{ ...base, pains: ["  "] }, "pains.0"],
      [{ ...base, proofPoints: [{ assetId: theirAsset.id, claim: "Theirs" }] }, "proofPoints.0.assetId"],
      [{ ...base, proofPoints: [{ assetId: newId(), claim: "" }] }, "proofPoints.0.claim"],
      [{ pains: [], proofPoints: [] }, "valueProposition"],
    ];
    for (const [body, field] of cases) {
      const response = await put(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.body).toContain(field);
    }
    const missing = await t
      .as(t.cast.rep)
      .post(`/api/messaging/${cfo}/responses`, { objection: "Too expensive" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain("response");
    const theirs = await t
      .as(t.cast.rep)
      .post(`/api/messaging/${cfo}/responses`, { objection: "A", response: "B", assetId: theirAsset.id });
    expect(theirs.json().error.message).toContain("assetId");
    const [{ n }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select (select count(*) from messaging_guides) + (select count(*) from messaging_proof_points)
        + (select count(*) from objection_responses) as n`,
    );
    expect(Number(n)).toBe(0);

    expect((await t.as(t.cast.rep).get(`/api/messaging/${theirPersona}`)).statusCode).toBe(404);
    expect((await t.as(t.cast.rep).put(`/api/messaging/${theirPersona}`, base)).statusCode).toBe(404);
    const written = (
      await t
        .as(t.cast.outsider)
        .post(`/api/messaging/${theirPersona}/responses`, { objection: "A", response: "B" })
    ).json();
    const responseId = written.objections[0].response.id;
    expect(
      (await t.as(t.cast.salesLead).post(`/api/objection-responses/${responseId}/approve`)).statusCode,
    ).toBe(404);
    expect(
      (await t.as(t.cast.outsider).get("/api/messaging"))
        .json()
        .items.map((i: { personaName: string }) => i.personaName),
    ).toEqual(["Their CFO"]);
  });
});
