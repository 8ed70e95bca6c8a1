// Predictive calibration: learns from past outcomes what each attribute and behaviour is worth, and saves
// the suggestion as a new draft version, which then goes through the same joint approval as any edit.
// Positives: contacts on closed-won deals. Negatives: contacts only on closed-lost deals, contacts
// disqualified, and MQLs sales rejected for a fit reason (bad fit, wrong persona, no budget...).
// Behaviour counts only before the contact's first deal (no hindsight).
import { sql } from "drizzle-orm";
import { DEFAULT_REJECTION_REASONS } from "../../../shared/feedback.js";
import { FREE_MAIL_DOMAINS } from "../../../shared/free-mail.js";
import type { EngagementRule, FitRule, ScoringDefinition } from "../../../shared/scoring.js";
import { type Db, queryRows } from "../../db/client.js";
import type { Caller } from "../../lib/access.js";
import { badRequest } from "../../lib/errors.js";
import { areaUnderCurve, calibrate, type LabelledExample, splitHoldout } from "./calibration.js";
import {
  createDraftVersion,
  findLiveVersion,
  getScoringModel,
  loadVersion,
} from "./scoring-models.service.js";
import { scoreQuery } from "./scoring-sql.js";

/** Rejections that say the lead was never a fit (not "bad timing" or "unreachable") teach the model. */
const FIT_REASONS = DEFAULT_REJECTION_REASONS.filter((r) => r.fitRelated).map((r) => r.code);

const EMPLOYEE_BANDS: [string, number, number | null][] = [
  ["1-49", 1, 49],
  ["50-199", 50, 199],
  ["200-999", 200, 999],
  ["1000-4999", 1000, 4999],
  ["5000+", 5000, null],
];

interface LabelledRow {
  id: string;
  won: boolean;
  seniority: string | null;
  department: string | null;
  email: string | null;
  industry: string | null;
  employees: number | null;
  persona: string | null;
  types: string[] | null;
  pricing: boolean;
}

/** A feature name and the rule it becomes when it earns points. */
type Candidate =
  | { kind: "fit"; rule: Omit<FitRule, "points"> }
  | { kind: "engagement"; rule: Omit<EngagementRule, "points"> };

function slug(text: string) {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 30) || "value"
  );
}

function featuresOf(row: LabelledRow, candidates: Map<string, Candidate>) {
  const features: Record<string, number> = {};
  const addFit = (name: string, label: string, rule: Omit<FitRule, "points" | "id" | "label">) => {
    features[name] = 1;
    if (!candidates.has(name))
      candidates.set(name, { kind: "fit", rule: { id: slug(name), label, ...rule } });
  };
  if (row.seniority)
    addFit(`seniority:${row.seniority}`, `Seniority ${row.seniority.replace(/_/g, " ")}`, {
      conditions: [{ field: "contact.seniority", operator: "in", values: [row.seniority] }],
    });
  if (row.department)
    addFit(`department:${row.department}`, `Department ${row.department}`, {
      conditions: [{ field: "contact.department", operator: "in", values: [row.department] }],
    });
  if (row.industry)
    addFit(`industry:${row.industry}`, `Industry ${row.industry}`, {
      conditions: [{ field: "account.industry", operator: "in", values: [row.industry] }],
    });
  if (row.persona)
    addFit(`persona:${row.persona}`, `Persona ${row.persona}`, {
      conditions: [{ field: "contact.persona", operator: "in", values: [row.persona] }],
    });
  const domain = row.email?.split("@")[1];
  if (domain && FREE_MAIL_DOMAINS.has(domain))
    addFit("free-mail", "Free-mail address", {
      conditions: [{ field: "contact.free_mail", operator: "is_set" }],
    });
  if (row.employees != null) {
    const band = EMPLOYEE_BANDS.find(
      ([, min, max]) => row.employees! >= min && (max == null || row.employees! <= max),
    );
    if (band)
      addFit(`employees:${band[0]}`, `${band[0]} employees`, {
        conditions: [{ field: "account.employees", operator: "between", min: band[1], max: band[2] }],
      });
  }
  for (const type of row.types ?? []) {
    const name = `touch:${type}`;
    features[name] = 1;
    if (!candidates.has(name))
      candidates.set(name, {
        kind: "engagement",
        rule: {
          id: slug(name),
          label: `Any ${type.replace(/_/g, " ")}`,
          conditions: [{ field: "type", operator: "in", values: [type] }],
          maxTimes: 1,
          group: "default",
        },
      });
  }
  if (row.pricing) {
    features["touch:pricing-page"] = 1;
    if (!candidates.has("touch:pricing-page"))
      candidates.set("touch:pricing-page", {
        kind: "engagement",
        rule: {
          id: "touch-pricing-page",
          label: "Viewed the pricing page",
          conditions: [
            { field: "type", operator: "in", values: ["page_view"] },
            { field: "property", property: "path", operator: "contains", values: ["/pricing"] },
          ],
          maxTimes: 1,
          group: "default",
        },
      });
  }
  return features;
}

