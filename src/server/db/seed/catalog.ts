// The fixed vocabulary of the demo workspace "Acme Analytics": its people, pods, personas, segments, campaign
// plan, web pages and the name pools accounts and contacts are drawn from. Pure data, no randomness.
import type { Channel, MemberRole, Team } from "../../../shared/domain.js";

export const DEMO_PASSWORD = "lockstep-demo";
export const DEMO_EMAIL_DOMAIN = "demo.lockstep.dev";
export const DEMO_SITE = "https://www.acme-analytics.example";

export const WORKSPACE_MISSION =
  "Grow net-new ARR 40% this year as one revenue team: marketing and sales agree on what a good lead is, " +
  "every MQL gets a human answer within four business hours, and every win is celebrated by both teams.";

export type PodKey = "atlas" | "beacon" | "compass";

export interface MemberSeed {
  firstName: string;
  lastName: string;
  team: Team;
  role: MemberRole;
  title: string;
  pods: PodKey[];
  /** Account executives own accounts and deals; development reps work fresh MQLs. */
  sells?: "ae" | "sdr";
}

/** The first member is the sign-in handed back to the caller, so it must be an admin who sees everything. */
export const MEMBERS: MemberSeed[] = [
  { firstName: "Riley", lastName: "Revenue", team: "revenue", role: "admin", title: "VP Revenue", pods: [] },
  {
    firstName: "Sam",
    lastName: "Patel",
    team: "revenue",
    role: "member",
    title: "Revenue Operations Manager",
    pods: [],
  },
  {
    firstName: "Maya",
    lastName: "Chen",
    team: "marketing",
    role: "lead",
    title: "Head of Demand Generation",
    pods: ["compass"],
  },
  {
    firstName: "Leo",
    lastName: "Garcia",
    team: "marketing",
    role: "member",
    title: "Content Marketing Manager",
    pods: ["atlas"],
  },
  {
    firstName: "Priya",
    lastName: "Nair",
    team: "marketing",
    role: "member",
    title: "Marketing Operations Specialist",
    pods: ["beacon"],
  },
  {
    firstName: "Ava",
    lastName: "Kim",
    team: "marketing",
    role: "member",
    title: "Field Marketing Manager",
    pods: ["compass"],
  },
  {
    firstName: "Jordan",
    lastName: "Blake",
    team: "sales",
    role: "lead",
    title: "Sales Director",
    pods: ["compass"],
    sells: "ae",
  },
  {
    firstName: "Noah",
    lastName: "Schmidt",
    team: "sales",
    role: "member",
    title: "Account Executive",
    pods: ["atlas"],
    sells: "ae",
  },
  {
    firstName: "Emma",
    lastName: "Rossi",
    team: "sales",
    role: "member",
    title: "Account Executive",
    pods: ["beacon"],
    sells: "ae",
  },
  {
    firstName: "Lucas",
    lastName: "Okafor",
    team: "sales",
    role: "member",
    title: "Sales Development Rep",
    pods: ["atlas", "beacon"],
    sells: "sdr",
  },
  {
    firstName: "Zoe",
    lastName: "Dubois",
    team: "sales",
    role: "member",
    title: "Sales Development Rep",
    pods: ["compass"],
    sells: "sdr",
  },
];

export const PODS: { key: PodKey; name: string; description: string }[] = [
  {
    key: "atlas",
    name: "Pod Atlas",
    description: "North American mid-market tech; owns the revenue-leader and RevOps personas.",
  },
  {
    key: "beacon",
    name: "Pod Beacon",
    description: "Regulated industries (financial services, healthcare); owns the finance approver persona.",
  },
  {
    key: "compass",
    name: "Pod Compass",
    description: "EMEA growth accounts; owns the demand-gen and frontline sales-manager personas.",
  },
];

export type Seniority = "c_level" | "vp" | "director" | "manager" | "individual_contributor";

export interface TitleSeed {
  title: string;
  seniority: Seniority;
  department: string | null;
}

