#!/usr/bin/env python3
"""Writes CORPUS/query-mix.json: the fixed mix of 50 queries of scripts/bench-search.sh,
each in Xapian QueryParser syntax (SearchBench and the plain-Xapian reference) and as an
FTS5 MATCH expression with optional column conditions (the SQLite reference).

Built deterministically from the queries.json of scripts/bench/make_text_corpus.py (15 single words from
common to rare, 15 word pairs, 10 phrases, 10 word + category filters):
  8 single words, 8 AND pairs, 8 phrases, 7 NEAR pairs (within 10 words), 6 wildcards
  (the first 5 letters of a word), 7 word + kind filters, 6 word + two-year date ranges.

usage: make_query_mix.py CORPUS_DIR
"""
import json
import os
import sys


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    folder = sys.argv[1]
    with open(os.path.join(folder, "queries.json"), encoding="utf-8") as f:
        generated = json.load(f)
    by_kind = {}
    for q in generated:
        by_kind.setdefault(q["kind"], []).append(q)
    terms = [q["terms"][0] for q in by_kind.get("term", [])]
    pairs = [q["terms"] for q in by_kind.get("and", [])]
    phrases = [q["terms"] for q in by_kind.get("phrase", [])]
    filters = [(q["terms"][0], q["category"]) for q in by_kind.get("filter", [])]
    if len(terms) < 15 or len(pairs) < 15 or len(phrases) < 8 or len(filters) < 10:
        raise SystemExit("%s/queries.json has too few queries for the mix" % folder)

    def fts_word(w):
        return '"%s"' % w

    mix = []
    # terms: 3 common, 3 mid-frequency, 2 rare (the generator lists 5 of each, in that order)
    for w in terms[0:3] + terms[5:8] + terms[10:12]:
        mix.append({"kind": "term", "xapian": w, "fts5": fts_word(w)})
    for a, b in pairs[0:8]:
        mix.append({"kind": "and", "xapian": "%s AND %s" % (a, b), "fts5": "%s AND %s" % (fts_word(a), fts_word(b))})
    for words in phrases[0:8]:
        text = " ".join(words)
        mix.append({"kind": "phrase", "xapian": '"%s"' % text, "fts5": '"%s"' % text})
    for a, b in pairs[8:15]:
        mix.append({"kind": "near", "xapian": "%s NEAR %s" % (a, b), "fts5": "NEAR(%s %s, 10)" % (fts_word(a), fts_word(b))})
    stems = []
    for w in [b for _, b in pairs] + terms[3:5] + terms[8:10] + terms[12:15]:
        if len(w) >= 6 and w[:5] not in stems:
            stems.append(w[:5])
    if len(stems) < 6:
        raise SystemExit("too few words of 6 letters or more for the wildcard queries")
    for stem in stems[0:6]:
        mix.append({"kind": "wildcard", "xapian": stem + "*", "fts5": '"%s" *' % stem})
    for w, category in filters[0:7]:
        mix.append({"kind": "field", "xapian": "%s kind:%s" % (w, category), "fts5": fts_word(w), "category": category})
    date_words = [w for w, _ in filters[7:10]] + terms[3:5] + terms[8:9]
    for i, w in enumerate(date_words):
        first = 2001 + 4 * i  # the generator's dates run from 2000 to mid-2024
        low, high = "%d-01-01" % first, "%d-12-31" % (first + 1)
        mix.append({"kind": "date", "xapian": "%s %s..%s" % (w, low, high), "fts5": fts_word(w),
                    "from": low, "to": high})
    assert len(mix) == 50, len(mix)
    with open(os.path.join(folder, "query-mix.json"), "w", encoding="utf-8") as f:
        json.dump(mix, f, indent=1)


if __name__ == "__main__":
    main()
