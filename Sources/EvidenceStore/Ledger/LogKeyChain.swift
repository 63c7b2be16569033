/// The log signing keys a ledger has used, in order: the one `repository.created`
/// announces, then one per `log-key.rotated` entry, each signed by the key it replaces.
///
/// A checkpoint of size S is signed by the key in force after entry S − 1: the key of the
/// last rotation among entries 0 … S − 1 (entry 0's key when there is none). An entry that
/// the log signs is signed by the key in force before it. So a rotation's own checkpoint is
/// the first one signed with the new key, which proves the new key's holder accepted it.
public struct LogKeyChain: Sendable, Equatable {
    public struct Link: Sendable, Equatable {
        /// The smallest tree size whose checkpoint this key signs (0 for entry 0's key).
        public let fromSize: UInt64
        public let key: NoteVerifierKey
        /// The keyring generation that holds this key's private half (1 for entry 0's key).
        public let generation: UInt32
    }

    public private(set) var links: [Link]

    public init(first: NoteVerifierKey) {
        links = [Link(fromSize: 0, key: first, generation: 1)]
    }

    init(links: [Link]) { self.links = links }

    public var current: NoteVerifierKey { links[links.count - 1].key }
    public var currentGeneration: UInt32 { links[links.count - 1].generation }
    public var first: NoteVerifierKey { links[0].key }

    /// The key that must sign the checkpoint of a tree of `size` entries.
    public func key(forSize size: UInt64) -> NoteVerifierKey {
        links.last { $0.fromSize <= size }?.key ?? links[0].key
    }

    /// The key that signs entry `seq` when its signer is the log.
    public func key(forEntry seq: UInt64) -> NoteVerifierKey { key(forSize: seq) }

    /// The first size a key signs, or nil when the chain never names it.
    public func fromSize(of key: NoteVerifierKey) -> UInt64? {
        links.first { $0.key == key }?.fromSize
    }

    /// Follows one entry whose signature has already been checked (by `AuthorityState.admit`, with
    /// `key(forEntry:)`): a rotation adds its key. Throws when a rotation is malformed.
    public mutating func follow(_ entry: LedgerEntry) throws {
        guard entry.type == EventType.logKeyRotated else { return }
        guard let text = entry.publicPart?["logKey"]?.stringValue, let key = try? NoteVerifierKey(parsing: text),
              key.type == NoteVerifierKey.ed25519 else {
            throw FormatError("ledger entry \(entry.seq) rotates the log key without a valid Ed25519 verifier key")
        }
        guard NoteFormat.sameBytes(key.name, current.name) else {
            throw FormatError("ledger entry \(entry.seq) rotates the log key to one named \(key.name), not the log's \(current.name)")
        }
        guard !links.contains(where: { $0.key == key }) else {
            throw FormatError("ledger entry \(entry.seq) rotates the log key to a key the log already used")
        }
        guard let generation = entry.publicPart?["keyringGeneration"]?.intValue,
              generation == Int64(currentGeneration) + 1 else {
            throw FormatError("ledger entry \(entry.seq) rotates the log key without the next keyring generation (\(currentGeneration + 1))")
        }
        links.append(Link(fromSize: entry.seq + 1, key: key, generation: UInt32(generation)))
    }

    /// Lines `<from size> <generation> <verifier key>`, as the host state keeps them.
    var serialised: String {
        links.map { "\($0.fromSize) \($0.generation) \($0.key.encoded)\n" }.joined()
    }

    init?(serialised text: String) {
        var links: [Link] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count == 3, let size = UInt64(parts[0]), let generation = UInt32(parts[1]),
                  let key = try? NoteVerifierKey(parsing: parts[2]) else { return nil }
            if let last = links.last, last.fromSize >= size || last.generation + 1 != generation { return nil }
            links.append(Link(fromSize: size, key: key, generation: generation))
        }
        guard let first = links.first, first.fromSize == 0, first.generation == 1 else { return nil }
        self.links = links
    }
}
