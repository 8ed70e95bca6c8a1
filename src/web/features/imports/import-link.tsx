// "Import from CSV" next to "New …" in an empty list, for the people allowed to import.
import { Button } from "@mantine/core";
import { IconFileImport } from "@tabler/icons-react";
import { Link } from "react-router";
import type { ImportEntity } from "../../../shared/imports";
import { usePermissions } from "../session/session";

export function ImportCsvLink({ entity }: { entity: ImportEntity }) {
  const { isLeadOrAdmin } = usePermissions();
  if (!isLeadOrAdmin) return null;
  return (
    <Button
      component={Link}
      to={`/settings/import?entity=${entity}`}
      variant="default"
      leftSection={<IconFileImport size={16} />}
    >
      Import from CSV
    </Button>
  );
}
