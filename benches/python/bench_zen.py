"""fundcheck against GoRules ZEN (PyPI `zen-engine` 2.1.3) on 10,000 seeded applications.

Run from the repository root, in the venv `benches/zen/setup` makes (`.venv-bench`: the pinned
zen-engine, and the fundcheck already built in bindings-py/python; FUNDCHECK_VENV names
another venv, e.g. the README's `.venv`, which then gets zen-engine only):

    bash benches/zen/setup
    .venv-bench/bin/python benches/python/bench_zen.py [--count 10000] [--runs 5]

What it does, in order:

1. Generates `--count` applications: deterministic variations of benches/data/application.json
   (no random module, no clock: a 32-bit integer hash of the index; `bindings-wasm/bench/zen.mjs`
   has the same generator, and both print the SHA-256 of the documents they made). They vary
   the category (all seven, with the category's own documents and structured sections), the
   materials (a document dropped, a field blanked, a section left out), the applicant (kind,
   region, voluntary, tender, project status, the three priority flags), the amounts (the
   proposed subsidy and prepayments around its 50% cap, odd fen included), the payment dates
   (a balance payment moved before acceptance becomes a prepayment) and the date of receipt
   (inside, on the edges of and outside the measures' period of validity).
2. Agreement check, before any timing: every application through the JDM graph
   `benches/zen/application.jdm.json` and through `fundcheck.check(dict)`; for each one the
   graph's four decisions must equal those read from the report, or the script stops and prints
   the first disagreements. Then the timing, in `--runs` interleaved rounds (each round runs
   every loop once; the median per loop is printed, and the same-round ratio of
   `fundcheck.check` to ZEN's fastest route, which a change in the machine's speed cannot tilt):
   (a) ZEN: `ZenEngine({"loader": …})` whose loader hands back one cached `ZenDecisionContent`,
       `engine.evaluate("application", dict)` per application; `engine.create_decision(content)
       .evaluate(dict)` per application (made from the same `ZenDecisionContent`: a decision made
       from the JSON text evaluated several times slower still, here);
       and `engine.evaluate_batch([...])` over all (each printed; the fastest is the ZEN figure
       the ratios are taken against);
   (b) `fundcheck.check(dict)` per application, every rule of the pack;
   (c) `fundcheck.check_many(list_of_dicts)`.
   Every timed loop reads what its engine decided: for fundcheck `r.ok`, every finding's
   `(f.rule, f.severity)` and `dict(r.figures)`; for ZEN every field of the graph's output.

## The graph and the fundcheck rules each node mirrors

The graph is ZEN's implementation of the same policy, so its numbers are written in it (the
region codes, the listed kinds, the documents and fields of each category, the 50% share, the
dates of validity), as any JDM author would; fundcheck's side of this script hard-codes none of
them (it is the engine: they come from the pack).

| graph node | kind | mirrors (rules/yanshi-2019.toml) | compared with |
|---|---|---|---|
| `eligibility` | decision table, collect | `eligibility.registered_locally`, `.voluntary`, `.selected_by_tender`, `.project_built` (errors), `.applicant_kind` (warning) | the report's `eligibility.*` findings of severity error and warning, as `(rule, severity)` |
| `priority` | expression | `eligibility.priority` (count_true) | figure `priority_score` |
| `materials_requirements` | decision table, first hit on `category` | the seven `materials.<category>` rules' `documents` and `sections` | — |
| `materials` | expression | `materials.<category>` (required_materials): missing document codes, absent or empty sections, absent or empty fields (village for village-level outlets) | the report's `materials.*` findings: `facts.document` of those at `/documents`, the path of the others |
| `prepayment` | expression, integer fen | `prepayment.cap` with the payment classes of the lifecycle (prepayment = dated before acceptance was completed): 50% of the proposed subsidy rounded half away from zero to the fen | figures `max_prepayment`, `prepaid`, `prepayment_headroom`; error finding `prepayment.cap` |
| `validity` | expression | `validity.in_force` (received within 2019-04-30 … 2022-04-30) | error finding `validity.in_force` |
| `verdict` | expression | the report's `ok`: no error finding | `report.ok` |

The verdict of the graph is "no error among the four checks"; the report's `ok` is "no error
among all the pack's rules". They agree on these documents because the generator only breaks
what the four checks judge: every timeline is in order, every deadline is met (the calendar gaps
are no longer than the working-day limits), nothing is overpaid and no payment falls between
acceptance and the city approval. The agreement check also asserts that premise: a report with
an error of a rule the graph does not mirror counts as a disagreement. Nothing is written to
BENCHMARKS.md by this script.

## Where the simple graph is narrower than the pack (the generator stays inside it)

- Region names: the pack reads `偃师` and `洛阳市偃师区` as their codes; the graph knows only the
  codes 410381 and 410307, so the generator writes codes.
- Dates the lifecycle infers: when acceptance is blank but a later step is dated, fundcheck
  knows acceptance happened on an unknown date and leaves a payment that hangs on it
  unclassified (no `prepaid` figure); the graph reads a blank acceptance as "not yet", every
  payment a prepayment. The generator always dates acceptance.
- The readings the pack can switch (`--param`, e.g. the prepayment window or the validity end)
  are fixed in the graph at the pack's defaults.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import pathlib
import statistics
import sys
import time
from decimal import Decimal
from typing import Any, Callable, Dict, List, Optional, Tuple

import fundcheck

try:
    import zen
except ImportError:  # pragma: no cover - a hint, not a fallback
    sys.exit("zen-engine is not installed in this venv: run `bash benches/zen/setup` first")

ROOT = pathlib.Path(__file__).resolve().parents[2]
GRAPH = ROOT / "benches" / "zen" / "application.jdm.json"
FIXTURE = ROOT / "benches" / "data" / "application.json"
ZEN_VERSION = "2.1.3"

# ── The generator (the same in bindings-wasm/bench/zen.mjs) ─────────────────────────────────
# Its vocabulary (categories, documents, sections) comes from the pack, so that every generated
# document is well formed; its sample values and dates are test data, not policy.

PACK = fundcheck.Pack.default().resolved
CATEGORIES = [c["id"] for c in PACK["categories"]]
REQUIRED = {
    r["params"]["category"]: (r["params"]["documents"], [s["name"] for s in r["params"].get("sections", [])])
    for r in PACK["rules"]
    if r["kind"] == "required_materials"
}
ALL_DOCUMENTS = [d["id"] for d in PACK["documents"]]

M32 = 0xFFFFFFFF


def rnd(i: int, k: int) -> int:
    """A 32-bit hash of (index, salt): the generator's only source of variation."""
    x = (i * 0x9E3779B1 + k * 0x85EBCA77 + 0x27D4EB2F) & M32
    x ^= x >> 16
    x = (x * 0x7FEB352D) & M32
    x ^= x >> 15
    x = (x * 0x846CA68B) & M32
    x ^= x >> 16
    return x


