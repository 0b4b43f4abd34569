/* fundcheck — hand-written declarations (src/fundcheck.d.ts, appended by wasm-bindgen). */

/** The language of messages. */
export type Lang = "zh" | "en";

export type Severity = "error" | "warning" | "info";

export type DocumentKind = "application" | "allocation" | "progress";

/**
 * A typed value of a fact or a figure: money as a string with exactly 2 decimals
 * (`"600000.00"`), a ratio with 4 (`"0.1500"`), a date (`"2020-06-01"`), a label or id
 * (`"implementation"`), a count (a number), or a list of texts.
 */
export type FactValue = string | number | string[];

/** One finding: a rule's verdict on one place of the document. */
export interface Finding {
  /** Stable rule id, e.g. `"prepayment.cap"`. */
  rule: string;
  severity: Severity;
  /** Whose obligation: the applicant's, or the administration's (review, acceptance, payment). */
  owner: "applicant" | "administration";
  /** A JSON Pointer into the input (`"/payments"`, `"/outlets/1/phone"`, `""` for the whole). */
  path: string;
  /** The clause of 偃政办〔2019〕13号 cited, e.g. `"FM 四(一)"`. */
  clause: string;
  /** In the requested language. */
  message: string;
  facts: Record<string, FactValue>;
}

/** Figures a report may carry (a figure that does not apply is absent). */
export interface Figures {
  // application
  max_prepayment?: string;
  prepaid?: string;
  prepayment_headroom?: string;
  payable_subsidy?: string;
  paid?: string;
  balance_due?: string;
  clawback_due?: string;
  review_due?: string;
  acceptance_due?: string;
  evaluation_due?: string;
  rectification_due?: string;
  phase?: string;
  priority_score?: number;
  // allocation
  provincial_allocated?: string;
  city_allocated?: string;
  ratio_base?: string;
  public_center_amount?: string;
  public_center_share?: string;
  public_center_limit?: string;
  public_center_headroom?: string;
  upward_amount?: string;
  upward_share?: string;
  upward_floor?: string;
  upward_shortfall?: string;
  // progress: `<target>_actual`, `<target>_gap`, and any figure a newer pack adds
  [name: string]: FactValue | undefined;
}

/** Exactly which rules produced a report. */
export interface PackStamp {
  id: string;
  version: string;
  /** `"sha256:…"` of the parsed pack as canonical JSON. */
  digest: string;
  /** The parameters this check set (`params`), when it set any: a what-if, not the published pack. */
  overrides?: { param: string; value: unknown }[];
}

/** The canonical report: `JSON.stringify(report)` gives the canonical bytes. */
export interface Report {
  pack: PackStamp;
  kind: DocumentKind;
  /** The evaluation date used, or null. */
  as_of: string | null;
  /** True when no finding is an error. */
  ok: boolean;
  /** No error finding owned by the applicant (the administration's record aside). */
  applicant_ok: boolean;
  counts: { error: number; warning: number; info: number };
  /** By the rule's position in the pack, then by path. */
  findings: Finding[];
  figures: Figures;
}

export type InputErrorCode =
  | "input.syntax"
  | "input.type"
  | "input.missing"
  | "input.unknown_field"
  | "input.vocabulary"
  | "input.money"
  | "input.date"
  | "input.range"
  | "input.limit";

export type ErrorCode =
  | InputErrorCode
  | "argument.invalid"
  | "calendar.out_of_range"
  | "calendar.data"
  | "pack.syntax"
  | "pack.invalid"
  | "pack.calendar"
  | "pack.param"
  | "pack.read"
  | "internal";

/** One problem, as listed in a thrown error's `.errors`. */
export interface Problem {
  code: ErrorCode;
  /** A JSON Pointer into the document; the option or argument at fault (`"/lang"`); a place
   *  in the pack (`"rules.prepayment.cap.params.share"`); or `""`. */
  path: string;
  /** The 1-based file line, for a CSV document. */
  line?: number;
  /** A sentence in the requested language. */
  message: string;
}

/**
 * What every function throws: the core's flattened error (the same object Python raises and
 * the CLI prints with `--format json`). `name` says the kind (`InputError`: the document is
 * malformed; `ArgumentError`: an option or argument is wrong; `CalendarError`: a date outside
 * the working-day calendar; `PackError`: a pack parameter that does not apply), `message` is
 * the first problem with where it is and how many others there are, every problem is in
 * `.errors`, and `code`, `path` are the first one's.
 */
export interface FundcheckError extends Error {
  name: "InputError" | "ArgumentError" | "CalendarError" | "PackError" | "InternalError";
  code: ErrorCode;
  path: string;
  errors: Problem[];
}