export interface PersonaSeed {
  key: string;
  name: string;
  description: string;
  /** Case-insensitive substrings; the generated persona titles below each contain one of them. */
  titlePatterns: string[];
  seniorities: Seniority[];
  departments: string[];
  pains: string;
  objections: string;
  pod: PodKey;
  /** Share of persona-matching contacts that get this persona. */
  weight: number;
  titles: TitleSeed[];
}

// Order matters: a title is matched against the personas in this order, so patterns never overlap.
export const PERSONAS: PersonaSeed[] = [
  {
    key: "revenue_leader",
    name: "Revenue Rita (revenue leader)",
    description: "Owns the number: CRO, VP Sales or sales director at a B2B company.",
    titlePatterns: ["chief revenue officer", "vp of sales", "vp sales", "head of sales", "sales director"],
    seniorities: ["c_level", "vp", "director"],
    departments: ["sales"],
    pains: "Forecasts miss by 20%; pipeline reviews are arguments about whose numbers are right.",
    objections: "We already have a BI team; another tool means another login for my reps.",
    pod: "atlas",
    weight: 0.2,
    titles: [
      { title: "Chief Revenue Officer", seniority: "c_level", department: "sales" },
      { title: "VP of Sales", seniority: "vp", department: "sales" },
      { title: "Head of Sales", seniority: "vp", department: "sales" },
      { title: "Sales Director", seniority: "director", department: "sales" },
      { title: "Regional Sales Director", seniority: "director", department: "sales" },
    ],
  },
  {
    key: "demand_gen_leader",
    name: "Demand-gen Dana (marketing leader)",
    description: "Runs demand generation and is measured on pipeline, not clicks.",
    titlePatterns: [
      "chief marketing officer",
      "vp marketing",
      "vp of marketing",
      "head of marketing",
      "demand generation",
      "growth marketing",
    ],
    seniorities: ["c_level", "vp", "director", "manager"],
    departments: ["marketing"],
    pains: "Cannot prove which campaigns create revenue; sales ignores half of the MQLs.",
    objections: "Attribution tools never reconcile with finance; our data is too messy.",
    pod: "compass",
    weight: 0.25,
    titles: [
      { title: "Chief Marketing Officer", seniority: "c_level", department: "marketing" },
      { title: "VP Marketing", seniority: "vp", department: "marketing" },
      { title: "Head of Marketing", seniority: "director", department: "marketing" },
      { title: "Director of Demand Generation", seniority: "director", department: "marketing" },
      { title: "Demand Generation Manager", seniority: "manager", department: "marketing" },
      { title: "Growth Marketing Manager", seniority: "manager", department: "marketing" },
    ],
  },
  {
    key: "revops",
    name: "RevOps Ravi (operator)",
    description: "Keeps CRM, marketing automation and reporting running for both teams.",
    titlePatterns: ["revenue operations", "sales operations", "marketing operations", "revops"],
    seniorities: ["director", "manager", "individual_contributor"],
    departments: ["operations"],
    pains: "Spends Mondays reconciling spreadsheets; every report request is a one-off.",
    objections: "Implementation will land on my desk; what about our custom fields?",
    pod: "atlas",
    weight: 0.2,
    titles: [
      { title: "Director of Revenue Operations", seniority: "director", department: "operations" },
      { title: "Revenue Operations Manager", seniority: "manager", department: "operations" },
      { title: "Sales Operations Analyst", seniority: "individual_contributor", department: "operations" },
      { title: "Marketing Operations Manager", seniority: "manager", department: "operations" },
      { title: "RevOps Specialist", seniority: "individual_contributor", department: "operations" },
    ],
  },
  {
    key: "frontline_sales_manager",
    name: "Frontline Frank (sales manager)",
    description: "Coaches a team of reps and lives in pipeline reviews.",
    titlePatterns: ["sales manager", "sales development"],
    seniorities: ["manager"],
    departments: ["sales"],
    pains: "Reps chase bad leads; no visibility into which activities move deals.",
    objections: "My team will not log activities in yet another place.",
    pod: "compass",
    weight: 0.2,
    titles: [
      { title: "Sales Manager", seniority: "manager", department: "sales" },
      { title: "Regional Sales Manager", seniority: "manager", department: "sales" },
      { title: "Sales Development Manager", seniority: "manager", department: "sales" },
    ],
  },
  {
    key: "finance_approver",
    name: "Finance Fiona (economic buyer)",
    description: "Signs off the budget and wants revenue numbers finance can audit.",
    titlePatterns: ["chief financial officer", "vp finance", "finance director", "controller"],
    seniorities: ["c_level", "vp", "director"],
    departments: ["finance"],
    pains: "Marketing and sales report different revenue; CAC payback is a guess.",
    objections: "Show me the ROI within two quarters; we are cutting tools, not adding them.",
    pod: "beacon",
    weight: 0.15,
    titles: [
      { title: "Chief Financial Officer", seniority: "c_level", department: "finance" },
      { title: "VP Finance", seniority: "vp", department: "finance" },
      { title: "Finance Director", seniority: "director", department: "finance" },
      { title: "Financial Controller", seniority: "manager", department: "finance" },
    ],
  },
];

