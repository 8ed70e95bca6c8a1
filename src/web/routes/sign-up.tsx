import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { z } from "zod";
import { AuthLayout, safeNext } from "../features/auth/auth-layout";
import { ME_KEY, signUp } from "../features/session/session";
import { errorMessage, isApiError } from "../lib/api";
import { zodErrors } from "../lib/forms";

const signUpSchema = z.object({
  name: z.string().trim().min(1, "is required").max(120),
  email: z.email({ message: "must be an email address" }),
  password: z.string().min(8, "must be at least 8 characters").max(128),
});

export function SignUpPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "", email: params.get("email") ?? "", password: "" },
    validate: (values) => zodErrors(signUpSchema, { ...values, email: values.email.trim() }),
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await signUp(values.name.trim(), values.email.trim(), values.password);
      await queryClient.resetQueries({ queryKey: ME_KEY });
      navigate(next ?? "/welcome", { replace: true });
    } catch (e) {
      if (isApiError(e) && e.code === "sign_up_not_signed_in") {
        form.setFieldError("email", e.message);
      } else if (isApiError(e, 400) && /password/i.test(e.message)) {
        form.setFieldError("password", e.message);
      } else if (isApiError(e, 429)) {
        setError("Too many attempts in a short time. Wait a few seconds, then try again.");
      } else setError(errorMessage(e));
    }
  });

  const signInLink = `/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`;
  return (
    <AuthLayout
      title="Create your account"
      subtitle="Then set up your team's workspace, or join the one you were invited to."
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Your name" autoComplete="name" required {...form.getInputProps("name")} />
          <TextInput
            label="Work email"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps("email")}
          />
          <PasswordInput
            label="Password"
            description="At least 8 characters"
            autoComplete="new-password"
            required
            {...form.getInputProps("password")}
          />
          <Button type="submit" loading={form.submitting} fullWidth>
            Create account
          </Button>
          <Text size="sm" ta="center">
            Already have an account?{" "}
            <Anchor component={Link} to={signInLink}>
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