async function labelledContacts(db: Db, workspaceId: string) {
  return queryRows<LabelledRow>(
    db,
    sql`with outcomes as (
          select oc.contact_id, bool_or(o.stage = 'closed_won') as won, min(o.created_at) as first_deal
          from opportunity_contacts oc
          join opportunities o on o.workspace_id = oc.workspace_id and o.id = oc.opportunity_id
          where oc.workspace_id = ${workspaceId} and o.stage in ('closed_won', 'closed_lost')
          group by oc.contact_id
          union all
          select c.id, false, null from contacts c
          where c.workspace_id = ${workspaceId}
            and (c.lifecycle_stage = 'disqualified' or exists (
              select 1 from lead_decisions d where d.workspace_id = c.workspace_id and d.contact_id = c.id
                and d.decision = 'rejected' and d.reason in ${FIT_REASONS}))
            and not exists (select 1 from opportunity_contacts oc where oc.workspace_id = c.workspace_id and oc.contact_id = c.id)
        )
        select c.id, l.won, c.seniority, c.department, c.email, a.industry, a.employees, p.name as persona,
          array(select distinct t.type from touches t
                where t.workspace_id = c.workspace_id and t.contact_id = c.id and t.team = 'marketing'
                  and t.occurred_at <= coalesce(l.first_deal, now())) as types,
          exists(select 1 from touches t
                 where t.workspace_id = c.workspace_id and t.contact_id = c.id and t.type = 'page_view'
                   and strpos(t.properties ->> 'path', '/pricing') > 0
                   and t.occurred_at <= coalesce(l.first_deal, now())) as pricing
        from outcomes l
        join contacts c on c.workspace_id = ${workspaceId} and c.id = l.contact_id
        left join accounts a on a.workspace_id = c.workspace_id and a.id = c.account_id
        left join personas p on p.workspace_id = c.workspace_id and p.id = c.persona_id
        where c.archived_at is null`,
  );
}

function quantile(sorted: number[], q: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))];
}

/** Fits points on the workspace's outcomes and saves them as a new draft of the model. */
export async function calibrateScoringModel(db: Db, caller: Caller, modelId: string) {
  const model = await getScoringModel(db, caller, modelId);
  const base =
    (await findLiveVersion(db, caller.workspaceId, modelId)) ??
    (await loadVersion(db, caller.workspaceId, modelId, model.latestVersion));
  const rows = await labelledContacts(db, caller.workspaceId);
  const positives = rows.filter((r) => r.won).length;
  if (positives < 10 || rows.length - positives < 10)
    throw badRequest(
      `Calibration needs at least 10 won and 10 lost or disqualified contacts; this workspace has ${positives} won and ${rows.length - positives} lost or disqualified`,
    );
  const candidates = new Map<string, Candidate>();
  const examples: LabelledExample[] = rows.map((row) => ({
    id: row.id,
    label: row.won ? 1 : 0,
    features: featuresOf(row, candidates),
  }));
  const seed = "lockstep";
  let result: ReturnType<typeof calibrate>;
  try {
    result = calibrate(examples, { seed, holdoutShare: 0.3 });
  } catch (error) {
    throw badRequest((error as Error).message);
  }

  // The untuned model's combined score on the same holdout: what the suggestion has to beat.
  const { holdout } = splitHoldout(examples, 0.3, seed);
  const baseScores = new Map(
    (
      await queryRows<{ contact_id: string; combined: string }>(
        db,
        scoreQuery(base.definition, {
          workspaceId: caller.workspaceId,
          at: new Date(),
          contactIds: holdout.map((e) => e.id),
        }),
      )
    ).map((r) => [r.contact_id, Number(r.combined)]),
  );
  const baselineAuc = areaUnderCurve(
    holdout.map((e) => baseScores.get(e.id) ?? 0),
    holdout.map((e) => e.label),
  );

  const fitRules: FitRule[] = [];
  const engagementRules: EngagementRule[] = [];
  for (const feature of result.features) {
    const candidate = candidates.get(feature.name);
    if (!candidate || feature.suggestedPoints === 0 || feature.support < 5) continue;
    if (candidate.kind === "fit")
      fitRules.push({ ...candidate.rule, points: feature.suggestedPoints } as FitRule);
    else engagementRules.push({ ...candidate.rule, points: feature.suggestedPoints } as EngagementRule);
  }
  // Thresholds from where the labelled contacts' new points fall: grades by quartile, MQL at the top fifth.
  const pointsOf = (features: Record<string, number>, kind: "fit" | "engagement") =>
    result.features.reduce((sum, f) => {
      const c = candidates.get(f.name);
      return c?.kind === kind && features[f.name] && f.support >= 5 ? sum + f.suggestedPoints : sum;
    }, 0);
  const fitPoints = examples.map((e) => pointsOf(e.features, "fit")).sort((a, b) => a - b);
  const engagementPoints = examples.map((e) => pointsOf(e.features, "engagement")).sort((a, b) => a - b);
  const combined = examples
    .map((e) => pointsOf(e.features, "fit") + pointsOf(e.features, "engagement"))
    .sort((a, b) => a - b);
  const descending = (values: number[]): [number, number, number] => {
    const [a, b, c] = [quantile(values, 0.75), quantile(values, 0.5), quantile(values, 0.25)];
    return [a, Math.min(a, b), Math.min(a, b, c)];
  };
  const definition: ScoringDefinition = {
    fitRules,
    engagementRules,
    decayGroups: [{ id: "default", halfLifeDays: null }],
    grades: { fit: descending(fitPoints), engagement: descending(engagementPoints) },
    mql: {
      anyOf: [{ combined: Math.max(1, quantile(combined, 0.8)) }],
      handoffTouchTypes: base.definition.mql.handoffTouchTypes,
    },
  };
  const version = await createDraftVersion(db, caller, modelId, {
    definition,
    note: `Calibrated on ${rows.length} contacts (${positives} won): holdout AUC ${result.auc.toFixed(3)} vs ${baselineAuc.toFixed(3)} for version ${base.version}`,
  });
  return {
    version,
    trainCount: result.trainCount,
    holdoutCount: result.holdoutCount,
    positives,
    auc: result.auc,
    baselineAuc,
    liftByDecile: result.liftByDecile.map(({ decile, contacts, positives, lift }) => ({
      decile,
      contacts,
      positives,
      lift,
    })),
  };
}
