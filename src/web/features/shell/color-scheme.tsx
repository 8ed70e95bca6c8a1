// Light or dark, remembered per user: each person who signs in on this browser gets the scheme they chose,
// whoever used it before them.
import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { IconMoon, IconSun } from "@tabler/icons-react";
import { useEffect } from "react";

const keyFor = (userId: string) => `lockstep.colorScheme.${userId}`;

function stored(userId: string): "light" | "dark" | null {
  try {
    const value = localStorage.getItem(keyFor(userId));
    return value === "light" || value === "dark" ? value : null;
  } catch {
    return null;
  }
}

/** Applies the signed-in user's own scheme (light until they choose). */
export function useUserColorScheme(userId: string) {
  const { setColorScheme } = useMantineColorScheme();
  useEffect(() => {
    setColorScheme(stored(userId) ?? "light");
  }, [userId, setColorScheme]);
}

export function ColorSchemeToggle({ userId }: { userId: string }) {
  const { setColorScheme } = useMantineColorScheme();
  const current = useComputedColorScheme("light");
  const next = current === "dark" ? "light" : "dark";
  return (
    <Tooltip label={`Switch to ${next} colours`}>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={`Switch to ${next} colours`}
        onClick={() => {
          setColorScheme(next);
          try {
            localStorage.setItem(keyFor(userId), next);
          } catch {
            // Private mode without storage: the choice lasts this visit.
          }
        }}
      >
        {current === "dark" ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}
