/// Typed access to the members of a parsed JSON object, with errors that name the
/// structure and the member, for reading stored files that may have been tampered with.
public struct JSONFields {
    public let members: [String: JSONValue]
    /// What is being read, for messages: "ledger entry 12", "identity file usr_…".
    public let what: String

    public init(_ value: JSONValue, what: String) throws {
        guard let members = value.objectValue else { throw FormatError("\(what) is not a JSON object") }
        self.members = members
        self.what = what
    }

    /// Parses bytes and checks the `@evidence` magic and the supported `@version`.
    public init(bytes: [UInt8], magic: String, what: String, maxBytes: Int = 1 << 20, canonical: Bool = true) throws {
        let value: JSONValue
        do {
            let limits = JSONParser.Limits(maxBytes: maxBytes)
            value = canonical ? try JSONParser.parseCanonical(bytes, limits: limits) : try JSONParser.parse(bytes, limits: limits)
        } catch let failure as JSONParser.Failure {
            throw FormatError("\(what) is not valid: \(failure.description)")
        }
        try self.init(value, what: what)
        let found = members["@evidence"]?.stringValue
        guard found == magic else {
            throw FormatError("\(what) is not an evidence \(magic) (found \(found.map { "\"\($0)\"" } ?? "no @evidence marker"))")
        }
        let version = members["@version"]?.intValue
        guard version == 1 else {
            throw FormatError("\(what) has format version \(version.map(String.init) ?? "(none)"); this evidence reads version 1")
        }
    }

    public func has(_ name: String) -> Bool { members[name] != nil && members[name] != .null }

    public func string(_ name: String) throws -> String {
        guard let value = members[name]?.stringValue else { throw missing(name, "a string") }
        return value
    }

    public func optionalString(_ name: String) throws -> String? {
        guard let value = members[name], value != .null else { return nil }
        guard let text = value.stringValue else { throw missing(name, "a string") }
        return text
    }

    public func int(_ name: String) throws -> Int64 {
        guard let value = members[name]?.intValue else { throw missing(name, "an integer") }
        return value
    }

    public func optionalInt(_ name: String) throws -> Int64? {
        guard let value = members[name], value != .null else { return nil }
        guard let number = value.intValue else { throw missing(name, "an integer") }
        return number
    }

    public func bool(_ name: String) throws -> Bool {
        guard let value = members[name]?.boolValue else { throw missing(name, "true or false") }
        return value
    }

    public func object(_ name: String) throws -> JSONFields {
        guard let value = members[name], value.objectValue != nil else { throw missing(name, "an object") }
        return try JSONFields(value, what: "\(what) member \(name)")
    }

    public func optionalObject(_ name: String) throws -> JSONFields? {
        guard let value = members[name], value != .null else { return nil }
        return try JSONFields(value, what: "\(what) member \(name)")
    }

    public func base64(_ name: String, count: Int? = nil) throws -> [UInt8] {
        guard let bytes = Base64.decode(try string(name)), count == nil || bytes.count == count else {
            throw missing(name, count.map { "base64 of \($0) bytes" } ?? "base64")
        }
        return bytes
    }

    public func hex(_ name: String, count: Int) throws -> [UInt8] {
        guard let bytes = Hex.decodeCanonical(try string(name), count: count) else {
            throw missing(name, "\(count * 2) lowercase hex digits")
        }
        return bytes
    }

    public func id(_ name: String, prefix: String) throws -> String {
        let value = try string(name)
        guard ULID.isValid(value, prefix: prefix) else { throw missing(name, "an id starting \(prefix)_") }
        return value
    }

    public func timestamp(_ name: String) throws -> Timestamp {
        guard let value = Timestamp(canonical: try string(name)) else { throw missing(name, "an RFC 3339 UTC time") }
        return value
    }

    private func missing(_ name: String, _ expected: String) -> FormatError {
        FormatError("\(what): member \"\(name)\" must be \(expected)")
    }
}

/// A stored structure that does not follow docs/FORMAT.md. Surfaces as exit 65.
public struct FormatError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
