import { pgEnum } from "drizzle-orm/pg-core";
import { LIFECYCLE_STAGES, MEMBER_ROLES, TEAMS } from "../../../shared/domain.js";

export const teamEnum = pgEnum("team", TEAMS);
export const memberRoleEnum = pgEnum("member_role", MEMBER_ROLES);
export const lifecycleStageEnum = pgEnum("lifecycle_stage", LIFECYCLE_STAGES);
