// Compiled with `tsc -p test/tsconfig.json` (no output): the declarations describe the API.
import init, { addWorkingDays, check, pack, requirements, rules, workingDaysBetween } from "../pkg/fundcheck.js";
import type { ApplicationDocument, Finding, FundcheckError, Problem, Report } from "../pkg/fundcheck.js";
import * as node from "../node.mjs";
import initAuthoring, { runTests } from "../pkg-authoring/fundcheck.js";
import type { TestOutcome } from "../pkg-authoring/fundcheck.js";

export async function authoring(): Promise<number> {
  await initAuthoring();
  const outcome: TestOutcome = runTests({ case: [] }, { "plan.csv": "" });
  return outcome.passed + outcome.failed;
}

export async function example(): Promise<void> {
  await init();
  const doc: ApplicationDocument = {
    kind: "application",
    id: "YS-2020-017",
    category: "service_stations",
    subsidy: { proposed: "1200000.00" },
    payments: [{ date: "2019-11-20", amount: "700000.00" }],
  };
  const report: Report = check(doc, { asOf: "2020-06-20", lang: "en", maxFindings: null });
  const cap: Finding | undefined = report.findings.find((f) => f.rule === "prepayment.cap");
  const max: string | undefined = report.figures.max_prepayment;
  const score: number | undefined = report.figures.priority_score;
  const asOf: string | null = report.as_of;
  const ok: boolean = report.ok && report.counts.error === 0;
  check("{}", { format: "csv", encoding: "gb18030", final: true });
  check(new Uint8Array(0));
  try {
    check({ kind: "application" });
  } catch (e) {
    const error = e as FundcheckError;
    const first: Problem | undefined = error.errors[0];
    const where: string = error.path;
    const line: number | undefined = first?.line;
    void [where, line, error.code === "input.money"];
  }
  const due: string = addWorkingDays("2019-09-27", 5);
  const days: number = workingDaysBetween("2019-09-27", due);
  const ids: string[] = rules().map((r) => `${r.id} ${r.clause} ${r.summary.zh}`);
  const needs = requirements("service_stations");
  const phone = needs?.sections.find((s) => s.name === "outlets")?.fields.find((f) => f.name === "phone")?.label.en;
  const categories: string[] = pack().categories.map((c) => c.label.zh);
  await node.default();
  const fromNode: Report = node.check(doc);
  void [cap, max, score, asOf, ok, days, ids, phone, categories, fromNode];
}

// @ts-expect-error: the options are typed
check({}, { as_of: "2020-06-20" });
// @ts-expect-error: lang is zh or en
check({}, { lang: "fr" });
