// The workspace's event mapping (tracked event name -> touch type), read by the tracking API's settings
// routes and by the touch import, which must name touches exactly as `/v1/track` does. In lib because the
// import module sits below tracking (tracking writes contacts through the import's upsert); the mapping
// itself (defaults, overrides, custom touches) is one function in src/shared/tracking.ts.
import { eq } from "drizzle-orm";
import { eventMappingOf } from "../../shared/tracking.js";
import type { Db } from "../db/client.js";
import { eventMappings } from "../db/schema/index.js";

export async function loadEventMapping(db: Db, workspaceId: string) {
  return eventMappingOf(
    await db
      .select({ eventName: eventMappings.eventName, touchType: eventMappings.touchType })
      .from(eventMappings)
      .where(eq(eventMappings.workspaceId, workspaceId)),
  );
}