/** Titles that match no persona: the noise a scoring model must learn to ignore. */
export const OTHER_TITLES: (TitleSeed & { weight: number })[] = [
  { title: "Software Engineer", seniority: "individual_contributor", department: "engineering", weight: 12 },
  { title: "Engineering Manager", seniority: "manager", department: "engineering", weight: 5 },
  { title: "Product Manager", seniority: "manager", department: "product", weight: 7 },
  { title: "Data Analyst", seniority: "individual_contributor", department: "it", weight: 8 },
  { title: "IT Manager", seniority: "manager", department: "it", weight: 4 },
  { title: "Customer Success Manager", seniority: "manager", department: "customer_success", weight: 6 },
  {
    title: "Account Manager",
    seniority: "individual_contributor",
    department: "customer_success",
    weight: 5,
  },
  { title: "HR Generalist", seniority: "individual_contributor", department: "hr", weight: 4 },
  { title: "Office Manager", seniority: "individual_contributor", department: "operations", weight: 3 },
  { title: "Consultant", seniority: "individual_contributor", department: null, weight: 5 },
  { title: "Marketing Intern", seniority: "individual_contributor", department: "marketing", weight: 3 },
  { title: "Intern", seniority: "individual_contributor", department: null, weight: 4 },
  { title: "Student", seniority: "individual_contributor", department: null, weight: 5 },
];

export interface SegmentSeed {
  name: string;
  description: string;
  industries: string[];
  minEmployees: number | null;
  maxEmployees: number | null;
  regions: string[];
  pod: PodKey;
}

// Order matters: an account belongs to the first segment it fits.
export const SEGMENTS: SegmentSeed[] = [
  {
    name: "North America mid-market tech",
    description: "Software, media and services companies with 100-5,000 employees in North America.",
    industries: ["Software", "Media", "Professional Services"],
    minEmployees: 100,
    maxEmployees: 5000,
    regions: ["North America"],
    pod: "atlas",
  },
  {
    name: "Enterprise financial services",
    description: "Banks, insurers and fintechs with 1,000+ employees in North America and EMEA.",
    industries: ["Financial Services"],
    minEmployees: 1000,
    maxEmployees: null,
    regions: ["North America", "EMEA"],
    pod: "beacon",
  },
  {
    name: "Healthcare and life sciences",
    description: "Providers, payers and life-science companies with 200+ employees.",
    industries: ["Healthcare"],
    minEmployees: 200,
    maxEmployees: null,
    regions: ["North America", "EMEA"],
    pod: "beacon",
  },
  {
    name: "EMEA growth",
    description: "Software, retail, logistics and manufacturing companies with 50-2,000 employees in EMEA.",
    industries: ["Software", "Retail", "Logistics", "Manufacturing"],
    minEmployees: 50,
    maxEmployees: 2000,
    regions: ["EMEA"],
    pod: "compass",
  },
];

export interface IndustrySeed {
  name: string;
  weight: number;
  /** Typical annual revenue per employee in USD. */
  revenuePerEmployee: number;
  nouns: string[];
}

