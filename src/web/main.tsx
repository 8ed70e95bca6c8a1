// The web app's entry: providers, theme and routes.
import "@mantine/core/styles.css";
import "@mantine/charts/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/spotlight/styles.css";
import "./app.css";
import { createTheme, MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, Navigate, RouterProvider } from "react-router";
import { ReportsIndex, ReportsLayout } from "./features/reports/reports-shell";
import { ME_KEY } from "./features/session/session";
import { ProtectedShell } from "./features/shell/app-shell";
import { ApiError } from "./lib/api";
import { AccountDetailPage } from "./routes/account-detail";
import { AccountsPage } from "./routes/accounts-list";
import { AlignmentPage } from "./routes/alignment";
import { ApiKeysSettingsPage } from "./routes/api-keys-settings";
import { AssetDetailPage } from "./routes/asset-detail";
import { CampaignDetailPage, CampaignsPage } from "./routes/campaigns";
import { CockpitPage } from "./routes/cockpit";
import { ContactDetailPage } from "./routes/contact-detail";
import { ContactsPage } from "./routes/contacts-list";
import { ContentRequestsPage } from "./routes/content-requests";
import { EnablementPage } from "./routes/enablement";
import { FeedbackPage } from "./routes/feedback";
import { GlossaryPage } from "./routes/glossary";
import { GoalsPage } from "./routes/goals";
import { ImportPage } from "./routes/import";
import { InboxPage } from "./routes/inbox";
import { InvitePage } from "./routes/invite";
import { LibraryPage } from "./routes/library";
import { MeetingPage, MeetingsPage } from "./routes/meetings";
import { MembersPage } from "./routes/members";
import { MessagingGuidePage, MessagingOverviewPage } from "./routes/messaging";
import { MqlQueuePage } from "./routes/mql-queue";
import { NotFoundPage } from "./routes/not-found";
import { ObjectionsPage } from "./routes/objections";
import { OpportunitiesPage } from "./routes/opportunities-list";
import { OpportunityDetailPage } from "./routes/opportunity-detail";
import { PersonaDetailPage, PersonasPage } from "./routes/personas";
import { PlayDetailPage, PlaysPage } from "./routes/plays";
import { PodDetailPage, PodsPage } from "./routes/pods";
import { PropertiesSettingsPage } from "./routes/properties-settings";
import { ReportsAttributionPage } from "./routes/reports-attribution";
import { ReportsFunnelPage } from "./routes/reports-funnel";
import { ReportsVelocityPage } from "./routes/reports-velocity";
import { ScoringPage } from "./routes/scoring";
import { ScoringModelPage } from "./routes/scoring-model";
import { SeatingPage } from "./routes/seating";
import { SegmentDetailPage, SegmentsPage } from "./routes/segments";
import { InvitationsPage, WorkspaceSettingsPage } from "./routes/settings";
import { SignInPage } from "./routes/sign-in";
import { SignUpPage } from "./routes/sign-up";
import { SlaPage } from "./routes/sla";
import { TargetListDetailPage, TargetListsPage } from "./routes/target-lists";
import { TargetPlanPage } from "./routes/target-plan";
import { TrackingSettingsPage } from "./routes/tracking-settings";
import { WallPage } from "./routes/wall";
import { WebhooksSettingsPage } from "./routes/webhooks-settings";
import { WelcomePage } from "./routes/welcome";

function onSessionLost(error: unknown) {
  // A session that expired mid-use: ask "me" again, and its 401 sends the shell to sign-in. Only a session
  // that was there can be lost: "me" failing is how the shell learns there is none, and asking again
  // then would loop (one request after another, the loader forever).
  if (error instanceof ApiError && error.status === 401 && queryClient.getQueryData(ME_KEY) !== undefined) {
    void queryClient.resetQueries({ queryKey: ME_KEY });
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onSessionLost }),
  mutationCache: new MutationCache({ onError: onSessionLost }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
  fontFamily: "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
});

