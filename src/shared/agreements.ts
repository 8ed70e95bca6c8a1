// What every agreement between sales and marketing shares (the scoring model, the SLA, and the target-account
// lists and glossary to come): versions that go draft -> approved (a sales lead and a marketing lead signed)
// -> active -> retired, the same signatures, and the same API verbs on a version's URL:
//   POST   .../versions/:version/approval   sign for your team
//   DELETE .../versions/:version/approval   take your signature back
//   POST   .../versions/:version/activate   put a version both teams signed into effect (the previous retires)
// Each answers the version, in the shape below; refusals use the one error shape (403 not a signer, 409 wrong
// status, already signed, or nothing to withdraw).
import { z } from "zod";
import { idSchema, timestamp } from "./common.js";

export const AGREEMENT_STATUSES = ["draft", "approved", "active", "retired"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** The teams whose leads sign every agreement. */
export const SIGNING_TEAMS = ["sales", "marketing"] as const;
export type SigningTeam = (typeof SIGNING_TEAMS)[number];

export const signatureSchema = z.object({
  memberId: idSchema,
  name: z.string(),
  team: z.enum(SIGNING_TEAMS),
  approvedAt: timestamp,
});
export type Signature = z.infer<typeof signatureSchema>;

/** The fields every agreement version carries, whatever its terms. */
export const agreementVersionFields = {
  id: idSchema,
  version: z.number().int(),
  status: z.enum(AGREEMENT_STATUSES),
  note: z.string(),
  createdAt: timestamp,
  createdByName: z.string().nullable(),
  approvedAt: timestamp.nullable(),
  activatedAt: timestamp.nullable(),
  activatedByName: z.string().nullable(),
  retiredAt: timestamp.nullable(),
  approvals: z.array(signatureSchema),
  /** Which teams still have to sign. */
  missingApprovals: z.array(z.enum(SIGNING_TEAMS)),
};

export const agreementVersionParams = z.object({
  version: z.coerce.number().int().positive({ message: "must be a version number" }),
});
