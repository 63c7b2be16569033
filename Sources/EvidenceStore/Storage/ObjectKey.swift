/// The name of an object within an object store: `/`-separated components, e.g.
/// `<case id>/<xx>/<object name>`, which the POSIX store joins onto its folder.
///
/// Only valid keys can be made, so every implementation handles validated names: no empty
/// component, none starting with `.` (which rules out `.`, `..` and the `.tmp-` names under
/// which uploads are staged), no leading `/`, no control characters, at most 1024 bytes.
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let string: String

    public static let maxLength = 1024

    public init(_ string: String) throws {
        guard Self.isValid(string, allowingEmpty: false) else { throw StorageError.invalidKey(string) }
        self.string = string
    }

    public var description: String { string }

    /// The folder part: everything before the last `/` ("" for a key at the top).
    public var folder: String {
        guard let slash = string.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(string[..<slash])
    }

    public static func < (a: ObjectKey, b: ObjectKey) -> Bool {
        // Byte order, as S3 lists keys, whatever the locale.
        a.string.utf8.lexicographicallyPrecedes(b.string.utf8)
    }

    /// Checks a folder (`beginUpload`) or a list prefix: "" or valid components, and for a
    /// prefix a trailing `/` or a partial last component.
    public static func validatePrefix(_ prefix: String) throws {
        var body = Substring(prefix)
        if body.hasSuffix("/") { body = body.dropLast() }
        guard body.isEmpty ? !prefix.hasSuffix("/") : isValid(String(body), allowingEmpty: false) else {
            throw StorageError.invalidKey(prefix)
        }
    }

    static func isValid(_ string: String, allowingEmpty: Bool) -> Bool {
        if string.isEmpty { return allowingEmpty }
        guard string.utf8.count <= maxLength else { return false }
        let components = string.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        return components.allSatisfy { component in
            guard let first = component.first, first != UInt8(ascii: ".") else { return false }
            return component.allSatisfy { $0 >= 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "\\") }
        }
    }
}
