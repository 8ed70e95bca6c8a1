export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

let cached: string[] | null = null;
export function timeZones(): string[] {
  if (!cached) {
    try {
      cached = Intl.supportedValuesOf("timeZone");
    } catch {
      cached = [];
    }
    if (!cached.includes("UTC")) cached = ["UTC", ...cached];
  }
  return cached;
}
