#!/usr/bin/env python3
"""SQLite FTS5 (Python's sqlite3, porter tokenizer), the embedded engine a user would
otherwise pick: the second reference of scripts/bench-search.sh.

  fts5_reference.py index CORPUS_DIR DB_FILE
      One table fts5(title, body, kind UNINDEXED, day UNINDEXED, tokenize 'porter
      unicode61'), every document inserted in one transaction by one writer. Prints a
      RESULT line.
  fts5_reference.py query CORPUS_DIR DB_FILE MIX_FILE REPS LATENCY_FILE
      Runs the mix's FTS5 form REPS times after one untimed pass: MATCH, the kind or date
      condition where the query has one, ORDER BY rank (BM25), the first 10 rows with their
      title and text. Writes every latency to LATENCY_FILE.
"""
import os
import sqlite3
import sys
import time

from bench_common import load_corpus, load_mix, write_latencies


def index(folder, path):
    docs = load_corpus(folder)
    if os.path.exists(path):
        os.remove(path)
    started = time.perf_counter()
    cpu_started = time.process_time()
    con = sqlite3.connect(path)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, kind UNINDEXED, day UNINDEXED, "
                "tokenize = 'porter unicode61')")
    with con:
        con.executemany("INSERT INTO docs(rowid, title, body, kind, day) VALUES (?, ?, ?, ?, ?)",
                        ((number + 1, title, text, kind, day) for number, _, title, kind, day, text in docs))
    con.close()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print("SQLite %s FTS5: %d docs, %.2f s (%.2f s CPU) = %.1f docs/s"
          % (sqlite3.sqlite_version, len(docs), seconds, cpu, len(docs) / seconds))
    print("RESULT index engine=fts5 docs=%d seconds=%.3f cpu=%.3f rate=%.2f bytes=%d"
          % (len(docs), seconds, cpu, len(docs) / seconds, os.path.getsize(path)))


def query(path, mix_file, reps, latency_file):
    mix = load_mix(mix_file)
    con = sqlite3.connect(path)
    samples = []
    hits = 0
    for rep in range(reps + 1):
        for q in mix:
            sql = "SELECT rowid, title, body FROM docs WHERE docs MATCH ?"
            args = [q["fts5"]]
            if "category" in q:
                sql += " AND kind = ?"
                args.append(q["category"])
            if "from" in q:
                sql += " AND day BETWEEN ? AND ?"
                args += [q["from"], q["to"]]
            sql += " ORDER BY rank LIMIT 10"
            started = time.perf_counter()
            rows = con.execute(sql, args).fetchall()
            ms = (time.perf_counter() - started) * 1000
            if rep > 0:
                samples.append((q["kind"], ms))
            else:
                hits += len(rows)
    con.close()
    write_latencies(latency_file, samples)
    print("RESULT query engine=fts5 samples=%d hits=%d" % (len(samples), hits))


def main():
    a = sys.argv[1:]
    if len(a) == 3 and a[0] == "index":
        index(a[1], a[2])
    elif len(a) == 6 and a[0] == "query":
        query(a[2], a[3], int(a[4]), a[5])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