export const INDUSTRIES: IndustrySeed[] = [
  {
    name: "Software",
    weight: 26,
    revenuePerEmployee: 250_000,
    nouns: ["Software", "Labs", "Cloud", "Systems", "Data", "AI", "Apps", "Technologies"],
  },
  {
    name: "Financial Services",
    weight: 13,
    revenuePerEmployee: 400_000,
    nouns: ["Capital", "Financial", "Bank", "Insurance", "Payments", "Wealth", "Credit"],
  },
  {
    name: "Healthcare",
    weight: 12,
    revenuePerEmployee: 180_000,
    nouns: ["Health", "Medical", "Care", "Clinics", "Bio", "Therapeutics", "Diagnostics"],
  },
  {
    name: "Manufacturing",
    weight: 11,
    revenuePerEmployee: 300_000,
    nouns: ["Industries", "Manufacturing", "Works", "Machines", "Materials", "Components"],
  },
  {
    name: "Retail",
    weight: 10,
    revenuePerEmployee: 200_000,
    nouns: ["Retail", "Goods", "Outfitters", "Market", "Stores"],
  },
  {
    name: "Logistics",
    weight: 8,
    revenuePerEmployee: 260_000,
    nouns: ["Logistics", "Freight", "Shipping", "Transport"],
  },
  {
    name: "Media",
    weight: 8,
    revenuePerEmployee: 220_000,
    nouns: ["Media", "Studios", "Publishing", "Broadcasting"],
  },
  {
    name: "Education",
    weight: 6,
    revenuePerEmployee: 90_000,
    nouns: ["Learning", "Academy", "Education", "University"],
  },
  {
    name: "Professional Services",
    weight: 6,
    revenuePerEmployee: 210_000,
    nouns: ["Consulting", "Partners", "Advisory", "Group", "Associates"],
  },
];

export const COMPANY_WORDS = [
  "Acorn",
  "Alder",
  "Alpine",
  "Amber",
  "Anchor",
  "Apex",
  "Arbor",
  "Argo",
  "Aspen",
  "Atlas",
  "Aurora",
  "Axis",
  "Beacon",
  "Birch",
  "Blue Harbor",
  "Bluebird",
  "Bolt",
  "Boulder",
  "Bright",
  "Brook",
  "Canyon",
  "Cardinal",
  "Cascade",
  "Cedar",
  "Cobalt",
  "Comet",
  "Copper",
  "Coral",
  "Crest",
  "Crystal",
  "Cypress",
  "Delta",
  "Drift",
  "Eagle",
  "Echo",
  "Ember",
  "Evergreen",
  "Falcon",
  "Fern",
  "Fjord",
  "Flint",
  "Forge",
  "Fox",
  "Frontier",
  "Galaxy",
  "Garnet",
  "Glacier",
  "Granite",
  "Greenfield",
  "Grove",
  "Harbor",
  "Hawk",
  "Helix",
  "Highland",
  "Horizon",
  "Indigo",
  "Iris",
  "Iron",
  "Ivory",
  "Jade",
  "Juniper",
  "Keystone",
  "Kite",
  "Lakeside",
  "Lantern",
  "Laurel",
  "Legacy",
  "Lighthouse",
  "Linden",
  "Lumen",
  "Lynx",
  "Magnolia",
  "Maple",
  "Marble",
  "Meadow",
  "Meridian",
  "Mesa",
  "Metro",
  "Monarch",
  "Nimbus",
  "Noble",
  "North Star",
  "Northwind",
  "Nova",
  "Oak",
  "Oakridge",
  "Ocean",
  "Onyx",
  "Orbit",
  "Orchid",
  "Osprey",
  "Pacific",
  "Paragon",
  "Peak",
  "Pebble",
  "Pelican",
  "Pine",
  "Pinnacle",
  "Pioneer",
  "Polar",
  "Prairie",
  "Prism",
  "Quartz",
  "Quill",
  "Radiant",
  "Raven",
  "Redwood",
  "Ridge",
  "River",
  "Rock Creek",
  "Sable",
  "Sage",
  "Sapphire",
  "Sequoia",
  "Sierra",
  "Silver",
  "Skyline",
  "Solstice",
  "Sparrow",
  "Spruce",
  "Starling",
  "Stone",
  "Summit",
  "Sunrise",
  "Swift",
  "Tidal",
  "Timber",
  "Topaz",
  "Trail",
  "Tundra",
  "Union",
  "Valley",
  "Vector",
  "Velvet",
  "Vertex",
  "Vista",
  "Willow",
  "Windmill",
  "Zenith",
  "Zephyr",
];

