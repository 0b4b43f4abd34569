// The JavaScript API beyond the vectors: argument forms, thrown errors (exact messages),
// options, the calendar, the catalog, and that the instance keeps answering after hostile input.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { faces } from "./faces.mjs";

const example = readFileSync(new URL("../../examples/application-service-stations.json", import.meta.url), "utf8");
const exampleDoc = JSON.parse(example);

/** The thrown error of `fn`, asserted to be a fundcheck error of this name. */
function thrown(fn, name) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof Error, "throws an Error");
    assert.equal(error.name, name);
    assert.ok(Array.isArray(error.errors) && error.errors.length > 0, "has .errors");
    assert.equal(error.code, error.errors[0].code);
    assert.equal(error.path, error.errors[0].path);
    return error;
  }
  assert.fail(`expected ${name}`);
}

for (const [faceName, fc] of Object.entries(faces)) {
  describe(`${faceName} build`, () => {
    const golden = JSON.stringify(fc.check(example));

    test("a plain object, JSON text and bytes give the same report", () => {
      const bytes = new TextEncoder().encode(example);
      assert.equal(JSON.stringify(fc.check(exampleDoc)), golden);
      assert.equal(JSON.stringify(fc.check(bytes)), golden);
      assert.equal(JSON.stringify(fc.check(bytes.buffer)), golden);
      assert.equal(JSON.stringify(fc.check(Buffer.from(example))), golden);
    });

    test("the report is a plain object of the canonical shape", () => {
      const report = fc.check(exampleDoc, { asOf: "2020-06-20", lang: "en" });
      assert.deepEqual(Object.keys(report), ["pack", "kind", "as_of", "ok", "applicant_ok", "counts", "findings", "figures"]);
      assert.equal(report.applicant_ok, true);
      assert.ok(report.findings.every((f) => f.owner === "applicant" || f.owner === "administration"));
      assert.equal(report.kind, "application");
      assert.equal(report.as_of, "2020-06-20");
      assert.equal(report.ok, true);
      assert.equal(report.pack.id, "yanshi-2019");
      assert.equal(report.pack.digest, fc.pack().digest);
      const cap = report.findings.find((f) => f.rule === "prepayment.cap");
      assert.deepEqual(Object.keys(cap), ["rule", "severity", "owner", "path", "clause", "message", "facts"]);
      assert.equal(cap.path, "/payments");
      assert.equal(report.figures.max_prepayment, "600000.00");
    });

    test("a malformed document throws an InputError listing every problem", () => {
      const doc = structuredClone(exampleDoc);
      doc.payments[0].amount = "12,00.00"; // a comma not between groups of three
      doc.payments[1].date = "18/6/2020"; // day first: ambiguous
      const error = thrown(() => fc.check(doc, { lang: "en" }), "InputError");
      assert.deepEqual(
        error.errors.map((e) => [e.code, e.path]),
        [["input.money", "/payments/0/amount"], ["input.date", "/payments/1/date"]],
      );
      assert.equal(error.code, "input.money");
      assert.equal(error.path, "/payments/0/amount");
      assert.equal(error.message, `/payments/0/amount: ${error.errors[0].message} (and 1 more problem)`);
      assert.doesNotMatch(error.message, /^[[{]/, "a sentence, not JSON");
      for (const e of error.errors) assert.deepEqual(Object.keys(e), ["code", "path", "message"]);
    });

    test("input errors come in the requested language", () => {
      const doc = { ...exampleDoc, category: "nonsense" };
      const zh = thrown(() => fc.check(doc), "InputError");
      const en = thrown(() => fc.check(doc, { lang: "en" }), "InputError");
      assert.equal(zh.path, "/category");
      assert.equal(en.path, "/category");
      assert.match(zh.message, /[\u4e00-\u9fff]/);
      assert.doesNotMatch(en.message, /[\u4e00-\u9fff]{3}/);
    });

    test("a CSV allocation is read with {format: \"csv\"} and its errors name the file line", () => {
      const csv = "project,category,source,amount,use,upward\nYS-PX-01,training,provincial,500000.00,training_delivery,false\n";
      const report = fc.check(csv, { format: "csv", final: true });
      assert.equal(report.kind, "allocation");
      const bad = thrown(() => fc.check(csv.replace("500000.00", "5e5"), { format: "csv" }), "InputError");
      assert.equal(bad.path, "/lines/0/amount");
      assert.equal(bad.errors[0].line, 2);
      assert.deepEqual(Object.keys(bad.errors[0]), ["code", "path", "line", "message"]);
    });

    test("CSV bytes in GB18030 are read with {encoding: \"gb18030\"}", () => {
      const text = "project,category,source,amount,use,upward\n培训-01,training,provincial,500000.00,training_delivery,false\n";
      const gb18030 = Buffer.from(
        "70726f6a6563742c63617465676f72792c736f757263652c616d6f756e742c7573652c7570776172640ac5e0d1b52d30312c747261696e696e672c70726f76696e6369616c2c3530303030302e30302c747261696e696e675f64656c69766572792c66616c73650a",
        "hex",
      );
      const fromText = JSON.stringify(fc.check(text, { format: "csv" }));
      assert.equal(JSON.stringify(fc.check(gb18030, { format: "csv", encoding: "gb18030" })), fromText);
      const error = thrown(() => fc.check(gb18030, { format: "csv", lang: "en" }), "InputError");
      assert.equal(error.message, "line 2 is not UTF-8; a CSV saved by Excel in China is usually GB18030: use --encoding gb18030");
    });

    test("maxFindings keeps the first N findings and says how many were left out", () => {
      const report = fc.check(exampleDoc, { maxFindings: 1, lang: "en" });
      assert.equal(report.findings.length, 2);
      assert.equal(report.findings[1].rule, "report.max_findings");
    });

    test("params switch a reading for one check, as --param does", () => {
      // lifecycle.md, reading late_completion: the alternative reads 未能如期通过验收 as the pass
      // after the schedule; the example passed on 2020-06-09, so a schedule of 2020-06-08 fails.
      const doc = { ...exampleDoc, project: { ...exampleDoc.project, scheduled_completion: "2020-06-08" } };
      assert.equal(fc.check(doc).figures.outcome, "passed");
      const alt = fc.check(doc, { params: { "/lifecycle/late": "acceptance" } });
      assert.equal(alt.figures.outcome, "failed");
      assert.notEqual(alt.pack.digest, fc.check(doc).pack.digest);
      assert.throws(() => fc.check(doc, { params: { "/lifecycle/late": "sometime" } }), (e) => e.name === "PackError" && e.errors.length > 0);
    });

    test("bad options throw an ArgumentError naming each of them", () => {
      const error = thrown(() => fc.check(exampleDoc, { as_of: "2020-06-20", maxFindings: -1, lang: "en" }), "ArgumentError");
      assert.equal(error.code, "argument.invalid");
      assert.equal(error.path, "/as_of");
      assert.deepEqual(error.errors.map((e) => e.path), ["/as_of", "/maxFindings"]);
      assert.equal(error.message, "/as_of: unknown option `as_of`; the options are asOf, lang, final, maxFindings, format, encoding, params, calendar, pack (and 1 more problem)");
      assert.deepEqual(error.errors.map((e) => e.message), [
        "unknown option `as_of`; the options are asOf, lang, final, maxFindings, format, encoding, params, calendar, pack",
        "option `maxFindings` must be a whole number of 0 or more, not `-1`",
      ]);
      assert.equal(
        thrown(() => fc.check(exampleDoc, { asOf: "20/06/2020", lang: "en" }), "ArgumentError").message,
        "/asOf: option `asOf` must be a date written year first (such as 2020-06-30, 2020/6/30 or 2020年6月30日), not `20/06/2020`",
      );
      assert.equal(
        thrown(() => fc.check(exampleDoc, { lang: "fr" }), "ArgumentError").message,
        "/lang: option `lang` must be `zh` or `en`, not `fr`",
      );
      assert.equal(thrown(() => fc.check(exampleDoc, "en"), "ArgumentError").message, "选项应为对象，例如 {lang: \"en\"}");
      assert.equal(JSON.stringify(fc.check(exampleDoc, { asOf: undefined, maxFindings: null })), golden);
    });

    test("a calendar year added from a file: {calendar} on check and the calendar functions", () => {
      // The fixture adds 2027 (New Year's Day its one holiday): Thu 2026-12-31 + 1 → Mon 2027-01-04.
      const text = readFileSync(new URL("../../tests/calendars/2027-fixture.json", import.meta.url), "utf8");
      assert.equal(thrown(() => fc.addWorkingDays("2026-12-31", 1), "CalendarError").code, "calendar.out_of_range");
      for (const calendar of [text, JSON.parse(text), [["2027-fixture.json", text]], [text]]) {
        assert.equal(fc.addWorkingDays("2026-12-31", 1, { calendar }), "2027-01-04");
      }
      assert.equal(fc.workingDaysBetween("2026-12-28", "2027-01-05", { calendar: text }), 5);
      assert.equal(thrown(() => fc.addWorkingDays("2027-12-31", 1, { calendar: text, lang: "zh" }), "CalendarError").message.startsWith("`2027-12-31` 之后第 1 个工作日超出工作日历范围（日历自 `2019-01-01` 至 `2027-12-31`）"), true);
      const late = JSON.parse(readFileSync(new URL("../../tests/vectors/deadline-review-with-the-next-year-added.json", import.meta.url), "utf8")).input;
      const report = fc.check(late, { asOf: "2027-01-05", calendar: text });
      assert.equal(report.figures.review_due, "2027-01-05");
      assert.notEqual(report.pack.digest, fc.check(late, { asOf: "2027-01-05" }).pack.digest);
      // This build reads no TOML: a TOML text is refused with the way out.
      const error = thrown(() => fc.check(late, { calendar: "format = 1\nyear = 2027\n", lang: "en" }), "PackError");
      assert.equal(error.code, "pack.calendar");
      assert.match(error.message, /reads a calendar file as JSON/);
    });

    test("addWorkingDays and workingDaysBetween follow the official calendar", () => {
      // Received Friday 2019-09-27: Sun 09-29 (调休) 1, Mon 09-30 2, National Day 10-01…07,
      // Tue 10-08 3, Wed 10-09 4, Thu 10-10 5.
      assert.equal(fc.addWorkingDays("2019-09-27", 5), "2019-10-10");
      assert.equal(fc.addWorkingDays("2019-09-27", 0), "2019-09-27");
      assert.equal(fc.workingDaysBetween("2019-09-27", "2019-10-10"), 5);
      assert.equal(fc.workingDaysBetween("2019-10-10", "2019-09-27"), -5);
      for (const [start, n] of [["2020-01-20", 3], ["2020-04-30", 7], ["2024-02-08", 12]]) {
        assert.equal(fc.workingDaysBetween(start, fc.addWorkingDays(start, n)), n);
      }
    });

    test("a date outside the calendar throws a CalendarError", () => {
      const error = thrown(() => fc.addWorkingDays("2031-01-02", 1), "CalendarError");
      assert.equal(error.code, "calendar.out_of_range");
      assert.match(error.message, /^`2031-01-02` is outside the working-day calendar, which covers `\d{4}-01-01` to `\d{4}-12-31`; once that year's holiday notice is out, add it as a calendar year file \(see rules\/calendars\/README\.md\)$/);
      assert.equal(thrown(() => fc.workingDaysBetween("2018-12-31", "2019-01-02"), "CalendarError").code, "calendar.out_of_range");
      assert.equal(thrown(() => fc.addWorkingDays("2026-12-30", 10), "CalendarError").code, "calendar.out_of_range");
    });

    test("malformed calendar arguments throw an ArgumentError", () => {
      assert.equal(
        thrown(() => fc.addWorkingDays("27/9/2019", 5), "ArgumentError").message,
        "/date: argument `date` must be a date written year first (such as 2020-06-30, 2020/6/30 or 2020年6月30日), not `27/9/2019`",
      );
      for (const n of [-1, 1.5, "5", Number.NaN, Infinity, undefined, 2 ** 32]) {
        assert.equal(thrown(() => fc.addWorkingDays("2019-09-27", n), "ArgumentError").code, "argument.invalid");
      }
      assert.equal(thrown(() => fc.workingDaysBetween("2019-09-27", 20191010), "ArgumentError").message,
        "/b: argument `b` must be a date written year first (such as 2020-06-30, 2020/6/30 or 2020年6月30日), not `20191010`");
      assert.equal(thrown(() => fc.addWorkingDays("2031-01-02", 1, "zh"), "CalendarError").message.startsWith("`2031-01-02` 不在工作日历范围内"), true);
    });

    test("rules() lists the catalog in pack order", () => {
      const list = fc.rules();
      assert.ok(list.length > 20);
      assert.equal(new Set(list.map((r) => r.id)).size, list.length);
      for (const r of list) {
        assert.deepEqual(Object.keys(r), ["id", "kind", "clause", "clause_text", "severity", "owner", "summary", "reading", "base", "overrides"]);
        assert.ok(["applicant", "administration"].includes(r.owner));
        assert.ok(["error", "warning", "info"].includes(r.severity));
        assert.ok(r.summary.zh && r.summary.en);
      }
      const cap = list.find((r) => r.id === "prepayment.cap");
      assert.equal(cap.clause, "FM 四(一)");
      assert.equal(cap.kind, "prepayment_cap");
      assert.equal(cap.base, null);
      // IP 七(三) restates the 2018 national rule: inherited from the base, changed with a reason.
      const upward = list.find((r) => r.id === "budget.upward_min");
      assert.equal(upward.base, "national-2018@2018");
      assert.ok(upward.overrides.zh.startsWith("IP 七(三)"));
    });

    test("requirements() reads a category's materials from the pack", () => {
      const req = fc.requirements("service_stations");
      assert.equal(req.rule, "materials.service_stations");
      assert.equal(req.clause, "PM 二(六)");
      assert.deepEqual(req.documents.map((d) => d.id), exampleDoc.documents);
      const outlets = req.sections.find((s) => s.name === "outlets");
      assert.equal(outlets.many, true);
      assert.deepEqual(outlets.fields.find((f) => f.name === "phone"), { name: "phone", label: { zh: "联系电话", en: "phone" }, type: "text", required_when: null });
      assert.deepEqual(outlets.fields.map((f) => f.name),
        ["level", "town", "village", "address", "phone", "responsible_person", "built_on", "online_since", "photos"]);
      assert.deepEqual(outlets.fields.find((f) => f.name === "village").required_when, { field: "level", equals: "village" });
      // rules.md: no order between built_on and online_since (IP 四(六) upgrades existing outlets).
      assert.deepEqual(outlets.dates_in_order, []);
      assert.equal(fc.requirements("training").sections.length, 0);
      assert.equal(fc.requirements("nonsense"), null);
      assert.equal(fc.requirements(undefined), null);
      for (const category of fc.pack().categories) assert.notEqual(fc.requirements(category.id), null, category.id);
    });

    test("pack() gives the stamp and the vocabularies with labels", () => {
      const info = fc.pack();
      assert.equal(info.id, "yanshi-2019");
      assert.match(info.digest, /^sha256:[0-9a-f]{64}$/);
      assert.ok(info.categories.some((c) => c.id === "service_stations" && c.label.zh && c.clause));
      assert.ok(info.documents.some((d) => d.id === "outlet_profiles"));
      assert.deepEqual(info.outlet_levels.map((l) => l.id), ["town", "village"]);
      assert.ok(info.phases.some((p) => p.id === "implementation" && p.label.zh));
      assert.ok(info.results.some((r) => r.id === "qualified" && r.passes === true));
    });

    test("the instance keeps answering after hostile input", () => {
      let deep = {};
      for (let i = 0; i < 100000; i++) deep = { a: deep };
      const cyclic = { kind: "application" };
      cyclic.self = cyclic;
      const hostile = [
        undefined, null, 0, -0, 1e308, NaN, true, "", "null", "[]", "{", "}", "\u0000",
        "[".repeat(200000), "{\"a\":".repeat(100000), JSON.stringify({ kind: "application", id: "x".repeat(5_000_000) }),
        "{\"kind\":\"application\",\"id\":\"\\ud800\",\"category\":\"training\"}",
        "{\"__proto__\":{\"kind\":\"application\"},\"constructor\":1}",
        "{\"kind\":\"application\",\"id\":\"x\",\"category\":\"training\",\"payments\":[{\"date\":\"2020-02-30\",\"amount\":1e400}]}",
        "{\"kind\":\"progress\",\"villages\":{\"total\":18446744073709551616,\"covered\":-9223372036854775809}}",
        new Uint8Array([0xff, 0xfe, 0x00, 0x7b]), new Uint8Array(0), new ArrayBuffer(8),
        deep, cyclic, [exampleDoc], () => 1, Symbol("x"), { toJSON() { throw new Error("boom"); } },
        { ...exampleDoc, payments: Array.from({ length: 20000 }, (_, i) => ({ date: "2020-01-01", amount: `${i}.00` })) },
      ];
      for (const input of hostile) {
        for (const options of [undefined, { lang: "en" }, { format: "csv" }, { format: "csv", encoding: "gb18030" }]) {
          try {
            const report = fc.check(input, options);
            assert.equal(typeof report.ok, "boolean");
          } catch (error) {
            assert.ok(["InputError", "ArgumentError"].includes(error.name), `${error.name}: ${error.message}`);
          }
        }
        assert.equal(JSON.stringify(fc.check(example)), golden, "still answers the same");
      }
      for (const call of [() => fc.addWorkingDays(), () => fc.workingDaysBetween({}, []), () => fc.requirements(Symbol("x")),
        () => fc.addWorkingDays("9999-12-31", 4294967295), () => fc.addWorkingDays("2019-01-01", 4294967295)]) {
        try {
          call();
        } catch (error) {
          assert.ok(["ArgumentError", "CalendarError"].includes(error.name), `${error.name}: ${error.message}`);
        }
      }
      assert.equal(fc.addWorkingDays("2019-09-27", 5), "2019-10-10");
      assert.equal(JSON.stringify(fc.check(example)), golden);
    });
  });
}
