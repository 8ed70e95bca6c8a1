// Adding an asset to the insights library: what it is, for whom and when in the funnel, and either a link
// or a file (checked for size and type before it is sent; the server checks its content too).
import {
  Alert,
  Button,
  FileInput,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useNavigate } from "react-router";
import {
  ASSET_FILE_TYPES,
  ASSET_KIND_LABELS,
  ASSET_KINDS,
  type AssetKind,
  LIBRARY_STAGE_LABELS,
  LIBRARY_STAGES,
  type LibraryStage,
  MAX_ASSET_FILE_BYTES,
} from "../../../shared/library";
import { errorMessage } from "../../lib/api";
import { applyApiError } from "../../lib/forms";
import { PersonaSelect } from "../asks/ask-fields";
import { MemberSelect } from "../common/records";
import { useSession } from "../session/session";
import { useCreateAsset } from "./library-api";

export const KIND_OPTIONS = ASSET_KINDS.map((value) => ({ value, label: ASSET_KIND_LABELS[value] }));
export const LIBRARY_STAGE_OPTIONS = LIBRARY_STAGES.map((value) => ({
  value,
  label: LIBRARY_STAGE_LABELS[value],
}));
export const ACCEPTED_FILES = Object.keys(ASSET_FILE_TYPES).join(",");

interface Values {
  kind: AssetKind;
  title: string;
  summary: string;
  personaId: string | null;
  funnelStage: LibraryStage | null;
  industry: string;
  tags: string[];
  ownerMemberId: string | null;
  source: string;
  sourceDate: string;
  url: string;
}

/** Why a file cannot be uploaded, before sending it. */
export function fileProblem(file: File | null): string | null {
  if (!file) return null;
  if (file.size > MAX_ASSET_FILE_BYTES) return "is larger than 10 MB";
  if (!(file.type in ASSET_FILE_TYPES))
    return "must be a PDF, an image, an MP4 video, a PowerPoint, Word or Excel file, or text";
  return null;
}

export function AssetFormModal({ onClose }: { onClose: () => void }) {
  const { member } = useSession();
  const navigate = useNavigate();
  const create = useCreateAsset();
  const [mode, setMode] = useState<"link" | "file">("link");
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      kind: "customer_story",
      title: "",
      summary: "",
      personaId: null,
      funnelStage: null,
      industry: "",
      tags: [],
      ownerMemberId: member.id,
      source: "",
      sourceDate: "",
      url: "",
    },
    validate: {
      title: (v) => (v.trim() ? null : "Give the asset a title"),
      url: (v) =>
        mode === "link" && v.trim() && !/^https?:\/\//i.test(v.trim()) ? "Must start with https://" : null,
      source: (v, values) =>
        values.kind === "statistic" && !v.trim() ? "Who published the statistic?" : null,
      sourceDate: (v, values) =>
        values.kind === "statistic" && !v ? "When was it published? (YYYY-MM-DD)" : null,
    },
  });
  const submit = form.onSubmit((values) => {
    const problem = mode === "file" ? (file ? fileProblem(file) : "Choose a file to upload") : null;
    setFileError(problem);
    if (problem) return;
    create.mutate(
      {
        input: {
          kind: values.kind,
          title: values.title,
          summary: values.summary,
          personaId: values.personaId,
          funnelStage: values.funnelStage,
          industry: values.industry || null,
          tags: values.tags,
          ownerMemberId: values.ownerMemberId ?? undefined,
          url: mode === "link" && values.url.trim() ? values.url.trim() : null,
          source: values.source || null,
          sourceDate: values.sourceDate || null,
        },
        file: mode === "file" ? file : null,
      },
      {
        onSuccess: (asset) => {
          notifications.show({ color: "green", message: `“${asset.title}” is in the library.` });
          onClose();
          navigate(`/library/assets/${asset.id}`);
        },
        onError: (error) => {
          if (!applyApiError(form, error)) setFileError(errorMessage(error));
        },
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title="Add an asset to the library" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="Kind" data={KIND_OPTIONS} allowDeselect={false} {...form.getInputProps("kind")} />
            <TextInput label="Title" required data-autofocus {...form.getInputProps("title")} />
          </SimpleGrid>
          <Textarea
            label="Summary"
            description="What it proves and when to use it"
            autosize
            minRows={2}
            {...form.getInputProps("summary")}
          />
          {form.values.kind === "statistic" && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Source"
                placeholder="Gartner, Forrester…"
                required
                {...form.getInputProps("source")}
              />
              <TextInput
                label="Published on"
                placeholder="2026-01-31"
                type="date"
                required
                {...form.getInputProps("sourceDate")}
              />
            </SimpleGrid>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <PersonaSelect placeholder="Any persona" {...form.getInputProps("personaId")} />
            <Select
              label="Funnel stage"
              placeholder="Any stage"
              data={LIBRARY_STAGE_OPTIONS}
              clearable
              {...form.getInputProps("funnelStage")}
            />
            <TextInput label="Industry" placeholder="Manufacturing" {...form.getInputProps("industry")} />
            <MemberSelect
              label="Owner"
              value={form.values.ownerMemberId}
              onChange={(v) => form.setFieldValue("ownerMemberId", v)}
              error={form.errors.ownerMemberId}
            />
          </SimpleGrid>
          <TagsInput label="Tags" placeholder="Type a tag and press Enter" {...form.getInputProps("tags")} />
          <SegmentedControl
            value={mode}
            onChange={(v) => setMode(v as "link" | "file")}
            data={[
              { value: "link", label: "Link a URL" },
              { value: "file", label: "Upload a file" },
            ]}
          />
          {mode === "link" ? (
            <TextInput
              label="Link"
              placeholder="https://…"
              description="Where the asset lives (your drive, CMS, video host)"
              {...form.getInputProps("url")}
            />
          ) : (
            <FileInput
              label="File"
              description="PDF, image, MP4, PowerPoint, Word, Excel or text; 10 MB at most"
              accept={ACCEPTED_FILES}
              value={file}
              onChange={(f) => {
                setFile(f);
                setFileError(fileProblem(f));
              }}
              error={fileError}
              clearable
            />
          )}
          {mode === "link" && fileError && (
            <Alert color="red" role="alert">
              {fileError}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add asset
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