// Appended to a company name already taken, so names and domains stay unique at every scale.
export const NAME_SUFFIXES = [
  "Group",
  "Inc.",
  "Holdings",
  "International",
  "Partners",
  "Global",
  "Solutions",
  "Co.",
];

/** Reserved top-level domain (RFC 2606): demo contacts must never be reachable real addresses. */
export const ACCOUNT_TLD = ".example";

export const REGIONS: { name: string; weight: number; countries: [string, number][]; phonePrefix: string }[] =
  [
    {
      name: "North America",
      weight: 55,
      countries: [
        ["United States", 85],
        ["Canada", 15],
      ],
      phonePrefix: "+1",
    },
    {
      name: "EMEA",
      weight: 30,
      countries: [
        ["United Kingdom", 30],
        ["Germany", 25],
        ["France", 15],
        ["Netherlands", 12],
        ["Sweden", 8],
        ["Spain", 10],
      ],
      phonePrefix: "+44",
    },
    {
      name: "APAC",
      weight: 10,
      countries: [
        ["Australia", 40],
        ["Singapore", 25],
        ["Japan", 20],
        ["India", 15],
      ],
      phonePrefix: "+61",
    },
    {
      name: "LATAM",
      weight: 5,
      countries: [
        ["Brazil", 55],
        ["Mexico", 45],
      ],
      phonePrefix: "+55",
    },
  ];

export const FIRST_NAMES = [
  "Aaron",
  "Abigail",
  "Adam",
  "Adrian",
  "Aisha",
  "Alejandro",
  "Alex",
  "Alice",
  "Amara",
  "Amelia",
  "Amir",
  "Ana",
  "Andrea",
  "Andrew",
  "Anika",
  "Anna",
  "Anthony",
  "Arjun",
  "Ben",
  "Bianca",
  "Brandon",
  "Caleb",
  "Camila",
  "Carlos",
  "Caroline",
  "Charlotte",
  "Chen",
  "Chloe",
  "Chris",
  "Claire",
  "Daniel",
  "David",
  "Diana",
  "Diego",
  "Dmitri",
  "Elena",
  "Eli",
  "Elif",
  "Elijah",
  "Elizabeth",
  "Emily",
  "Emma",
  "Ethan",
  "Fatima",
  "Felix",
  "Fiona",
  "Gabriel",
  "Grace",
  "Hana",
  "Hannah",
  "Harper",
  "Hassan",
  "Henry",
  "Hiro",
  "Ian",
  "Ines",
  "Isaac",
  "Isabella",
  "Ivan",
  "Jack",
  "Jacob",
  "James",
  "Jasmine",
  "Javier",
  "Jessica",
  "Ji-woo",
  "Joao",
  "Jonas",
  "Jordan",
  "Julia",
  "Kai",
  "Karen",
  "Kate",
  "Kenji",
  "Kevin",
  "Laila",
  "Lars",
  "Laura",
  "Leah",
  "Liam",
  "Lina",
  "Logan",
  "Lucas",
  "Lucia",
  "Luis",
  "Maria",
  "Mark",
  "Marta",
  "Mateo",
  "Matthew",
  "Mei",
  "Mia",
  "Michael",
  "Mohammed",
  "Nadia",
  "Naomi",
  "Nathan",
  "Nina",
  "Noah",
  "Nora",
  "Olga",
  "Oliver",
  "Olivia",
  "Omar",
  "Oscar",
  "Paul",
  "Pedro",
  "Priya",
  "Rachel",
  "Rafael",
  "Rahul",
  "Rebecca",
  "Ryan",
  "Sara",
  "Sebastian",
  "Sofia",
  "Sophie",
  "Stefan",
  "Steven",
  "Tariq",
  "Thomas",
  "Tom",
  "Valentina",
  "Victor",
  "Wei",
  "William",
  "Yara",
  "Yusuf",
  "Zara",
  "Zoe",
];

