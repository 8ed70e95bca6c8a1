// "Change stage" on a record's page (a contact's lifecycle stage, a deal's pipeline stage): a menu of the
// stages, the current one disabled; the choice is saved like any edit of the record, with its notice.
import { Button, Menu } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconChevronDown } from "@tabler/icons-react";
import { errorMessage } from "../../lib/api";
import { useSaveRecord } from "./record-actions";
import type { Resource } from "./records";

export function StageMenu<T extends { id: string }, K extends keyof T & string>({
  resource,
  record,
  field,
  stages,
  stageLabel,
  label,
  heading,
}: {
  resource: Resource;
  record: T;
  /** The record's stage field, e.g. "lifecycleStage". */
  field: K;
  stages: readonly string[];
  stageLabel: (stage: string) => string;
  /** The button's text. */
  label: string;
  /** A heading over the stages. */
  heading?: string;
}) {
  const save = useSaveRecord<T>(resource, record.id);
  const move = (stage: string) =>
    save.mutate(
      { [field]: stage },
      {
        onSuccess: (saved) =>
          notifications.show({ color: "green", message: `Moved to ${stageLabel(String(saved[field]))}.` }),
        onError: (error) =>
          notifications.show({ color: "red", title: "Stage not changed", message: errorMessage(error) }),
      },
    );
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="light" rightSection={<IconChevronDown size={14} />} loading={save.isPending}>
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {heading && <Menu.Label>{heading}</Menu.Label>}
        {stages.map((s) => (
          <Menu.Item key={s} disabled={s === record[field]} onClick={() => move(s)}>
            {stageLabel(s)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
