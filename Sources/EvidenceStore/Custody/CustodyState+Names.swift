import Foundation

extension CustodyState {
    /// Whether two holders' names are the same person as people write them: equal once each is
    /// put in Unicode NFC and every code point replaced by its full lowercase mapping
    /// (UnicodeData.txt and the unconditional mappings of SpecialCasing.txt, with no context
    /// or locale). Stated exactly in docs/FORMAT.md §7.5 so that a second writer refuses the
    /// same hand-overs; Foundation's case-insensitive comparison is not specified that closely.
    public static func sameHolder(_ first: String, _ second: String) -> Bool {
        folded(first) == folded(second)
    }

    static func folded(_ name: String) -> [Unicode.Scalar] {
        name.precomposedStringWithCanonicalMapping.unicodeScalars.flatMap { $0.properties.lowercaseMapping.unicodeScalars }
    }
}
