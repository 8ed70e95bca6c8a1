import { createPodSchema } from "../../../shared/team";
import { recordFormModal, unset } from "../common/record-form";

export const PodFormModal = recordFormModal("pods", "pod", {
  fromRecord: (pod) => ({ memberIds: pod.members.map((m) => m.id) }),
  toPayload: (v) => ({
    name: v.name.trim(),
    description: v.description.trim(),
    memberIds: v.memberIds,
    territories: v.territories.map((t) => t.trim()).filter(Boolean),
  }),
  schema: createPodSchema,
  conflict: { field: "name", message: "A pod with this name already exists" },
  size: "md",
  fields: [
    {
      name: "name",
      label: "Pod name",
      kind: "text",
      placeholder: "e.g. Pod North – mid-market",
      required: true,
      span: 12,
    },
    {
      name: "description",
      label: "Description",
      kind: "textarea",
      description: "Which customers this pod works",
      span: 12,
    },
    {
      name: "memberIds",
      label: "Members",
      kind: "members",
      description: "Mix sales and marketing: the pod works the same customers together",
      span: 12,
    },
    {
      name: "territories",
      label: "Territories",
      kind: "tags",
      description:
        "Regions or countries, as written on contacts and accounts (e.g. EMEA, Germany). New MQLs from there are routed to this pod's sales reps.",
      placeholder: "Type and press Enter",
      clearable: true,
      span: 12,
    },
  ],
  blank: () => ({
    name: "",
    description: "",
    memberIds: unset.list(),
    territories: unset.list(),
  }),
});