export interface CheckOptions {
  /** The evaluation date `"YYYY-MM-DD"`; by default the latest event of an application. */
  asOf?: string | null;
  /** Message language; `"zh"` by default. */
  lang?: Lang;
  /** Marks an allocation or progress report final. */
  final?: boolean;
  /** Keep the first N findings and add one info finding saying how many were left out. */
  maxFindings?: number | null;
  /** `"csv"`: the document is allocation lines as CSV text or bytes. */
  format?: "json" | "csv";
  /** Of CSV bytes: `"utf-8"` (default) or `"gb18030"`. */
  encoding?: "utf-8" | "gb18030";
  /** Pack parameters changed for this check (a reading's alternative), keyed by JSON pointer
   * into the pack: `{"/lifecycle/late": "acceptance"}`. */
  params?: Record<string, unknown> | null;
  /** Calendar years added for this call: a year file (the next year's holiday notice) as its
   * JSON text or parsed object (the keys of `rules/calendars/*.toml`; this build reads no
   * TOML, so parse a TOML file with any TOML library first), a `[name, text]` pair, or a list
   * of them. The report's pack digest then covers those years. */
  calendar?: CalendarFile | CalendarFile[] | null;
  /** Another county's pack: its bundle, as `fundcheck pack show PACK.toml` prints it (an object
   * or its JSON text). The last one given is kept built, so passing it on every call is cheap. */
  pack?: PackBundle | string | null;
}

/** A rule pack with its calendar files, as one JSON document (`fundcheck pack show`). */
export interface PackBundle {
  bundle: 1;
  pack: Record<string, unknown>;
  calendars: [string, Record<string, unknown>][];
}

/** One calendar year file: its JSON text, its parsed object, or `[name, jsonText]`. */
export type CalendarFile = string | Record<string, unknown> | [string, string];

/** The last argument of the calendar functions: the language of their errors, or options. */
export interface CalendarOptions {
  /** The language of a thrown error; `"en"` by default. */
  lang?: Lang;
  /** Calendar years to add, as in {@link CheckOptions.calendar}. */
  calendar?: CalendarFile | CalendarFile[] | null;
}

// ── Input documents (interfaces.md, "Input documents"); every optional field may be null ──

/** Money: a decimal string in yuan, or a number exact to the fen with ≤ 15 significant digits. */
export type Money = string | number;
/** `"YYYY-MM-DD"`. */
export type DateISO = string;

export interface Outlet {
  level?: string | null;
  town?: string | null;
  village?: string | null;
  address?: string | null;
  phone?: string | null;
  responsible_person?: string | null;
  built_on?: DateISO | null;
  online_since?: DateISO | null;
  photos?: string[] | null;
}

export interface Payment {
  date: DateISO;
  amount: Money;
}

export interface ApplicationDocument {
  kind: "application";
  id: string;
  category: string;
  applicant?: {
    name?: string | null;
    kind?: string | null;
    region?: string | null;
    voluntary?: boolean | null;
    selected_by_tender?: boolean | null;
    has_benefit?: boolean | null;
    has_output?: boolean | null;
    has_tax_source?: boolean | null;
  } | null;
  project?: {
    status?: string | null;
    scheduled_completion?: DateISO | null;
    completed_on?: DateISO | null;
  } | null;
  documents?: string[] | null;
  enterprise_profile?: {
    address?: string | null;
    responsible_person?: string | null;
    phone?: string | null;
    online_since?: DateISO | null;
  } | null;
  facility_profile?: {
    address?: string | null;
    floor_area_m2?: number | string | null;
    jobs?: number | null;
    functions?: string | null;
    delivery_radius_km?: number | string | null;
  } | null;
  traced_products?: Array<{
    name?: string | null;
    production_address?: string | null;
    production_manager?: string | null;
    process?: string | null;
  }> | null;
  outlets?: Outlet[] | null;
  investment_items?: Array<{
    description?: string | null;
    amount?: Money | null;
    invoice?: string | null;
    payment_voucher?: string | null;
  }> | null;
  subsidy?: { proposed?: Money | null } | null;
  payments?: Payment[] | null;
  process?: {
    received?: DateISO | null;
    review_completed?: DateISO | null;
    review_published?: DateISO | null;
    acceptance_completed?: DateISO | null;
    evaluation_issued?: DateISO | null;
    result?: string | null;
    rectification_deadline?: DateISO | null;
    rectified_result?: string | null;
    rectified_on?: DateISO | null;
    city_approval?: DateISO | null;
    misuse_found?: boolean | null;
  } | null;
}

export interface AllocationLine {
  project: string;
  category: string;
  source: string;
  amount: Money;
  use: string;
  upward: boolean;
}

export interface AllocationDocument {
  kind: "allocation";
  final?: boolean | null;
  lines: AllocationLine[];
}

export interface ProgressDocument {
  kind: "progress";
  final?: boolean | null;
  retail_sales?: { previous?: Money | null; current?: Money | null } | null;
  villages?: { total?: number | null; covered?: number | null } | null;
  poor_villages?: { total?: number | null; covered?: number | null } | null;
  training?: {
    attendances?: number | null;
    poor_household_attendances?: number | null;
    trainees?: number | null;
    started_business?: number | null;
  } | null;
  stations?: { town?: number | null; village?: number | null } | null;
  brands?: number | null;
  systems_built?: string[] | null;
  sectors_online?: string[] | null;
}

