#!/usr/bin/env python3
"""Writes the generated English text corpus of scripts/bench-search.sh.

    make_text_corpus.py DEST --docs N [--seed S]

DEST/text/<category>/<bucket>/doc-NNNNNN.txt: N documents of 1 to 10 KiB (log-uniform), each a
header (`Title:`, `Category:`, `Date:` between 2000-01-01 and 2024-06-30, `Exhibit:`), a blank
line, then sentences drawn from a fixed pool of real English: the abstracts of the Cranfield
collection (Tests/Fixtures/corpora/ir/cranfield) and the licence texts every Debian system has in
/usr/share/common-licenses. DEST/queries.json: 15 single words (5 common, 5 of middling
frequency, 5 rare), 15 word pairs, 10 phrases taken from the documents, 10 word + category
filters, as scripts/bench/make_query_mix.py reads them. DEST/MANIFEST.json: the parameters and
the SHA-256 of the pool. The same seed and pool give the same corpus.
"""
import argparse
import collections
import datetime
import glob
import hashlib
import json
import math
import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CRANFIELD = os.path.join(ROOT, "Tests/Fixtures/corpora/ir/cranfield/cran.all.1400")
CATEGORIES = ["statement", "document", "email", "exhibit", "other"]
WORD = re.compile(r"[a-z]+")
STOP = set("""a an and are as at be been but by for from had has have he her his i if in into is it
its may not of on or our she so such than that the their them then there these they this to was we
were which will with would you""".split())


def pool_sentences():
    texts = []
    with open(CRANFIELD, encoding="utf-8", errors="replace") as f:
        # Each record: .I n, .T title, .A authors, .B source, .W abstract; the abstracts only.
        for record in f.read().split("\n.I ")[1:]:
            if "\n.W" in record:
                texts.append(record.split("\n.W", 1)[1])
    for path in sorted(glob.glob("/usr/share/common-licenses/*")):
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                texts.append(f.read())
    sentences = []
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
            if 20 <= len(sentence) <= 400:
                sentences.append(sentence)
    return sentences


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest")
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument("--seed", default="20261127")
    args = parser.parse_args()
    sentences = pool_sentences()
    if len(sentences) < 1000:
        raise SystemExit("make_text_corpus: the sentence pool is too small (%d)" % len(sentences))
    rng = random.Random("evidence-text:%s" % args.seed)
    start = datetime.date(2000, 1, 1)
    days = (datetime.date(2024, 6, 30) - start).days
    listing = []
    for n in range(args.docs):
        category = CATEGORIES[rng.randrange(len(CATEGORIES))]
        size = int(math.exp(rng.uniform(math.log(1024), math.log(10 * 1024))))
        body, length = [], 0
        while length < size:
            sentence = sentences[rng.randrange(len(sentences))]
            body.append(sentence)
            length += len(sentence) + 1
        title = " ".join(body[0].split()[:8])
        date = start + datetime.timedelta(days=rng.randrange(days + 1))
        rel = "text/%s/%03d/doc-%06d.txt" % (category, n // 1000, n)
        os.makedirs(os.path.join(args.dest, os.path.dirname(rel)), exist_ok=True)
        with open(os.path.join(args.dest, rel), "w", encoding="utf-8") as f:
            f.write("Title: %s\nCategory: %s\nDate: %s\nExhibit: EX-%06d\n\n%s\n"
                    % (title, category, date.isoformat(), n, " ".join(body)))
        listing.append((rel, category, " ".join(body)))
    write_queries(args.dest, args.seed, listing)
    pool = hashlib.sha256("\n".join(sentences).encode()).hexdigest()
    with open(os.path.join(args.dest, "MANIFEST.json"), "w") as f:
        json.dump({"seed": args.seed, "docs": args.docs, "pool_sentences": len(sentences), "pool_sha256": pool}, f)


def write_queries(dest, seed, listing):
    rng = random.Random("evidence-queries:%s" % seed)
    df = collections.Counter()
    for _, _, text in listing:
        df.update(set(w for w in WORD.findall(text.lower()) if w not in STOP and len(w) >= 3))
    n = len(listing)
    ranked = sorted((w for w, c in df.items() if c >= 2), key=lambda w: (-df[w], w))
    common = [w for w in ranked if df[w] > 0.05 * n]
    mid = [w for w in ranked if 0.005 * n < df[w] <= 0.05 * n]
    rare = [w for w in ranked if df[w] <= 0.005 * n]
    queries = []
    for pool in (common, mid, rare):
        for word in rng.sample(pool, min(5, len(pool))):
            queries.append({"kind": "term", "terms": [word]})
    for _ in range(15):
        queries.append({"kind": "and", "terms": [rng.choice(common + mid), rng.choice(mid or common)]})
    while sum(q["kind"] == "phrase" for q in queries) < 10:
        words = re.findall(r"[A-Za-z]+", listing[rng.randrange(n)][2])
        if len(words) < 10:
            continue
        j = rng.randrange(len(words) - 3)
        phrase = [w.lower() for w in words[j:j + rng.choice((2, 3))]]
        if any(len(w) < 3 for w in phrase) or all(w in STOP for w in phrase):
            continue
        queries.append({"kind": "phrase", "terms": phrase})
    for _ in range(10):
        queries.append({"kind": "filter", "terms": [rng.choice(common + mid)], "category": rng.choice(CATEGORIES)})
    with open(os.path.join(dest, "queries.json"), "w") as f:
        json.dump(queries, f, indent=1)


if __name__ == "__main__":
    main()
