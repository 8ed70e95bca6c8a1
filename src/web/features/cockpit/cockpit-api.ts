// The cockpit's one call: every tile's numbers in one answer, computed by the same server functions as the
// pages the tiles link to.
import { useQuery } from "@tanstack/react-query";
import { client, ok } from "../../lib/api";

export function useCockpit() {
  return useQuery({
    queryKey: ["cockpit"],
    queryFn: ({ signal }) => ok(client.GET("/api/cockpit", { signal })),
    // The hot leads and clocks at risk move by the minute.
    refetchInterval: 60_000,
  });
}
