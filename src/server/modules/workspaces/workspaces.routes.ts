import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorSchema, idParams, pageSchema } from "../../../shared/common.js";
import {
  acceptInvitationSchema,
  createdInvitationSchema,
  createInvitationSchema,
  createWorkspaceSchema,
  invitationListSchema,
  invitationPreviewSchema,
  invitationSchema,
  memberListQuerySchema,
  memberSchema,
  meSchema,
  updateMemberSchema,
  updateWorkspaceSchema,
  workspaceSchema,
} from "../../../shared/workspaces.js";
import type { Db } from "../../db/client.js";
import { ADMINS, MEMBER, PUBLIC, SIGNED_IN, WORKSPACE_HEADER } from "../../lib/access.js";
import {
  acceptInvitation,
  createInvitation,
  createWorkspace,
  getMe,
  getWorkspace,
  listInvitations,
  listMembers,
  previewInvitation,
  removeMember,
  revokeInvitation,
  updateMember,
  updateWorkspace,
} from "./workspaces.service.js";

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const admin = (action: string) => ({ access: { ...ADMINS, action } });

export function registerWorkspaceRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["Workspace"];
  // The audit log is the workspace's governance record (admins only), registered with the workspace.

  r.get(
    "/api/me",
    {
      schema: {
        tags,
        summary: "The signed-in user and their workspaces",
        response: { 200: meSchema, ...errors },
      },
      config: { access: SIGNED_IN },
    },
    (request) => {
      const header = request.headers[WORKSPACE_HEADER];
      return getMe(db, request.caller, typeof header === "string" ? header : undefined);
    },
  );
  r.post(
    "/api/workspaces",
    {
      schema: {
        tags,
        summary: "Create a workspace (you become its admin)",
        body: createWorkspaceSchema,
        response: { 201: workspaceSchema, ...errors },
      },
      config: { access: SIGNED_IN },
    },
    async (request, reply) =>
      reply.status(201).send(await createWorkspace(db, request.caller.userId, request.body)),
  );
  r.get(
    "/api/workspace",
    {
      schema: { tags, summary: "The current workspace", response: { 200: workspaceSchema, ...errors } },
      config: { access: MEMBER },
    },
    (request) => getWorkspace(db, request.caller.workspaceId),
  );
  r.patch(
    "/api/workspace",
    {
      schema: {
        tags,
        summary: "Update name, mission or time zone",
        body: updateWorkspaceSchema,
        response: { 200: workspaceSchema, ...errors },
      },
      config: admin("change workspace settings"),
    },
    (request) => updateWorkspace(db, request.caller, request.body),
  );

  const memberTags = ["Members"];
  r.get(
    "/api/members",
    {
      schema: {
        tags: memberTags,
        summary: "List members",
        querystring: memberListQuerySchema,
        response: { 200: pageSchema(memberSchema), ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => listMembers(db, request.caller, request.query),
  );
  r.patch(
    "/api/members/:id",
    {
      schema: {
        tags: memberTags,
        summary: "Change a member's team, role or title",
        params: idParams,
        body: updateMemberSchema,
        response: { 200: memberSchema, ...errors },
      },
      config: admin("change members"),
    },
    (request) => updateMember(db, request.caller, request.params.id, request.body),
  );
  r.delete(
    "/api/members/:id",
    {
      schema: {
        tags: memberTags,
        summary: "Remove a member (their history stays)",
        params: idParams,
        response: { 200: memberSchema, ...errors },
      },
      config: admin("remove members"),
    },
    (request) => removeMember(db, request.caller, request.params.id),
  );

  const invitationTags = ["Invitations"];
  r.get(
    "/api/invitations",
    {
      schema: {
        tags: invitationTags,
        summary: "List invitations",
        response: { 200: invitationListSchema, ...errors },
      },
      config: admin("see invitations"),
    },
    (request) => listInvitations(db, request.caller),
  );
  r.post(
    "/api/invitations",
    {
      schema: {
        tags: invitationTags,
        summary: "Invite someone by email",
        body: createInvitationSchema,
        response: { 201: createdInvitationSchema, ...errors },
      },
      config: admin("invite people"),
    },
    async (request, reply) =>
      reply.status(201).send(await createInvitation(db, request.caller, request.body)),
  );
  r.delete(
    "/api/invitations/:id",
    {
      schema: {
        tags: invitationTags,
        summary: "Revoke an invitation",
        params: idParams,
        response: { 200: invitationSchema, ...errors },
      },
      config: admin("revoke invitations"),
    },
    (request) => revokeInvitation(db, request.caller, request.params.id),
  );
  r.get(
    "/api/invitations/preview",
    {
      schema: {
        tags: invitationTags,
        summary: "What an invitation token is for (no sign-in needed)",
        querystring: acceptInvitationSchema,
        response: { 200: invitationPreviewSchema, ...errors },
      },
      config: { access: PUBLIC },
    },
    (request) => previewInvitation(db, request.query.token),
  );
  r.post(
    "/api/invitations/accept",
    {
      schema: {
        tags: invitationTags,
        summary: "Join the workspace of an invitation",
        body: acceptInvitationSchema,
        response: { 200: workspaceSchema, ...errors },
      },
      config: { access: SIGNED_IN },
    },
    (request) => acceptInvitation(db, request.caller, request.body.token),
  );
}
