/// The keys of one generation of a case that one holder receives: the case key and the keys
/// of the material classes they may see (KeyClass).
///
/// Serialised inside its envelope as "EVCK" ‖ 0x01 ‖ count n (1) ‖ n × (class (1) ‖ key (32)),
/// the classes strictly ascending and the case key (class 0) always first.
public struct CaseKeyring: Sendable {
    public static let magic: [UInt8] = Array("EVCK".utf8)
    public let keys: [KeyClass: SecretBytes]

    public init(keys: [KeyClass: SecretBytes]) throws {
        guard keys[.caseKey] != nil else { throw FormatError("a case keyring always holds the case key") }
        self.keys = keys
    }

    /// Fresh random keys for the case key and the given material classes.
    public static func generate(classes: Set<KeyClass>) throws -> CaseKeyring {
        var keys: [KeyClass: SecretBytes] = [:]
        for keyClass in classes.union([.caseKey]) { keys[keyClass] = try .random(count: 32) }
        return try CaseKeyring(keys: keys)
    }

    public var classes: [KeyClass] { keys.keys.sorted() }

    /// The derived keys of every class key held, case key first.
    public func derived(caseID: String, generation: UInt32) throws -> [CaseKeys] {
        try classes.compactMap { keyClass in
            try keys[keyClass].map { try CaseKeys(caseID: caseID, generation: generation, keyClass: keyClass, key: $0) }
        }
    }

    /// The part of this keyring that a holder who may see only `classes` receives.
    public func restricted(to classes: Set<KeyClass>) throws -> CaseKeyring {
        try CaseKeyring(keys: keys.filter { $0.key == .caseKey || classes.contains($0.key) })
    }

    func serialised() -> SecretBytes {
        let ordered = classes
        let secret = SecretBytes(count: 6 + 33 * ordered.count)
        secret.withMutableBytes { out in
            for (offset, byte) in (Self.magic + [1, UInt8(ordered.count)]).enumerated() { out[offset] = byte }
            for (position, keyClass) in ordered.enumerated() {
                let start = 6 + 33 * position
                out[start] = keyClass.index
                keys[keyClass]?.withUnsafeBytes { key in
                    for offset in 0..<min(32, key.count) { out[start + 1 + offset] = key[offset] }
                }
            }
        }
        return secret
    }

    public init(serialised secret: SecretBytes) throws {
        let count = secret.count
        guard count >= 6 else { throw FormatError("the case keyring is truncated") }
        let header = secret.withUnsafeBytes { Array($0.prefix(6)) }
        guard Array(header.prefix(5)) == Self.magic + [1] else { throw FormatError("the case keyring has an unknown format") }
        let entries = Int(header[5])
        guard entries >= 1, count == 6 + 33 * entries else { throw FormatError("the case keyring has the wrong length") }
        var keys: [KeyClass: SecretBytes] = [:]
        var previous: Int = -1
        for position in 0..<entries {
            let start = 6 + 33 * position
            let index = secret.withUnsafeBytes { Int($0[start]) }
            guard index > previous, let keyClass = KeyClass(exactly: Int64(index)) else {
                throw FormatError("the case keyring's classes are not distinct classes 0-6 in ascending order")
            }
            previous = index
            keys[keyClass] = secret.slice((start + 1)..<(start + 33))
        }
        guard keys[.caseKey] != nil else { throw FormatError("the case keyring does not hold the case key") }
        self.keys = keys
    }
}
