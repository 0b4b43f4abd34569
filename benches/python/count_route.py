"""One route of `bench_zen.py` run N times in a plain loop, for counting its instructions with
valgrind (`benches/count-python` takes the difference between N and 0 runs, so the
interpreter's start, the imports and the documents' generation are not counted).

    .venv-bench/bin/python benches/python/count_route.py ROUTE N

ROUTE is `fundcheck` (`fundcheck.check(dict)`, reading the report as bench_zen's timed loop
does: the verdict, every finding's rule and severity, every figure), `fundcheck-check`
(`fundcheck.check(dict)` alone), `fundcheck-loads` (as `fundcheck`, on documents each read by
`json.loads`, so no two share a key object: the dict reader's worst case) or `zen` (ZEN's fastest route, `ZenEngine(loader=cached)
.evaluate(key, dict)`, reading every output). The documents are the first 400 of
bench_zen's seeded applications, in turn.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_zen as b  # noqa: E402

route, count = sys.argv[1], int(sys.argv[2])
docs = b.applications(400)
if route == "fundcheck-loads":
    import json

    docs = [json.loads(json.dumps(d, ensure_ascii=False)) for d in docs]
if route == "zen":
    import zen

    cached = zen.ZenDecisionContent(b.GRAPH.read_text(encoding="utf-8"))
    engine = zen.ZenEngine({"loader": lambda key: cached})

    def run(doc):
        return b.read_zen(engine.evaluate("application", doc)["result"])

else:
    import fundcheck

    def run(doc):
        report = fundcheck.check(doc)
        return report if route == "fundcheck-check" else b.read_report(report)

run(docs[0])  # the first call's one-time costs (the pack, the graph) are not counted
for i in range(count):
    run(docs[i % len(docs)])
