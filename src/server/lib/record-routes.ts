// The five routes every record type has (list, create, read, update, archive + restore), declared
// once so each area states only its schemas, its service and who may write.

import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { errorSchema, idParams, pageSchema } from "../../shared/common.js";
import type { Access, Caller } from "./access.js";
import { LEADS, MEMBER } from "./access.js";
import { csvStream } from "./csv-stream.js";
import { type Jsonified, toJson } from "./serialize.js";

/**
 * What a record type's five routes call. TItem is what they answer: registerRecordRoutes ties it to the item
 * schema, so a row that does not fit the API's shape is a type error (extra fields, such as workspaceId, are
 * stripped by the response schema when sent).
 */
export interface RecordService<TList, TCreate, TUpdate, TItem> {
  list(caller: Caller, query: TList): Promise<{ items: TItem[]; nextCursor: string | null; total?: number }>;
  get(caller: Caller, id: string): Promise<TItem>;
  create(caller: Caller, input: TCreate): Promise<TItem>;
  update(caller: Caller, id: string, input: TUpdate): Promise<TItem>;
  setArchived(caller: Caller, id: string, archived: boolean): Promise<TItem>;
}

export interface RecordRoutes<
  L extends z.ZodType,
  C extends z.ZodType,
  U extends z.ZodType,
  I extends z.ZodType,
> {
  /** e.g. "/api/accounts" */
  path: string;
  tag: string;
  /** "account": used in summaries and messages. */
  noun: string;
  schemas: { list: L; create: C; update: U; item: I };
  service: RecordService<z.output<L>, z.output<C>, z.output<U>, z.input<I>>;
  /** Who may create and edit; any member by default. */
  write?: Access;
  /** Who may archive and restore; team leads and admins by default. */
  archive?: Access;
  /** Columns the CSV export adds after the item's own, per workspace (one per custom property). */
  exportColumns?: (caller: Caller) => Promise<{ key: string; header: string }[]>;
}

const EXPORT_PAGE = 200;
/** Lists and objects (tags, contact roles, properties) export as JSON; dates as ISO text. */
const CSV_CAST = {
  object: (value: object) => JSON.stringify(value),
  boolean: (value: boolean) => String(value),
};

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export function registerRecordRoutes<
  L extends z.ZodType,
  C extends z.ZodType,
  U extends z.ZodType,
  I extends z.ZodType,
>(app: FastifyInstance, spec: RecordRoutes<L, C, U, I>) {
  const r = app;
  const { path, tag, noun, schemas, service } = spec;
  const write = spec.write ?? MEMBER;
  const archive = spec.archive ?? LEADS;
  const tags = [tag];
  const withAction = (access: Access, action: string): Access =>
    access.kind === "member" ? { ...access, action } : access;

  r.get(
    path,
    {
      schema: {
        tags,
        summary: `List ${noun}s`,
        querystring: schemas.list,
        response: { 200: pageSchema(schemas.item), ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => service.list(request.caller, request.query as z.output<L>),
  );
  r.get(
    `${path}/export`,
    {
      schema: {
        tags,
        summary: `Export ${noun}s as CSV (the list's filters, search and sort apply; every page)`,
        // Every page goes into the file: the list's cursor and page size do not apply.
        querystring:
          schemas.list instanceof z.ZodObject
            ? schemas.list.omit({ cursor: true, limit: true })
            : schemas.list,
        produces: ["text/csv"],
        response: { ...errors },
      },
      config: { access: MEMBER },
    },
    async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const columns = [
        ...Object.keys((schemas.item as unknown as z.ZodObject).shape),
        ...((await spec.exportColumns?.(request.caller)) ?? []),
      ];
      const pageAt = (cursor: string | undefined) =>
        service.list(request.caller, { ...query, cursor, limit: EXPORT_PAGE } as z.output<L>);
      // The first page is read before the response starts, so a bad filter is a 400 with JSON, not a
      // broken CSV download.
      const first = await pageAt(undefined);
      async function* pages() {
        let page = first;
        for (;;) {
          for (const item of page.items) yield item;
          if (!page.nextCursor) return;
          page = await pageAt(page.nextCursor);
        }
      }
      reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${path.split("/").at(-1)}.csv"`);
      return reply.send(
        csvStream(pages(), { header: true, columns, cast: CSV_CAST }, (error) =>
          request.log.error({ err: error }, "CSV export failed"),
        ),
      );
    },
  );
  r.post(
    path,
    {
      schema: {
        tags,
        summary: `Create a ${noun}`,
        body: schemas.create,
        response: { 201: schemas.item, ...errors },
      },
      config: { access: withAction(write, `create a ${noun}`) },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(request.caller, request.body as z.output<C>)),
  );
  r.get(
    `${path}/:id`,
    {
      schema: {
        tags,
        summary: `Read a ${noun}`,
        params: idParams,
        response: { 200: schemas.item, ...errors },
      },
      config: { access: MEMBER },
    },
    (request) => service.get(request.caller, (request.params as { id: string }).id),
  );
  r.patch(
    `${path}/:id`,
    {
      schema: {
        tags,
        summary: `Update a ${noun}`,
        params: idParams,
        body: schemas.update,
        response: { 200: schemas.item, ...errors },
      },
      config: { access: withAction(write, `edit a ${noun}`) },
    },
    (request) =>
      service.update(request.caller, (request.params as { id: string }).id, request.body as z.output<U>),
  );
  r.delete(
    `${path}/:id`,
    {
      schema: {
        tags,
        summary: `Archive a ${noun}`,
        params: idParams,
        response: { 200: schemas.item, ...errors },
      },
      config: { access: withAction(archive, `archive a ${noun}`) },
    },
    (request) => service.setArchived(request.caller, (request.params as { id: string }).id, true),
  );
  r.post(
    `${path}/:id/restore`,
    {
      schema: {
        tags,
        summary: `Restore an archived ${noun}`,
        params: idParams,
        response: { 200: schemas.item, ...errors },
      },
      config: { access: withAction(archive, `restore a ${noun}`) },
    },
    (request) => service.setArchived(request.caller, (request.params as { id: string }).id, false),
  );
}

interface Store<Row extends object> {
  list(
    workspaceId: string,
    query: never,
  ): Promise<{ items: Row[]; nextCursor: string | null; total?: number }>;
  get(workspaceId: string, id: string): Promise<Row>;
  create(workspaceId: string, values: object): Promise<Row>;
  update(workspaceId: string, id: string, values: object): Promise<Row>;
  setArchived(
    workspaceId: string,
    id: string,
    archived: boolean,
    actor: Pick<Caller, "memberId" | "name">,
  ): Promise<Row>;
}

/** A RecordService straight from a record store, presenting rows with dates as ISO strings. */
export function serviceFromStore<Row extends object>(
  store: Store<Row>,
): RecordService<never, object, object, Jsonified<Row>> {
  const one = async (row: Promise<Row>) => toJson(await row);
  return {
    list: async (caller, query) => {
      const page = await store.list(caller.workspaceId, query);
      return { ...page, items: page.items.map((row) => toJson(row)) };
    },
    get: (caller, id) => one(store.get(caller.workspaceId, id)),
    create: (caller, input) => one(store.create(caller.workspaceId, input)),
    update: (caller, id, input) => one(store.update(caller.workspaceId, id, input)),
    // Archiving and restoring are recorded in the audit log (who, when, before and after).
    setArchived: (caller, id, archived) => one(store.setArchived(caller.workspaceId, id, archived, caller)),
  };
}
