// Deterministic HubSpot-style contacts CSV for the import benchmark (B2). Row i of a file is a pure
// function of (seed, file, i), so the same arguments always give byte-identical files, and about 5%
// of the rows repeat an earlier contact of the same file (same Record ID, e-mail sometimes in other
// case, a later lifecycle stage and lead status) so the importer's dedupe by e-mail is exercised.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { stringify } from "csv-stringify";

/** HubSpot's export headers; the importer maps them without help, "Create Date" is ignored. */
export const CONTACT_HEADERS = [
  "Record ID",
  "First Name",
  "Last Name",
  "Email",
  "Phone Number",
  "Job Title",
  "Company Name",
  "Company Domain Name",
  "Country/Region",
  "State/Region",
  "Lifecycle Stage",
  "Lead Status",
  "Original Source",
  "Create Date",
] as const;

export interface ContactsCsvOptions {
  rows: number;
  seed: number;
  /** Files with different numbers hold different contacts (e-mails and Record IDs never overlap). */
  file: number;
  /** Companies are shared by every file of a seed, so a second file mostly meets existing accounts. */
  companies: number;
  duplicateShare?: number;
}

export interface ContactsCsvStats {
  rows: number;
  duplicates: number;
  uniqueEmails: number;
  bytes: number;
}

const FIRST = [
  "Olivia",
  "Liam",
  "Emma",
  "Noah",
  "Ava",
  "Elijah",
  "Sophia",
  "Lucas",
  "Mia",
  "Mateo",
  "Amelia",
  "Levi",
  "Harper",
  "Ezra",
  "Evelyn",
  "Kai",
  "Aria",
  "Leo",
  "Chloe",
  "Omar",
  "Priya",
  "Hiroshi",
  "Fatima",
  "Sven",
  "Zoë",
  "José",
  "Ingrid",
  "Chen",
  "Aisha",
  "Dmitri",
  "Léa",
  "Nia",
];
const LAST = [
  "Smith",
  "Johnson",
  "Garcia",
  "Miller",
  "Davis",
  "Rodriguez",
  "Martinez",
  "Hernandez",
  "Lopez",
  "Wilson",
  "Anderson",
  "Thomas",
  "Taylor",
  "Moore",
  "Jackson",
  "Martin",
  "Lee",
  "Perez",
  "Thompson",
  "White",
  "O'Brien",
  "Nakamura",
  "Müller",
  "Kowalski",
  "Okafor",
  "Novak",
  "Haddad",
  "Silva",
  "Nguyen",
  "Schmidt",
];
const TITLES = [
  "Marketing Manager",
  "VP Marketing",
  "Director of Demand Generation",
  "Head of Growth",
  "Sales Director",
  "Account Executive",
  "SDR",
  "Chief Revenue Officer",
  "RevOps Analyst",
  "Product Marketing Manager",
  "CFO",
  "Software Engineer",
  "Data Analyst",
  "Founder & CEO",
  "Operations Lead",
  "",
];
const COMPANY_WORDS = [
  "Northwind",
  "Contoso",
  "Globex",
  "Initech",
  "Umbrella",
  "Stark",
  "Wayne",
  "Acme",
  "Hooli",
  "Vandelay",
  "Soylent",
  "Cyberdyne",
  "Tyrell",
  "Wonka",
  "Gringotts",
  "Oscorp",
  "Aperture",
  "Massive",
  "Pied Piper",
  "Blue Sun",
];
const COMPANY_SUFFIXES = [
  "Analytics",
  "Systems",
  "Labs",
  "Logistics",
  "Health",
  "Capital",
  "Software",
  "Foods",
];
const COUNTRIES: [string, string[]][] = [
  ["United States", ["California", "New York", "Texas", "Washington", "Massachusetts", "Illinois"]],
  ["Germany", ["Berlin", "Bavaria", "Hamburg"]],
  ["United Kingdom", ["England", "Scotland"]],
  ["France", ["Île-de-France", "Auvergne-Rhône-Alpes"]],
  ["Canada", ["Ontario", "Quebec", "British Columbia"]],
  ["Japan", ["Tokyo", "Osaka"]],
  ["Brazil", ["São Paulo", "Rio de Janeiro"]],
];
const STAGES = [
  "Subscriber",
  "Lead",
  "Lead",
  "Lead",
  "Marketing Qualified Lead",
  "Sales Qualified Lead",
  "Opportunity",
  "Customer",
  "Other",
  "",
];
const LEAD_STATUSES = [
  "New",
  "Open",
  "In Progress",
  "Attempted to Contact",
  "Connected",
  "Bad Timing",
  "Unqualified",
  "",
];
const SOURCES = [
  "Organic Search",
  "Paid Search",
  "Direct Traffic",
  "Email Marketing",
  "Social Media",
  "Referrals",
  "Offline Sources",
  "Paid Social",
];
const FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com"];