export const LAST_NAMES = [
  "Adams",
  "Ahmed",
  "Alvarez",
  "Andersen",
  "Bailey",
  "Baker",
  "Bauer",
  "Becker",
  "Bennett",
  "Berg",
  "Brooks",
  "Brown",
  "Campbell",
  "Carter",
  "Castro",
  "Chen",
  "Clark",
  "Cohen",
  "Collins",
  "Cooper",
  "Costa",
  "Cruz",
  "Davis",
  "Dias",
  "Dubois",
  "Edwards",
  "Evans",
  "Fischer",
  "Fernandez",
  "Fisher",
  "Foster",
  "Garcia",
  "Gomez",
  "Gonzalez",
  "Gray",
  "Green",
  "Gupta",
  "Hall",
  "Hansen",
  "Harris",
  "Hayes",
  "Hernandez",
  "Hill",
  "Hoffmann",
  "Howard",
  "Hughes",
  "Ito",
  "Jackson",
  "Jansen",
  "Johnson",
  "Jones",
  "Kaur",
  "Kelly",
  "Khan",
  "Kim",
  "King",
  "Klein",
  "Kowalski",
  "Kumar",
  "Larsen",
  "Lee",
  "Lewis",
  "Li",
  "Lopez",
  "Martin",
  "Martinez",
  "Meyer",
  "Miller",
  "Mitchell",
  "Moore",
  "Morales",
  "Morgan",
  "Muller",
  "Murphy",
  "Nakamura",
  "Nguyen",
  "Nielsen",
  "Novak",
  "O'Brien",
  "Okafor",
  "Olsen",
  "Ortiz",
  "Park",
  "Parker",
  "Patel",
  "Perez",
  "Peters",
  "Petrov",
  "Phillips",
  "Price",
  "Ramirez",
  "Reed",
  "Reyes",
  "Richter",
  "Rivera",
  "Roberts",
  "Robinson",
  "Rodriguez",
  "Rossi",
  "Russo",
  "Sanchez",
  "Santos",
  "Sato",
  "Schmidt",
  "Schneider",
  "Scott",
  "Shah",
  "Silva",
  "Singh",
  "Smith",
  "Sousa",
  "Stewart",
  "Suzuki",
  "Tanaka",
  "Taylor",
  "Thomas",
  "Thompson",
  "Torres",
  "Turner",
  "Wagner",
  "Walker",
  "Wang",
  "Ward",
  "Watson",
  "Weber",
  "White",
  "Williams",
  "Wilson",
  "Wong",
  "Wright",
  "Yamamoto",
  "Young",
  "Zhang",
  "Zimmermann",
];

export interface CampaignSeed {
  name: string;
  channel: Channel;
  /** Days before "now" the campaign starts (negative: in the future). */
  startsDaysAgo: number;
  durationDays: number;
  budget: number;
  ownerTeam: "marketing" | "sales";
}

const QUARTER_DAYS = 91;

