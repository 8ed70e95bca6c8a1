import { Button } from "@mantine/core";
import { Link } from "react-router";
import { EmptyBlock } from "../features/common/query-states";

export function NotFoundPage() {
  return (
    <EmptyBlock
      title="This page does not exist"
      description="The link may be old, or the record was removed."
      action={
        <Button component={Link} to="/">
          Go to the cockpit
        </Button>
      }
    />
  );
}