/** 32-bit avalanche hash of a few integers: random access by row, no sequential generator state. */
function hash(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];

export function companyOf(seed: number, index: number) {
  const word = pick(COMPANY_WORDS, hash(seed, 7, index));
  const suffix = pick(COMPANY_SUFFIXES, hash(seed, 8, index));
  // Every company gets its own domain; some names need CSV quoting.
  const name = hash(seed, 9, index) % 20 === 0 ? `${word}, ${suffix} & Co` : `${word} ${suffix} ${index}`;
  const domain = `${word.toLowerCase().replace(/[^a-z]/g, "")}-${suffix.toLowerCase()}-${index}.example.com`;
  return { name, domain };
}

/** The contact behind row `i` of a file, before any duplication. */
function contactRow(options: ContactsCsvOptions, i: number): string[] {
  const { seed, file } = options;
  const h = (salt: number) => hash(seed, file, i, salt);
  const first = pick(FIRST, h(1));
  const last = pick(LAST, h(2));
  const company = companyOf(seed, h(3) % options.companies);
  const freeMail = h(4) % 100 < 4;
  const local = `${first}.${last}`
    .toLowerCase()
    .normalize("NFD")
    .replace(/[^a-z.]/g, "");
  // The file number and row index make every e-mail unique across files of the same seed.
  const email = `${local}.f${file}r${i}@${freeMail ? pick(FREE_MAIL, h(5)) : company.domain}`;
  const [country, regions] = pick(COUNTRIES, h(6));
  const blank = (salt: number, percent: number, value: string) => (h(salt) % 100 < percent ? "" : value);
  const created = new Date(Date.UTC(2024, 0, 1) + (h(7) % (730 * 86_400)) * 1000);
  return [
    String(file * 100_000_000 + i + 1),
    blank(10, 2, first),
    blank(11, 2, last),
    email,
    blank(12, 40, `+1 555 ${String(h(13) % 10_000_000).padStart(7, "0")}`),
    pick(TITLES, h(14)),
    // Free-mail contacts carry no company (HubSpot leaves it blank when it cannot associate one).
    freeMail ? "" : company.name,
    freeMail ? "" : company.domain,
    blank(15, 10, country),
    blank(16, 30, pick(regions, h(17))),
    pick(STAGES, h(18)),
    pick(LEAD_STATUSES, h(19)),
    pick(SOURCES, h(20)),
    created.toISOString().replace("T", " ").slice(0, 19),
  ];
}

/** Row `i` of the file: usually its own contact, sometimes (duplicateShare) a re-export of an earlier one. */
export function csvRow(options: ContactsCsvOptions, i: number): { cells: string[]; duplicate: boolean } {
  const share = options.duplicateShare ?? 0.05;
  const roll = hash(options.seed, options.file, i, 99) / 2 ** 32;
  if (i === 0 || roll >= share) return { cells: contactRow(options, i), duplicate: false };
  // Follow the chain back to an original row so every duplicate repeats a contact that has one.
  let j = hash(options.seed, options.file, i, 98) % i;
  while (j > 0 && hash(options.seed, options.file, j, 99) / 2 ** 32 < share) {
    j = hash(options.seed, options.file, j, 98) % j;
  }
  const cells = contactRow(options, j);
  if (hash(options.seed, options.file, i, 97) % 3 === 0) cells[3] = cells[3].toUpperCase();
  // A re-export later in the contact's life: a later stage and status, no cell blanked, so "the
  // last row wins" and "apply the rows in file order" give the same stored contact.
  cells[10] = pick(
    ["Marketing Qualified Lead", "Sales Qualified Lead", "Customer"],
    hash(options.seed, i, 96),
  );
  cells[11] = pick(["Open", "In Progress", "Connected"], hash(options.seed, i, 95));
  return { cells, duplicate: true };
}

/** Streams the file to disk with back-pressure; memory stays flat whatever the row count. */
export async function writeContactsCsv(
  target: string,
  options: ContactsCsvOptions,
  onProgress?: (rows: number) => void,
): Promise<ContactsCsvStats> {
  const out = createWriteStream(target);
  const csv = stringify({ header: true, columns: [...CONTACT_HEADERS] });
  csv.pipe(out);
  let duplicates = 0;
  for (let i = 0; i < options.rows; i++) {
    const row = csvRow(options, i);
    if (row.duplicate) duplicates++;
    if (!csv.write(row.cells)) await once(csv, "drain");
    if (onProgress && (i + 1) % 50_000 === 0) onProgress(i + 1);
  }
  csv.end();
  await once(out, "finish");
  onProgress?.(options.rows);
  return { rows: options.rows, duplicates, uniqueEmails: options.rows - duplicates, bytes: out.bytesWritten };
}