const router = createBrowserRouter([
  { path: "/sign-in", element: <SignInPage /> },
  { path: "/sign-up", element: <SignUpPage /> },
  { path: "/welcome", element: <WelcomePage /> },
  { path: "/invite", element: <InvitePage /> },
  {
    path: "/",
    element: <ProtectedShell />,
    children: [
      { index: true, element: <CockpitPage /> },
      { path: "queue", element: <MqlQueuePage /> },
      { path: "inbox", element: <InboxPage /> },
      { path: "content-requests", element: <ContentRequestsPage /> },
      {
        path: "reports",
        element: <ReportsLayout />,
        children: [
          { index: true, element: <ReportsIndex /> },
          { path: "funnel", element: <ReportsFunnelPage /> },
          { path: "velocity", element: <ReportsVelocityPage /> },
          { path: "attribution", element: <ReportsAttributionPage /> },
        ],
      },
      { path: "reports/lead-feedback", element: <FeedbackPage /> },
      { path: "reports/objections", element: <ObjectionsPage /> },
      { path: "library", element: <LibraryPage /> },
      { path: "library/assets/:id", element: <AssetDetailPage /> },
      { path: "library/messaging", element: <MessagingOverviewPage /> },
      { path: "library/messaging/:id", element: <MessagingGuidePage /> },
      { path: "library/glossary", element: <GlossaryPage /> },
      { path: "scoring", element: <ScoringPage /> },
      { path: "scoring/:id", element: <ScoringModelPage /> },
      { path: "sla", element: <SlaPage /> },
      { path: "contacts", element: <ContactsPage /> },
      { path: "contacts/:id", element: <ContactDetailPage /> },
      { path: "accounts", element: <AccountsPage /> },
      { path: "accounts/:id", element: <AccountDetailPage /> },
      { path: "opportunities", element: <OpportunitiesPage /> },
      { path: "opportunities/:id", element: <OpportunityDetailPage /> },
      { path: "campaigns", element: <CampaignsPage /> },
      { path: "campaigns/:id", element: <CampaignDetailPage /> },
      { path: "target-accounts", element: <TargetListsPage /> },
      { path: "target-accounts/:id", element: <TargetListDetailPage /> },
      { path: "plays", element: <PlaysPage /> },
      { path: "plays/:id", element: <PlayDetailPage /> },
      { path: "segments", element: <SegmentsPage /> },
      { path: "segments/:id", element: <SegmentDetailPage /> },
      { path: "personas", element: <PersonasPage /> },
      { path: "personas/:id", element: <PersonaDetailPage /> },
      { path: "pods", element: <PodsPage /> },
      { path: "pods/:id", element: <PodDetailPage /> },
      { path: "members", element: <MembersPage /> },
      { path: "goals", element: <GoalsPage /> },
      { path: "goals/plan/:period", element: <TargetPlanPage /> },
      { path: "meetings", element: <MeetingsPage /> },
      { path: "meetings/:id", element: <MeetingPage /> },
      { path: "enablement", element: <EnablementPage /> },
      { path: "seating", element: <SeatingPage /> },
      { path: "wall", element: <WallPage /> },
      { path: "alignment", element: <AlignmentPage /> },
      { path: "settings", element: <Navigate to="/settings/workspace" replace /> },
      { path: "settings/workspace", element: <WorkspaceSettingsPage /> },
      { path: "settings/invitations", element: <InvitationsPage /> },
      { path: "settings/import", element: <ImportPage /> },
      { path: "settings/properties", element: <PropertiesSettingsPage /> },
      { path: "settings/tracking", element: <TrackingSettingsPage /> },
      { path: "settings/webhooks", element: <WebhooksSettingsPage /> },
      { path: "settings/api-keys", element: <ApiKeysSettingsPage /> },
      {
        path: "settings/audit",
        lazy: async () => ({ Component: (await import("./routes/audit-log")).AuditLogPage }),
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
