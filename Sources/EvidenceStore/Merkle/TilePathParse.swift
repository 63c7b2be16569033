/// Strict parsing of tlog-tiles paths that come from outside (an HTTP request, a directory
/// listing, an exported bundle). Exactly one spelling of each tile is accepted, the one
/// `TilePath` writes, so two names can never denote the same tile.
extension TilePath {
    /// Parses "tile/<L>/<N>[.p/<W>]" or "tile/entries/<N>[.p/<W>]"; nil for anything else:
    /// a level outside 0…63 or with leading zeros, an index element that is not 3 digits with
    /// "x" on all but the last, a non-canonical index ("x000/001"), a width outside 1…255 or with
    /// leading zeros, or anything extra.
    public static func parse(_ path: String) -> TileRef? {
        // tile / kind / up to 7 index elements (UInt64 has 20 digits) / width
        let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Array.init)
        guard parts.count >= 3, parts.count <= 10, parts[0] == Array("tile".utf8) else { return nil }

        let kind: TileRef.Kind
        if parts[1] == Array("entries".utf8) {
            kind = .entries
        } else if let level = canonicalDecimal(parts[1]), level <= 63 {
            kind = .hashes(level: Int(level))
        } else {
            return nil
        }

        var indexParts = Array(parts[2...])
        var width = tileWidth
        if indexParts.count >= 2, let marked = indexParts[indexParts.count - 2].stripSuffix(Array(".p".utf8)) {
            guard let w = canonicalDecimal(indexParts[indexParts.count - 1]), (1...255).contains(w) else { return nil }
            width = Int(w)
            indexParts.removeLast()
            indexParts[indexParts.count - 1] = marked
        }
        guard let index = indexValue(indexParts) else { return nil }
        let ref = TileRef(kind: kind, index: index, width: width)
        // Round trip: rejects leading "x000" groups and any other second spelling.
        return ref.path == path ? ref : nil
    }

    /// Decimal digits without leading zeros ("0" itself is fine); nil on anything else or overflow.
    private static func canonicalDecimal(_ bytes: [UInt8]) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 20, bytes.count == 1 || bytes[0] != UInt8(ascii: "0") else { return nil }
        return digitsValue(bytes[...])
    }

    /// "x001", "x234", …, "067": all but the last element carry an "x", each has 3 digits.
    private static func indexValue(_ elements: [[UInt8]]) -> UInt64? {
        var value: UInt64 = 0
        for (position, element) in elements.enumerated() {
            let isLast = position == elements.count - 1
            var digits = element[...]
            if !isLast {
                guard digits.first == UInt8(ascii: "x") else { return nil }
                digits = digits.dropFirst()
            }
            guard digits.count == 3, let group = digitsValue(digits) else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 1000)
            let (sum, overflow2) = shifted.addingReportingOverflow(group)
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// ASCII digits only (not Unicode digits), with overflow checking.
    private static func digitsValue(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        guard !bytes.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}

extension Array where Element == UInt8 {
    /// The bytes before `suffix`, or nil if they don't end with it.
    fileprivate func stripSuffix(_ suffix: [UInt8]) -> [UInt8]? {
        guard count >= suffix.count, Array(self[(count - suffix.count)...]) == suffix else { return nil }
        return Array(self[..<(count - suffix.count)])
    }
}
