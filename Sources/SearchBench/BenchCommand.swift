import SearchBenchKit

/// The subcommands of SearchBench.
enum BenchCommand {
    static let usage = """
        usage: SearchBench cranfield CRANFIELD_DIR [--work FOLDER] [--run TREC_RUN_FILE]
               SearchBench score-run CRANFIELD_DIR TREC_RUN_FILE [--engine NAME]
               SearchBench index CORPUS_DIR --db FOLDER [--flush N]
               SearchBench query CORPUS_DIR --db FOLDER [--queries FILE] [--reps N] [--snippets]
                                 [--latencies FILE]
        CORPUS_DIR holds list.txt (document paths, one a line) and the documents; the queries
        default to CORPUS_DIR/query-mix.json. scripts/bench-search.sh writes both.
        """

    static func run(_ arguments: [String]) throws {
        guard let command = arguments.first else { throw BenchError.usage(usage) }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "cranfield":
            let options = try BenchOptions(rest)
            guard options.positional.count == 1 else { throw BenchError.usage(usage) }
            try CranfieldBenchmark(folder: options.positional[0], work: options.string("work"),
                                   runFile: options.string("run")).run()
        case "score-run":
            let options = try BenchOptions(rest)
            guard options.positional.count == 2 else { throw BenchError.usage(usage) }
            try RunScorer(folder: options.positional[0], runFile: options.positional[1],
                          engine: options.string("engine") ?? "run").run()
        case "index":
            let options = try BenchOptions(rest)
            guard options.positional.count == 1, let db = options.string("db") else { throw BenchError.usage(usage) }
            let flush = try options.int("flush", default: 0)
            try IndexBenchmark(corpus: options.positional[0], database: db, flushThreshold: flush > 0 ? flush : nil).run()
        case "query":
            let options = try BenchOptions(rest, flagNames: ["snippets"])
            guard options.positional.count == 1, let db = options.string("db") else { throw BenchError.usage(usage) }
            let corpus = options.positional[0]
            try QueryBenchmark(queriesFile: options.string("queries") ?? corpus + "/query-mix.json", database: db,
                               repetitions: try options.int("reps", default: 20),
                               snippets: options.flag("snippets"), latencyFile: options.string("latencies")).run()
        case "-h", "--help", "help":
            print(usage)
        default:
            throw BenchError.usage(usage)
        }
    }
}
