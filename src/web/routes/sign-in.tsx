import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { z } from "zod";
import { AuthLayout, safeNext } from "../features/auth/auth-layout";
import { ME_KEY, signIn } from "../features/session/session";
import { errorMessage, isApiError } from "../lib/api";
import { zodErrors } from "../lib/forms";

const signInSchema = z.object({
  email: z.email({ message: "must be an email address" }),
  password: z.string().min(1, "is required"),
});

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: params.get("email") ?? "", password: "" },
    validate: (values) => zodErrors(signInSchema, { ...values, email: values.email.trim() }),
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await signIn(values.email.trim(), values.password);
      await queryClient.resetQueries({ queryKey: ME_KEY });
      navigate(next ?? "/", { replace: true });
    } catch (e) {
      setError(
        isApiError(e, 429)
          ? "Too many attempts in a short time. Wait a few seconds, then try again."
          : isApiError(e, 401) || isApiError(e, 400) || isApiError(e, 403)
            ? "That email and password do not match. Check them and try again."
            : errorMessage(e),
      );
    }
  });

  const signUpLink = `/sign-up${next ? `?next=${encodeURIComponent(next)}` : ""}`;
  return (
    <AuthLayout title="Sign in">
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps("email")}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            {...form.getInputProps("password")}
          />
          <Button type="submit" loading={form.submitting} fullWidth>
            Sign in
          </Button>
          <Text size="sm" ta="center">
            New to Lockstep?{" "}
            <Anchor component={Link} to={signUpLink}>
              Create an account
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
