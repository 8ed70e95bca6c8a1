import { uuidv7 } from "uuidv7";

/** Time-ordered UUIDv7, made by the application (ARCHITECTURE.md). */
export const newId = (): string => uuidv7();
