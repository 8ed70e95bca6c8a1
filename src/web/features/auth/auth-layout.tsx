import { Box, Center, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

export function AuthLayout({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Box w="100%" maw={460}>
        <Stack gap={2} mb="lg" align="center">
          <Text fw={800} size="xl" c="indigo.7">
            Lockstep
          </Text>
          <Text size="sm" c="dimmed" ta="center">
            Sales and marketing, one revenue team.
          </Text>
        </Stack>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Title order={2} size="h3" mb={subtitle ? 4 : "md"}>
            {title}
          </Title>
          {subtitle && (
            <Text size="sm" c="dimmed" mb="md">
              {subtitle}
            </Text>
          )}
          {children}
        </Paper>
      </Box>
    </Center>
  );
}

/** Only same-site paths may be followed after signing in. */
export function safeNext(next: string | null): string | null {
  return next?.startsWith("/") && !next.startsWith("//") ? next : null;
}
