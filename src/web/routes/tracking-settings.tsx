// Settings → Tracking: a thin page over the tracking sections (write keys, the snippet, event mapping).
import { Stack } from "@mantine/core";
import { PageHeader } from "../features/common/page-header";
import {
  EventMappingSection,
  InstallSection,
  WriteKeysSection,
} from "../features/tracking/tracking-sections";

export function TrackingSettingsPage() {
  return (
    <>
      <PageHeader
        title="Tracking"
        description="Bring your website's and tools' engagement into Lockstep as it happens. Every visit, form and tracked event becomes a touch on the contact's timeline, where both teams see it and lead scores use it."
      />
      <Stack gap="lg">
        <WriteKeysSection />
        <InstallSection />
        <EventMappingSection />
      </Stack>
    </>
  );
}
