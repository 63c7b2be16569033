/// A member's path as the name of its item: a label only, never a place to write. Control
/// characters (NUL cannot occur: paths end at one) become U+FFFD, bytes that are not UTF-8
/// are decoded as U+FFFD too, and a path longer than the 255 bytes an item name may hold
/// (FORMAT §7) keeps its tail after a leading "…", since the file's own name is at its end.
/// `../`, a leading `/` and repeated names are kept as they were: they are what the archive
/// says, and the part label, not the name, tells the members apart.
enum ArchiveMemberName {
    static let maxBytes = 255
    static let cutMarker = "…"

    static func label(_ path: [UInt8]) -> String {
        var scalars: [Unicode.Scalar] = []
        for scalar in String(decoding: path, as: UTF8.self).unicodeScalars {
            scalars.append(scalar.properties.generalCategory == .control ? "\u{FFFD}" : scalar)
        }
        var text = String(String.UnicodeScalarView(scalars))
        if text.utf8.count > maxBytes {
            // Keep whole characters from the end while they fit behind the marker.
            let room = maxBytes - cutMarker.utf8.count
            var tail: [Unicode.Scalar] = []
            var used = 0
            for scalar in scalars.reversed() {
                let size = String(scalar).utf8.count
                guard used + size <= room else { break }
                used += size
                tail.append(scalar)
            }
            text = cutMarker + String(String.UnicodeScalarView(tail.reversed()))
        }
        return text.isEmpty ? "unnamed" : text
    }

    /// The one member of a lone compressed file: the archive's own name without its
    /// compression suffix ("notes.txt.gz" → "notes.txt").
    static func loneMember(archiveName: String?) -> String {
        guard let archiveName, !archiveName.isEmpty else { return "content" }
        let lower = archiveName.lowercased()
        for suffix in [".gz", ".bz2", ".xz"] where lower.hasSuffix(suffix) && lower.count > suffix.count {
            return label(Array(archiveName.utf8.dropLast(suffix.utf8.count)))
        }
        for (suffix, replacement) in [(".tgz", ".tar"), (".tbz2", ".tar"), (".tbz", ".tar"), (".txz", ".tar")]
            where lower.hasSuffix(suffix) {
            return label(Array(archiveName.utf8.dropLast(suffix.utf8.count)) + Array(replacement.utf8))
        }
        return label(Array(archiveName.utf8)) + ".content"
    }
}
