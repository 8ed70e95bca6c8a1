// The persona and the funnel stage an objection or a content request is about: the same pickers in both forms.
import { Select, type SelectProps } from "@mantine/core";
import { STAGE_OPTIONS, usePersonas } from "./asks-api";

export function PersonaSelect({
  placeholder,
  ...props
}: Omit<SelectProps, "data"> & { placeholder: string }) {
  const personas = usePersonas();
  return (
    <Select
      label="Persona"
      placeholder={personas.options.length ? placeholder : "No personas yet"}
      data={personas.options}
      searchable
      clearable
      {...props}
    />
  );
}

export function StageSelect(props: Omit<SelectProps, "data">) {
  return <Select label="Stage" data={STAGE_OPTIONS} clearable {...props} />;
}
