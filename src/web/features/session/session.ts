// Who is signed in, in which workspace, with which team and role.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import type { Me, Member, Workspace } from "../../../shared/workspaces";
import { ApiError, authRequest, client, getWorkspaceId, isApiError, ok, setWorkspaceId } from "../../lib/api";

export const ME_KEY = ["me"] as const;

async function fetchMe(): Promise<Me> {
  try {
    return await ok(client.GET("/api/me"));
  } catch (error) {
    // A remembered workspace the user no longer belongs to: forget it and let the server choose.
    if (getWorkspaceId() && isApiError(error) && (error.status === 403 || error.status === 404)) {
      setWorkspaceId(null);
      return ok(client.GET("/api/me"));
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, retry: false, staleTime: 60_000 });
}

export interface Session {
  me: Me;
  workspace: Workspace;
  member: Member;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in member inside the app shell (the shell only renders once there is one). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used inside the app shell");
  return session;
}

export function usePermissions() {
  const { member } = useSession();
  const isAdmin = member.role === "admin";
  const isLeadOrAdmin = member.role === "lead" || isAdmin;
  return {
    isAdmin,
    /** Archive records and edit pods, personas and segments. */
    isLeadOrAdmin,
    leadOnlyHint: "Only team leads and admins can do this",
    adminOnlyHint: "Only admins can do this",
  };
}

export async function signIn(email: string, password: string) {
  return authRequest("sign-in/email", { email, password });
}

/**
 * Signs up, then in: sign-up answers the same whether or not the email has an account, so only the sign-in
 * can fail, and then it says what a person should do without saying whether the account existed.
 */
export async function signUp(name: string, email: string, password: string) {
  await authRequest("sign-up/email", { name, email, password });
  try {
    await authRequest("sign-in/email", { email, password });
  } catch (error) {
    if (isApiError(error, 429)) throw error;
    throw new ApiError(
      401,
      "sign_up_not_signed_in",
      "This email and password did not sign you in. If the email already has an account, sign in with its password; otherwise use another email.",
    );
  }
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return async () => {
    try {
      await authRequest("sign-out");
    } finally {
      setWorkspaceId(null);
      queryClient.clear();
      window.location.assign("/sign-in");
    }
  };
}

export function useSwitchWorkspace() {
  const queryClient = useQueryClient();
  return (workspaceId: string) => {
    setWorkspaceId(workspaceId);
    queryClient.clear();
    window.location.assign("/");
  };
}