EPOCH = datetime.date(1970, 1, 1)


def day(text: str) -> int:
    return (datetime.date.fromisoformat(text) - EPOCH).days


def iso(n: int) -> str:
    return (EPOCH + datetime.timedelta(days=n)).isoformat()


def money(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


# Sample section contents (the fixture's outlets and investment items, and made-up profiles).
def section_template(name: str, base: Dict[str, Any]) -> Any:
    if name == "enterprise_profile":
        return {"address": "偃师市商都路88号", "responsible_person": "张伟", "phone": "0379-67712345", "online_since": "2018-03-01"}
    if name == "facility_profile":
        return {"address": "偃师市产业集聚区物流园2号", "floor_area_m2": 1200, "jobs": 35, "functions": "仓储、分拣、配送", "delivery_radius_km": 40}
    if name == "traced_products":
        return [
            {"name": "偃师银条", "production_address": "岳滩镇", "production_manager": "刘强", "process": "种植、采收、清洗、包装"},
            {"name": "缑山黄梨", "production_address": "缑氏镇", "production_manager": "陈静", "process": "种植、分级、冷藏、包装"},
        ]
    return json.loads(json.dumps(base[name], ensure_ascii=False))  # outlets, investment_items


# Which fields a blanking may touch, and how: text may become null or "", a list [], others null.
TEXT_LIKE = {"address", "responsible_person", "phone", "town", "village", "functions", "name", "production_address",
             "production_manager", "process", "description", "invoice", "payment_voucher"}
KINDS_LISTED = ["ecommerce_enterprise", "industry_association", "training_institution"]
KINDS_OTHER = ["cooperative", "individual_business"]


def blank(value_name: str, salt: int) -> Any:
    if value_name == "photos":
        return [] if salt % 2 == 0 else [""]
    if value_name in TEXT_LIKE:
        return [None, "", "  "][salt % 3]
    return None


def application(i: int, base: Dict[str, Any]) -> Dict[str, Any]:
    r = lambda k: rnd(i, k)  # noqa: E731
    category = CATEGORIES[r(1) % len(CATEGORIES)]
    documents, sections = REQUIRED[category]

    # ── applicant and project (eligibility) ──
    applicant = dict(base["applicant"])
    applicant["name"] = f"偃师市示范项目承办单位{i:05d}"
    kind_roll = r(2) % 100
    applicant["kind"] = (KINDS_OTHER[r(3) % 2] if kind_roll < 12 else None if kind_roll < 15 else KINDS_LISTED[r(3) % 3])
    applicant["region"] = "410307" if r(4) % 4 == 0 else "410381"
    applicant["has_benefit"] = r(5) % 2 == 0
    applicant["has_output"] = r(6) % 3 != 0
    applicant["has_tax_source"] = r(7) % 2 == 1
    status: Optional[str] = "stage_completed" if r(8) % 10 == 0 else "completed"
    breaks = r(9) % 100
    if breaks < 5:
        applicant["region"] = ["410305", "410322", None][r(10) % 3]
    elif breaks < 10:
        applicant["voluntary"] = [False, None][r(10) % 2]
    elif breaks < 15:
        applicant["selected_by_tender"] = [False, None][r(10) % 2]
    elif breaks < 19:
        status = ["in_progress", None][r(10) % 2]
    elif breaks < 21:
        applicant["region"] = "410305"
        applicant["voluntary"] = False

    # ── the history: receipt (validity), steps with gaps no longer than their deadlines ──
    roll = r(11) % 100
    if roll < 80:
        received = day("2019-06-01") + r(12) % (day("2022-04-20") - day("2019-06-01"))
    elif roll < 82:
        received = day("2022-04-30")
    elif roll < 84:
        received = day("2019-04-30")
    elif roll < 87:
        received = day("2022-05-01")
    elif roll < 98:
        received = day("2022-05-02") + r(12) % 420
    else:
        received = day("2019-04-26") + r(12) % 4
    early = received < day("2019-05-10")
    review = received + (4 if early else r(13) % 5)
    published = review + r(14) % (6 - (review - received))
    acceptance = review + (5 if early else 1 + r(15) % 5)
    evaluation = acceptance + 1 + r(16) % 3
    approval = evaluation + r(17) % 7
    completed = received - r(18) % 90
    bound = day("2021-08-31")  # the generator keeps schedules within the implementation phase
    if completed > bound:
        completed = bound - r(18) % 30
    scheduled = min(completed + r(19) % 120, bound)
    project = {"status": status, "scheduled_completion": iso(scheduled),
               "completed_on": iso(completed) if status in ("completed", "stage_completed") else None}

    # ── money: the proposed subsidy, prepayments around the cap, the balance ──
    proposed = (100_000 + r(20) % 2_900_000) * 100 + (0 if r(21) % 3 == 0 else r(22) % 100)
    cap = (proposed + 1) // 2  # only to aim the generated prepayments around the cap
    mode = r(23) % 100
    if mode < 55:
        prepaid = cap // 4 + r(24) % (cap - cap // 4)
    elif mode < 62:
        prepaid = cap
    elif mode < 66:
        prepaid = cap + 1
    elif mode < 80:
        prepaid = cap + 1 + r(24) % (cap // 3)
    else:
        prepaid = 1 + r(24) % cap
    count = 1 + r(25) % 3
    if prepaid < count:
        count = 1
    cuts = sorted({1 + r(26 + j) % (prepaid - 1) for j in range(count - 1)}) if prepaid > 1 else []
    parts = [b - a for a, b in zip([0] + cuts, cuts + [prepaid])]
    first = max(day("2019-04-30"), received - 365)
    payments = [{"date": iso(first + r(30 + j) % (acceptance - first)), "amount": money(p)} for j, p in enumerate(parts)]
    rest = proposed - prepaid
    if rest > 0 and r(34) % 5 != 0:
        balance = rest - (0 if r(35) % 2 == 0 else r(36) % rest)
        if r(37) % 10 == 0:  # the balance dated before acceptance: one more prepayment
            when = first + r(38) % (acceptance - first)
        else:
            when = approval + r(38) % 31
        payments.append({"date": iso(when), "amount": money(balance)})
    payments.sort(key=lambda p: p["date"])

    # ── materials: a document dropped, a field blanked, a section left out ──
    filed = list(documents)
    content = {name: section_template(name, base) for name in sections}
    many = {name: isinstance(content[name], list) for name in sections}
    if r(40) % 10 == 0:  # a code of another category's paper: harmless
        filed.append(ALL_DOCUMENTS[r(41) % len(ALL_DOCUMENTS)])
    for step in range(1 + (r(42) % 4 == 0)):
        if r(43 + step) % 100 >= 30:
            continue
        how = r(45 + step) % 5
        if how <= 1 or not sections:
            drop = documents[r(47 + step) % len(documents)]
            filed = [d for d in filed if d != drop]
            continue
        name = sections[r(49 + step) % len(sections)]
        value = content.get(name)
        if how == 2 and value is not None:  # blank one field of one item
            items = value if isinstance(value, list) else [value]
            if not items:
                continue
            item = items[r(51 + step) % len(items)]
            fields = list(item)
            field = fields[r(53 + step) % len(fields)]
            if field == "village" and item.get("level") != "village":
                field = "phone"
            item[field] = blank(field, r(55 + step))
        elif how == 3:  # the section absent, or empty
            if r(57 + step) % 2 == 0:
                content.pop(name, None)
            else:
                content[name] = [] if many[name] else {k: None for k in section_template(name, base)}
        else:  # a village-level outlet without its village, where there are outlets
            outlets = content.get("outlets")
            village = [o for o in outlets or [] if o.get("level") == "village"]
            if village:
                village[0]["village"] = None
            else:
                drop = documents[r(47 + step) % len(documents)]
                filed = [d for d in filed if d != drop]

    doc: Dict[str, Any] = {"kind": "application", "id": f"YS-B{i:06d}", "category": category,
                           "applicant": applicant, "project": project, "documents": filed}
    for name in sections:
        if name in content:
            doc[name] = content[name]
    doc["subsidy"] = {"proposed": money(proposed)}
    doc["payments"] = payments
    doc["process"] = {
        "received": iso(received), "review_completed": iso(review), "review_published": iso(published),
        "acceptance_completed": iso(acceptance), "evaluation_issued": iso(evaluation),
        "result": "basically_qualified" if r(60) % 5 == 0 else "qualified",
        "rectification_deadline": None, "rectified_result": None, "rectified_on": None,
        "city_approval": iso(approval), "misuse_found": False,
    }
    return doc


def applications(count: int) -> List[Dict[str, Any]]:
    base = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [application(i, base) for i in range(count)]


def digest(docs: List[Dict[str, Any]]) -> str:
    h = hashlib.sha256()
    for d in docs:
        h.update(json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


# ── What each side decided ───────────────────────────────────────────────────────────────
# The graph's output (benches/zen/application.jdm.json, node `verdict`) against the report.
# The fundcheck side names rules by their ids and reads figures by name; it knows no number.

MIRRORED = {r["id"] for r in PACK["rules"] if r["id"].startswith(("eligibility.", "materials."))} | {
    "prepayment.cap",
    "validity.in_force",
}
MONEY_FIGURES = ("max_prepayment", "prepaid", "prepayment_headroom")


def fen_of(value: Any) -> int:
    assert isinstance(value, Decimal), value
    return int(value * 100)


def fundcheck_decisions(report: "fundcheck.Report") -> Dict[str, Any]:
    findings = report.findings
    eligibility = [(f.rule, f.severity) for f in findings if f.rule.startswith("eligibility.") and f.severity != "info"]
    materials = [f for f in findings if f.rule.startswith("materials.")]
    figures = report.figures
    return {
        "eligibility": eligibility,
        "eligible": all(s != "error" for _, s in eligibility),
        "missing_documents": [str(f.facts["document"]) for f in materials if f.path == "/documents"],
        "missing_fields": sorted(f.path for f in materials if f.path != "/documents"),
        "materials_severities": sorted({f.severity for f in materials}),
        "figures": {**{k: fen_of(figures[k]) for k in MONEY_FIGURES if k in figures}, "priority_score": figures.get("priority_score")},
        "prepayment_within_cap": not any(f.rule == "prepayment.cap" and f.severity == "error" for f in findings),
        "in_force": not any(f.rule == "validity.in_force" and f.severity == "error" for f in findings),
        "ok": report.ok,
        # The premise of the graph's verdict: every error comes from a rule it mirrors.
        "unmirrored_errors": sorted({f.rule for f in findings if f.severity == "error" and f.rule not in MIRRORED}),
    }


def zen_decisions(out: Dict[str, Any]) -> Dict[str, Any]:
    d = out["decisions"]
    materials = out["materials"]
    figures = out["figures"]
    eligibility = [(f["rule"], f["severity"]) for f in out["findings"] if f["rule"].startswith("eligibility.")]
    return {
        "eligibility": eligibility,
        "eligible": d["eligible"],
        "missing_documents": list(materials["missing_documents"]),
        "missing_fields": sorted(materials["missing_fields"]),
        "materials_severities": ["error"] if materials["missing_documents"] or materials["missing_fields"] else [],
        "figures": {k: int(v) for k, v in figures.items()},
        "prepayment_within_cap": d["prepayment_within_cap"],
        "in_force": d["in_force"],
        "ok": out["ok"],
        "unmirrored_errors": [],
    }


def agreement(docs: List[Dict[str, Any]], decide: Callable[[Dict[str, Any]], Dict[str, Any]]) -> Dict[str, int]:
    """Aborts, printing the first disagreements, unless the graph and the report agree on all."""
    disagreements = []
    shares = {"eligible": 0, "materials_complete": 0, "prepayment_within_cap": 0, "in_force": 0, "ok": 0}
    for i, doc in enumerate(docs):
        fc = fundcheck_decisions(fundcheck.check(doc))
        zd = zen_decisions(decide(doc))
        if fc != zd:
            diff = {k: (fc[k], zd[k]) for k in fc if fc[k] != zd.get(k)}
            disagreements.append((i, doc["id"], diff))
        shares["eligible"] += fc["eligible"]
        shares["materials_complete"] += not fc["missing_documents"] and not fc["missing_fields"]
        shares["prepayment_within_cap"] += fc["prepayment_within_cap"]
        shares["in_force"] += fc["in_force"]
        shares["ok"] += fc["ok"]
    if disagreements:
        print(f"\nDISAGREEMENT on {len(disagreements):,} of {len(docs):,} applications (fundcheck, ZEN); the first ones:")
        for i, ident, diff in disagreements[:5]:
            print(f"  #{i} {ident}:")
            for key, (a, b) in diff.items():
                print(f"    {key}: fundcheck {a!r}  ZEN {b!r}")
        sys.exit(1)
    return shares


# ── What each timed loop reads ─────────────────────────────────────────────────────────────


def read_report(r: "fundcheck.Report") -> Tuple[Any, ...]:
    return r.ok, [(f.rule, f.severity) for f in r.findings], dict(r.figures)


def read_zen(out: Dict[str, Any]) -> Tuple[Any, ...]:
    m = out["materials"]
    return (
        out["ok"],
        [(f["rule"], f["severity"]) for f in out["findings"]],
        dict(out["figures"]),
        dict(out["decisions"]),
        (m["rule"], list(m["missing_documents"]), list(m["missing_fields"])),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="applications to generate (default 10,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each loop; the median is printed")
    args = parser.parse_args()
    installed = getattr(zen, "__version__", None)
    if installed is None:
        from importlib.metadata import version

        installed = version("zen-engine")
    if installed != ZEN_VERSION:
        sys.exit(f"zen-engine {installed} is installed, the benchmark pins {ZEN_VERSION}: run `bash benches/zen/setup`")
    print(f"fundcheck {fundcheck.__version__}, zen-engine {installed}, Python {sys.version.split()[0]}")

    docs = applications(args.count)
    print(f"applications: {len(docs):,} generated from benches/data/application.json, sha256 {digest(docs)}")

    content = GRAPH.read_text(encoding="utf-8")
    cached = zen.ZenDecisionContent(content)
    engine = zen.ZenEngine({"loader": lambda key: cached})
    # The route in its best form: the decision made from the same ZenDecisionContent (one made
    # from the JSON text evaluated several times slower still, on zen-engine 2.1.3 here).
    decision = engine.create_decision(cached)

    def by_key(doc: Dict[str, Any]) -> Dict[str, Any]:
        return engine.evaluate("application", doc)["result"]

    shares = agreement(docs, by_key)
    for doc in docs[:: max(1, len(docs) // 500)]:  # the second route gives the same answers
        assert decision.evaluate(doc)["result"] == by_key(doc), "create_decision and the loader route differ"
    n = len(docs)
    print("agreement: the graph's four decisions and verdict equal fundcheck's on every application")
    print("  share true: " + ", ".join(f"{k} {v / n:.0%}" for k, v in shares.items()))

    print(f"\ntiming: {args.runs} interleaved rounds over {n:,} applications (each round runs every loop once, so a")
    print("change in the machine's speed falls on all of them); each loop reads the verdict, every finding's rule and")
    print("severity, every figure; the median of the rounds is printed")
    loops: Dict[str, Callable[[], Any]] = {
        "key": lambda: [read_zen(engine.evaluate("application", d)["result"]) for d in docs],
        "decision": lambda: [read_zen(decision.evaluate(d)["result"]) for d in docs],
        "batch": lambda: [
            read_zen(x["data"]["result"]) for x in engine.evaluate_batch([{"key": "application", "context": d} for d in docs])
        ],
        "check": lambda: [read_report(fundcheck.check(d)) for d in docs],
        "many": lambda: [read_report(r) for r in fundcheck.check_many(docs)],
    }
    rounds: Dict[str, List[float]] = {name: [] for name in loops}
    for _ in range(args.runs):
        for name, run in loops.items():
            start = time.perf_counter()
            run()
            rounds[name].append(time.perf_counter() - start)
    t_key, t_decision, t_batch, t_check, t_many = (
        statistics.median(rounds[name]) for name in ("key", "decision", "batch", "check", "many")
    )
    # The same-round ratio: fundcheck.check against the fastest ZEN route of that round.
    same_round = sorted(
        min(rounds["key"][i], rounds["decision"][i], rounds["batch"][i]) / rounds["check"][i] for i in range(args.runs)
    )
    t_zen, zen_route = min(
        (t_key, 'engine.evaluate("application", dict)'),
        (t_decision, "engine.create_decision(content).evaluate(dict)"),
        (t_batch, "engine.evaluate_batch(list)"),
    )
    per = lambda s: s / n * 1e6  # noqa: E731
    print(f"  {'ZEN ZenEngine(loader=cached).evaluate(key, dict)':58} {per(t_key):9.1f} µs/app")
    print(f"  {'ZEN engine.create_decision(content).evaluate(dict)':58} {per(t_decision):9.1f} µs/app")
    print(f"  {'ZEN engine.evaluate_batch([{key, context}, …])':58} {per(t_batch):9.1f} µs/app")
    print(f"  {'fundcheck.check(dict), every rule (' + str(len(PACK['rules'])) + ' in the pack)':58} {per(t_check):9.1f} µs/app   {t_zen / t_check:6.2f}× ZEN")
    print(f"  {'fundcheck.check_many(list of dicts)':58} {per(t_many):9.1f} µs/app   {t_zen / t_many:6.2f}× ZEN")
    print(f"  (ZEN's faster route, the baseline of the ratios: {zen_route})")
    print(
        f"  fundcheck.check / ZEN's fastest in the same round: {same_round[0]:.2f}× to {same_round[-1]:.2f}×, "
        f"median {statistics.median(same_round):.2f}×"
    )


if __name__ == "__main__":
    main()
