#!/usr/bin/env python3
"""Where the product's query time goes: the query mix run on one shard of the product's own
index (built by `SearchBench index CORPUS --db DIR`) with python3-xapian, as plain parsed
queries, then with the visibility filter as the product runs it (one case-and-shard term), as it
ran before (three terms: case, classification, not sensitive), that under OP_FILTER, with a
relevance-then-date order (which the product also used before), and with both old choices.
A diagnostic for issue 3's latency goal, not part of bench-search.sh.

    /usr/bin/python3 scripts/bench/query_breakdown.py DIR/shards/official CORPUS/query-mix.json [REPS]
"""
import statistics
import sys
import time

import xapian

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import xapian_reference as R  # noqa: E402

Q = xapian.Query
# The visibility filter before index format 2: case, classification, not sensitive.
OLD_FILTER = ["XCASEbench", "XCLASSofficial", "XSENSno"]
FLAGS = (xapian.QueryParser.FLAG_BOOLEAN | xapian.QueryParser.FLAG_PHRASE | xapian.QueryParser.FLAG_LOVEHATE
         | xapian.QueryParser.FLAG_WILDCARD | xapian.QueryParser.FLAG_PURE_NOT)


def run(db, mix, variant, reps):
    samples = []
    for rep in range(reps + 1):
        for q in mix:
            started = time.perf_counter()
            parsed = R.parser(db, True).parse_query(q["xapian"], FLAGS)
            enquire = xapian.Enquire(db)
            if variant in ("filter (now)", "filter (before)", "both (before)"):
                terms = R.PRODUCT_FILTER if variant == "filter (now)" else OLD_FILTER
                visible = Q(Q.OP_SCALE_WEIGHT, Q(Q.OP_AND, [Q(t) for t in terms]), 0)
                enquire.set_query(Q(Q.OP_AND, [parsed, visible]))
            elif variant == "OP_FILTER (before)":
                enquire.set_query(Q(Q.OP_FILTER, parsed, Q(Q.OP_AND, [Q(t) for t in OLD_FILTER])))
            else:
                enquire.set_query(parsed)
            if variant in ("relevance then date", "both (before)"):
                enquire.set_sort_by_relevance_then_value(R.PRODUCT_TIME_SLOT, False)
            for match in enquire.get_mset(0, 10):
                match.document.get_data()
            if rep > 0:
                samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95)]


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    db = xapian.Database(sys.argv[1])
    mix = R.load_mix(sys.argv[2])
    reps = int(sys.argv[3]) if len(sys.argv) == 4 else 5
    for term in R.PRODUCT_FILTER + OLD_FILTER:
        print("%-16s in %d documents" % (term, db.get_termfreq(term)))
    for variant in ["plain", "filter (now)", "filter (before)", "OP_FILTER (before)", "relevance then date",
                    "both (before)"]:
        p50, p95 = run(db, mix, variant, reps)
        print("%-22s p50 %.3f ms  p95 %.3f ms" % (variant, p50, p95))


if __name__ == "__main__":
    main()
