// Glossary terms linked where they appear: `<GlossaryTerm word="MQL">` shows the word with a dotted underline
// and, on hover or focus, the definition in force and a link to the glossary; `<GlossaryText text="MQLs in May">`
// does the same for every glossary word (or synonym, plural "s" too) found in a short text such as a title.
// Words the glossary does not define, and everything while it loads, show as plain text.
import { Anchor, Badge, HoverCard, Stack, Text } from "@mantine/core";
import { type ReactNode, useMemo } from "react";
import { Link } from "react-router";
import { glossaryWords, type GlossaryTerm as Term } from "../../../shared/glossary";
import { useGlossary } from "./glossary-api";

interface Lookup {
  byWord: Map<string, Term>;
  pattern: RegExp | null;
}

const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function buildLookup(terms: Term[]): Lookup {
  const byWord = new Map<string, Term>();
  for (const term of terms) for (const word of glossaryWords(term)) byWord.set(word, term);
  const words = [...byWord.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  // Whole words only, an optional plural "s" ("MQLs"); letters and digits around a match end it.
  const pattern = words.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(${words.join("|")})s?(?![\\p{L}\\p{N}])`, "giu")
    : null;
  return { byWord, pattern };
}

/** The terms in force, looked up by any of their words (lower case). */
export function useGlossaryLookup(): Lookup {
  const glossary = useGlossary();
  const terms = glossary.data?.active?.terms;
  return useMemo(() => buildLookup(terms ?? []), [terms]);
}

export const glossaryHref = (term: string) => `/library/glossary?term=${encodeURIComponent(term)}`;

function TermCard({ term, children }: { term: Term; children: ReactNode }) {
  return (
    <HoverCard width={320} shadow="md" openDelay={150} closeDelay={150} withinPortal position="bottom-start">
      <HoverCard.Target>
        <Text
          span
          inherit
          tabIndex={0}
          data-testid="glossary-term"
          data-term={term.term}
          style={{ textDecoration: "underline dotted", textUnderlineOffset: 3, cursor: "help" }}
        >
          {children}
        </Text>
      </HoverCard.Target>
      <HoverCard.Dropdown data-testid="glossary-card">
        <Stack gap={6}>
          <Text fw={700} size="sm">
            {term.term}
            {term.alsoCalled.length > 0 && (
              <Text span c="dimmed" size="xs" fw={400}>
                {" "}
                · also called {term.alsoCalled.join(", ")}
              </Text>
            )}
          </Text>
          <Text size="sm" style={{ whiteSpace: "pre-line" }}>
            {term.definition}
          </Text>
          <Anchor component={Link} to={glossaryHref(term.term)} size="xs">
            In the glossary both teams agreed on
          </Anchor>
        </Stack>
      </HoverCard.Dropdown>
    </HoverCard>
  );
}

/** One word linked to its glossary term (`word` names the term or a synonym; `children` default to it). */
export function GlossaryTerm({ word, children }: { word: string; children?: ReactNode }) {
  const { byWord } = useGlossaryLookup();
  const term = byWord.get(word.trim().toLowerCase());
  if (!term) return <>{children ?? word}</>;
  return <TermCard term={term}>{children ?? word}</TermCard>;
}

/** A short text with each glossary word in it linked (the first time it appears). */
export function GlossaryText({ text }: { text: string }) {
  const { byWord, pattern } = useGlossaryLookup();
  if (!pattern) return <>{text}</>;
  const parts: ReactNode[] = [];
  const seen = new Set<Term>();
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    const term = byWord.get(match[1].toLowerCase());
    if (!term || seen.has(term) || match.index === undefined) continue;
    seen.add(term);
    parts.push(text.slice(at, match.index));
    parts.push(
      <TermCard key={match.index} term={term}>
        {match[0]}
      </TermCard>,
    );
    at = match.index + match[0].length;
  }
  if (parts.length === 0) return <>{text}</>;
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/** "Also called" synonyms as small badges. */
export function SynonymBadges({ words }: { words: string[] }) {
  return words.map((w) => (
    <Badge key={w} variant="light" color="gray" size="sm" tt="none">
      {w}
    </Badge>
  ));
}