/** The year's campaign plan relative to "now"; the generator turns each into dated rows. */
export function planCampaigns(): CampaignSeed[] {
  const plan: CampaignSeed[] = [
    {
      name: "Always-on brand search",
      channel: "paid_search",
      startsDaysAgo: 370,
      durationDays: 550,
      budget: 96_000,
      ownerTeam: "marketing",
    },
    {
      name: "Competitor search terms",
      channel: "paid_search",
      startsDaysAgo: 320,
      durationDays: 150,
      budget: 38_000,
      ownerTeam: "marketing",
    },
    {
      name: "Non-brand search: revenue analytics",
      channel: "paid_search",
      startsDaysAgo: 160,
      durationDays: 200,
      budget: 45_000,
      ownerTeam: "marketing",
    },
    {
      name: "Monthly newsletter",
      channel: "email",
      startsDaysAgo: 372,
      durationDays: 730,
      budget: 6_000,
      ownerTeam: "marketing",
    },
    {
      name: "Nurture: new lead welcome series",
      channel: "email",
      startsDaysAgo: 368,
      durationDays: 730,
      budget: 4_000,
      ownerTeam: "marketing",
    },
    {
      name: "Nurture: pricing page visitors",
      channel: "email",
      startsDaysAgo: 210,
      durationDays: 400,
      budget: 3_000,
      ownerTeam: "marketing",
    },
    {
      name: "Product launch: Forecast Studio",
      channel: "email",
      startsDaysAgo: 120,
      durationDays: 21,
      budget: 12_000,
      ownerTeam: "marketing",
    },
    {
      name: "Organic social: LinkedIn",
      channel: "social",
      startsDaysAgo: 371,
      durationDays: 730,
      budget: 8_000,
      ownerTeam: "marketing",
    },
    {
      name: "Customer referral program",
      channel: "referral",
      startsDaysAgo: 369,
      durationDays: 730,
      budget: 20_000,
      ownerTeam: "marketing",
    },
    {
      name: "Partner co-marketing: cloud marketplace",
      channel: "partner",
      startsDaysAgo: 250,
      durationDays: 365,
      budget: 25_000,
      ownerTeam: "marketing",
    },
    {
      name: "State of Revenue Analytics report",
      channel: "content",
      startsDaysAgo: 365,
      durationDays: 150,
      budget: 18_000,
      ownerTeam: "marketing",
    },
    {
      name: "Forecasting playbook ebook",
      channel: "content",
      startsDaysAgo: 230,
      durationDays: 140,
      budget: 9_000,
      ownerTeam: "marketing",
    },
    {
      name: "ROI calculator",
      channel: "content",
      startsDaysAgo: 120,
      durationDays: 300,
      budget: 7_000,
      ownerTeam: "marketing",
    },
    {
      name: "Customer stories series",
      channel: "content",
      startsDaysAgo: 60,
      durationDays: 200,
      budget: 6_000,
      ownerTeam: "marketing",
    },
  ];
  const webinars = [
    "Forecasting without spreadsheets",
    "From MQL to closed-won in half the time",
    "Revenue attribution finance trusts",
    "Data quality for RevOps",
    "Building a pipeline machine",
    "Analytics ROI playbook",
  ];
  // Each webinar's touch window: three weeks of registration ending on the live day.
  webinars.forEach((title, i) => {
    plan.push({
      name: `Webinar: ${title}`,
      channel: "webinar",
      startsDaysAgo: 350 - i * 62,
      durationDays: 21,
      budget: 5_000 + i * 500,
      ownerTeam: "marketing",
    });
  });
  const events: [string, number, number][] = [
    ["SaaS Growth Summit booth", 330, 30_000],
    ["RevOps Roadshow London", 250, 18_000],
    ["Acme Customer Summit", 170, 45_000],
    ["B2B Marketing Expo", 90, 22_000],
    ["Data & Analytics World", 25, 35_000],
    ["Acme Customer Summit (next year)", -45, 50_000],
  ];
  for (const [name, startsDaysAgo, budget] of events) {
    plan.push({
      name: `Event: ${name}`,
      channel: "event",
      startsDaysAgo,
      durationDays: 14,
      budget,
      ownerTeam: "marketing",
    });
  }
  for (let q = 0; q < 4; q++) {
    const startsDaysAgo = 364 - q * QUARTER_DAYS;
    plan.push({
      name: "LinkedIn ads: revenue leaders",
      channel: "paid_social",
      startsDaysAgo,
      durationDays: QUARTER_DAYS,
      budget: 24_000 + q * 2_000,
      ownerTeam: "marketing",
    });
    plan.push({
      name: "SDR outbound: target accounts",
      channel: "outbound",
      startsDaysAgo,
      durationDays: QUARTER_DAYS,
      budget: 15_000,
      ownerTeam: "sales",
    });
  }
  return plan;
}

export interface PageSeed {
  path: string;
  title: string;
  weight: number;
}

export const PRICING_PAGE: PageSeed = { path: "/pricing", title: "Pricing | Acme Analytics", weight: 0 };