/**
 * A document: a plain object (written out with `JSON.stringify`), JSON text, or bytes
 * (UTF-8 JSON, or CSV with `{format: "csv"}`).
 */
export type DocumentInput =
  | ApplicationDocument
  | AllocationDocument
  | ProgressDocument
  | Record<string, unknown>
  | string
  | Uint8Array
  | ArrayBuffer;

// ── Catalog ────────────────────────────────────────────────────────────────────────────

/** Text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface RuleEntry {
  id: string;
  /** The validator kind, e.g. `"prepayment_cap"`. */
  kind: string;
  clause: string;
  /** The clause's own words, quoted from the policy. */
  clause_text: string;
  severity: Severity;
  owner: "applicant" | "administration";
  summary: Bilingual;
  /** The reading of an ambiguous text the rule takes, or null. */
  reading: Bilingual | null;
  /** The base pack (`id@version`) the rule is inherited from, or null. */
  base: string | null;
  /** Why this pack changes the base's rule, or null. */
  overrides: Bilingual | null;
}

export interface RequiredField {
  name: string;
  label: Bilingual;
  type: "text" | "date" | "money" | "count" | "quantity" | "texts" | "outlet_level";
  /** null: always required; else required only when another field has a value
   *  (`village` when `level` equals `village`). */
  required_when: { field: string; equals: string } | null;
}

export interface RequiredSection {
  /** The document member, e.g. `"outlets"`. */
  name: string;
  label: Bilingual;
  /** A list of records (outlets) rather than one record (enterprise_profile). */
  many: boolean;
  /** In the order a form lists them. */
  fields: RequiredField[];
  /** Pairs of date fields that must be in order (the first on or before the second). */
  dates_in_order: Array<[string, string]>;
}

/** What an application of one category must file (PM 二), read from the pack. */
export interface Requirements {
  rule: string;
  clause: string;
  category: string;
  documents: Array<{ id: string; label: Bilingual }>;
  sections: RequiredSection[];
}

export interface Term {
  id: string;
  label: Bilingual;
}

export interface PackInfo extends PackStamp {
  title: Bilingual;
  source: Bilingual;
  categories: Array<Term & { clause: string }>;
  documents: Term[];
  outlet_levels: Term[];
  /** The programme's phases (IP 五), as the `phase` figure names them. */
  phases: Term[];
  results: Array<Term & { passes: boolean }>;
  /** The fund sources; `fund` is null when the pack's text does not give it. */
  sources: Array<Term & { fund: string | null; years: Array<{ year: number; fund: string }> }>;
  /** Sub-categories, each with its category's id. */
  subcategories: Array<Term & { category: string }>;
  /** The fields every allocation line must have under this pack (the six, and what `[inputs]` requires). */
  line_fields: string[];
  /** The other optional line fields (of `unit`, `investment`, `subcategory`, `year`). */
  optional_line_fields: string[];
  /** The dated steps of an application's history; `field` is its JSON pointer (a pack's own step: `/process/<name>`). */
  steps: Array<{ id: string; field: string; label: Bilingual; owner: "applicant" | "administration"; actor: Bilingual | null }>;
  /** The base packs the pack was resolved onto, nearest first (`national-2018@2018`). */
  bases: string[];
  effective: { from: string; until?: string } | null;
  supersedes: string[];
  provenance: Bilingual | null;
  citation_scheme: "parts" | "articles";
}

// ── Functions ──────────────────────────────────────────────────────────────────────────

/**
 * Checks one document against the embedded Yanshi 2019 pack.
 * @throws {FundcheckError} `InputError` with every problem of a malformed document;
 *   `ArgumentError` for a bad option.
 */
export function check(doc: DocumentInput, options?: CheckOptions | null): Report;

/**
 * The `n`th working day strictly after `date` (`date` itself is never counted; `n = 0` gives
 * `date`), by the official calendar.
 * @throws {FundcheckError} `CalendarError` (`calendar.out_of_range`) outside the calendar;
 *   `ArgumentError` for a malformed date or count.
 */
export function addWorkingDays(date: DateISO, n: number, options?: Lang | CalendarOptions): DateISO;

/**
 * The working days in `(a, b]` (negative when `b` is before `a`).
 * @throws {FundcheckError} `CalendarError` (`calendar.out_of_range`) outside the calendar.
 */
export function workingDaysBetween(a: DateISO, b: DateISO, options?: Lang | CalendarOptions): number;

/** The rule catalog, in pack order. */
export function rules(pack?: PackBundle | string | null): RuleEntry[];

/** The materials an application of `category` must file, or null for an unknown category. */
export function requirements(category: string, pack?: PackBundle | string | null): Requirements | null;

/** The embedded pack: stamp, title and vocabularies with labels. */
export function pack(pack?: PackBundle | string | null): PackInfo;
