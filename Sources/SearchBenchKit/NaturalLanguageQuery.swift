/// Turns a Cranfield question into the query text the plain-Xapian baseline of
/// Tests/Fixtures/README.md searched for: lower-cased (Xapian's QueryParser does not stem
/// capitalised words, and reads "and", "or", "not", "near" as operators only in capitals),
/// and every character that is not a letter or a digit made a space.
///
/// Making punctuation spaces (rather than keeping `high-temperature` as Xapian's phrase of
/// its parts) is what reproduces the baseline's figures exactly (MAP 0.2915, P@10 0.2249,
/// recall@1000 0.974); with hyphenated words kept as phrases plain Xapian scores MAP 0.2847.
/// It also leaves no query syntax (quotes, `*`, `:`, `..`, `+`/`-`) for the parser to read:
/// a question is never refused or turned into a field search.
public enum NaturalLanguageQuery {
    public static func plainWords(_ question: String) -> String {
        String(question.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " })
    }
}