export const PAGES: PageSeed[] = [
  { path: "/", title: "Acme Analytics | Revenue analytics for B2B teams", weight: 20 },
  { path: "/product", title: "Product | Acme Analytics", weight: 10 },
  { path: "/product/forecasting", title: "Forecast Studio | Acme Analytics", weight: 6 },
  { path: "/product/attribution", title: "Attribution | Acme Analytics", weight: 6 },
  { path: "/customers", title: "Customer stories | Acme Analytics", weight: 5 },
  { path: "/integrations", title: "Integrations | Acme Analytics", weight: 4 },
  { path: "/blog/forecasting-without-spreadsheets", title: "Forecasting without spreadsheets", weight: 9 },
  { path: "/blog/mql-to-closed-won", title: "From MQL to closed-won", weight: 8 },
  { path: "/blog/revenue-attribution-guide", title: "The revenue attribution guide", weight: 8 },
  { path: "/docs/getting-started", title: "Getting started | Acme Analytics docs", weight: 4 },
  { path: "/about", title: "About us | Acme Analytics", weight: 2 },
  { path: "/careers", title: "Careers | Acme Analytics", weight: 2 },
];

export const OPPORTUNITY_PRODUCTS = [
  "Team plan",
  "Business plan",
  "Enterprise plan",
  "Enterprise plan + Forecast Studio",
];

export interface ContentRequestSeed {
  title: string;
  need: string;
  persona: string | null;
  stage: string;
  status: "new" | "in_progress" | "delivered" | "used";
  /** When sales asked, counted back from the seed's `now`. */
  daysAgo: number;
}

/** What sales asked marketing for over the year; the old asks were delivered and used in deals. */
export const CONTENT_REQUESTS: ContentRequestSeed[] = [
  {
    title: "ROI calculator for forecast accuracy",
    need: "CFOs ask what a point of forecast accuracy is worth; we answer with napkin maths.",
    persona: "Finance Fiona (economic buyer)",
    stage: "opportunity",
    status: "used",
    daysAgo: 290,
  },
  {
    title: "Customer story: mid-market SaaS cut pipeline review time in half",
    need: "Frontline managers want proof from a company their size.",
    persona: "Frontline Frank (sales manager)",
    stage: "sql",
    status: "used",
    daysAgo: 230,
  },
  {
    title: "Security and data residency one-pager",
    need: "EMEA deals stall at procurement without it.",
    persona: "RevOps Ravi (operator)",
    stage: "opportunity",
    status: "used",
    daysAgo: 170,
  },
  {
    title: "Attribution reconciles with finance: a worked example",
    need: "The objection we hear most from marketing leaders.",
    persona: "Demand-gen Dana (marketing leader)",
    stage: "sal",
    status: "used",
    daysAgo: 120,
  },
  {
    title: "Implementation plan template (30/60/90 days)",
    need: "Buyers ask how long until their reps see value.",
    persona: "Revenue Rita (revenue leader)",
    stage: "opportunity",
    status: "delivered",
    daysAgo: 75,
  },
  {
    title: "Competitive battlecard: spreadsheets and BI",
    need: "'We already have a BI team' comes up on every other first call.",
    persona: "Revenue Rita (revenue leader)",
    stage: "sal",
    status: "delivered",
    daysAgo: 48,
  },
  {
    title: "Webinar recording cut into three short clips",
    need: "Something light to send after a first call that went well.",
    persona: null,
    stage: "sal",
    status: "in_progress",
    daysAgo: 24,
  },
  {
    title: "Pricing FAQ for procurement",
    need: "Procurement asks the same ten questions on every enterprise deal.",
    persona: "Finance Fiona (economic buyer)",
    stage: "opportunity",
    status: "in_progress",
    daysAgo: 16,
  },
  {
    title: "Email sequence for leads rejected as 'bad timing'",
    need: "We send them back to nurture; what do they get from marketing then?",
    persona: null,
    stage: "recycled",
    status: "new",
    daysAgo: 6,
  },
  {
    title: "Healthcare compliance checklist",
    need: "Healthcare accounts need HIPAA answers before the second meeting.",
    persona: "RevOps Ravi (operator)",
    stage: "sql",
    status: "new",
    daysAgo: 2,
  },
];
