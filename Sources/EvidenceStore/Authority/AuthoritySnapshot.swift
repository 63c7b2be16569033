/// The authority state as a host keeps it between commands, beside the catalog: the state
/// after the first `size` entries, tied to the root of that tree and authenticated with a
/// key derived from the user's own private key, so that nobody without that key can edit
/// what the next command believes. The snapshot only saves replaying the ledger from entry
/// 0; one that fails its check, or whose root the ledger no longer has, is discarded and the
/// state is built again from the ledger (docs/HOST-STATE.md §1).
public enum AuthoritySnapshot {
    static let magic = Array("EVAS".utf8)
    /// 2 added each case's `lastReclassified`, 3 each item's superseded objects, 4 put the
    /// items last, in a table read one item at a time (StoredItemTable), 5 moved the items into
    /// buckets stored beside the snapshot and named in it by digest (StoredItemBuckets); a
    /// snapshot of an older version does not open, and the state is built again from the
    /// ledger once.
    static let version: UInt8 = 5
    /// What identifies a stored snapshot: its tree size and MAC (the MAC covers the root and
    /// every byte of the state, so two snapshots with the same mark hold the same state).
    struct Mark: Equatable, Sendable {
        var size: UInt64
        var mac: [UInt8]
    }

    /// A snapshot larger than this is refused unread (a million items is about 150 MB).
    static let maxBytes = 512 * 1024 * 1024

    /// The MAC key: HKDF of the user's X25519 private key, bound to repository and user.
    public static func macKey(userKey: X25519.PrivateKey, repositoryID: String, userID: String) throws -> SecretBytes {
        try HKDF.derive(key: userKey.secret,
                        info: Array("evidence/v1/host/authority-snapshot\u{0}\(repositoryID)\u{0}\(userID)".utf8))
    }

    /// A state serialised and authenticated: the snapshot's bytes and MAC, and its items'
    /// buckets (those made here must be stored with it).
    struct Sealed {
        let bytes: [UInt8]
        let mac: [UInt8]
        let buckets: StoredItemBuckets
    }

    /// Serialises `state` and authenticates it together with the root of its tree.
    static func seal(_ state: AuthorityState, root: [UInt8], key: SecretBytes) throws -> Sealed {
        let buckets = try state.items.rebucketed()
        let bytes = encode(state, buckets: buckets)
        return Sealed(bytes: bytes, mac: try HMACSHA256.authenticate(key: key, message: root + bytes), buckets: buckets)
    }

    /// The state, when `mac` authenticates `bytes` with `root` and `source` holds every bucket
    /// it names; nil otherwise (the caller then replays the ledger from the start). A bucket is
    /// read and checked against its digest when an item in it is first looked up.
    static func open(_ bytes: [UInt8], mac: [UInt8], root: [UInt8], key: SecretBytes,
                     source: (any ItemBucketSource)?) -> AuthorityState? {
        guard bytes.count <= maxBytes, let expected = try? HMACSHA256.authenticate(key: key, message: root + bytes),
              constantTimeEqual(expected, mac), let state = try? decode(bytes, source: source),
              (try? state.items.stored?.sourceHoldsAll() ?? true) == true else { return nil }
        return state
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    // MARK: - Encoding (deterministic: every map in key order)

    /// The snapshot's bytes (its items' buckets named by digest, not included).
    static func encode(_ state: AuthorityState) throws -> [UInt8] {
        encode(state, buckets: try state.items.rebucketed())
    }

    static func encode(_ state: AuthorityState, buckets: StoredItemBuckets) -> [UInt8] {
        var out = SnapshotWriter()
        out.bytes(magic, length: false)
        out.u8(version)
        out.u64(state.size)
        out.optional(state.lastTime) { $0.i64($1.milliseconds) }
        out.optional(state.firstUser) { $0.string($1) }
        out.optional(state.policy) { out, record in
            out.u64(record.seq)
            out.string(record.hash)
            out.string(record.text)
        }
        out.u32(state.users.count)
        for (id, user) in state.users.sorted(by: { $0.key < $1.key }) {
            out.string(id)
            out.strings(user.roles)
            out.optional(user.clearance) { $0.string($1) }
            out.optional(user.invitedAt) { $0.u64($1) }
            out.optional(user.registeredAt) { $0.u64($1) }
            out.optional(user.signingKey) { $0.bytes($1) }
            out.optional(user.sealingKey) { $0.bytes($1) }
            out.optional(user.disabledAt) { $0.u64($1) }
            out.optional(user.identityDigest) { $0.bytes($1) }
            out.optional(user.name) { $0.string($1) }
        }
        out.u32(state.cases.count)
        for (id, state) in state.cases.sorted(by: { $0.key < $1.key }) {
            out.string(id)
            out.u64(state.createdAt)
            out.string(state.createdBy)
            out.string(state.classification.rawValue)
            out.i64(state.keyGeneration)
            out.u32(state.members.count)
            for (user, role) in state.members.sorted(by: { $0.key < $1.key }) {
                out.string(user)
                out.string(role)
            }
            out.u8(state.everGranted ? 1 : 0)
            out.optional(state.status) { out, status in
                out.string(status.status.rawValue)
                out.string(status.date.description)
                out.optional(status.released) { $0.string($1.description) }
            }
            out.u32(state.holds.count)
            for (holdID, hold) in state.holds.sorted(by: { $0.key < $1.key }) {
                out.string(holdID)
                out.optional(hold.itemID) { $0.string($1) }
                out.u64(hold.addedAt)
                out.optional(hold.releasedAt) { $0.u64($1) }
            }
            out.optional(state.lastReclassified) { $0.u64($1) }
        }
        out.strings(state.auditKeyHolders.sorted())
        out.optional(state.recoveryGrant) { out, grant in
            out.u64(grant.seq)
            for text in [grant.actor, grant.caseID, grant.userID, grant.role] { out.string(text) }
        }
        out.u32(buckets.count)
        out.u32(buckets.buckets.count)
        for bucket in buckets.buckets {
            out.bytes(bucket.firstID)
            out.u32(bucket.count)
            out.bytes(bucket.digest, length: false)
        }
        return out.data
    }

    static func writeItem(id: String, _ item: AuthorityState.Item, to out: inout SnapshotWriter) {
        out.string(id)
        out.string(item.caseID)
        out.u64(item.addedAt)
        out.string(item.classification.rawValue)
        out.u8(item.sensitive ? 1 : 0)
        out.optional(item.parentID) { $0.string($1) }
        out.u8(item.physical ? 1 : 0)
        out.optional(item.commitment) { $0.bytes($1) }
        out.optional(item.object) { out, object in
            out.string(object.name)
            out.bytes(object.ciphertextSHA256)
            out.u64(object.ciphertextSize)
        }
        out.strings(item.superseded)
        out.optional(item.disposedAt) { $0.u64($1) }
    }

    /// Walks over one item record as `readItem` reads it, decoding nothing: a table is checked
    /// this way when it is opened, so that a lookup can only fail on a record's text.
    static func skipItem(_ input: inout SnapshotReader) throws {
        for _ in 0..<2 { try input.skipBytes() }
        _ = try input.u64()
        try input.skipBytes()
        _ = try input.u8()
        try input.skipOptional { try $0.skipBytes() }
        _ = try input.u8()
        try input.skipOptional { try $0.skipBytes() }
        try input.skipOptional { input in
            try input.skipBytes()
            try input.skipBytes()
            _ = try input.u64()
        }
        for _ in 0..<(try input.count()) { try input.skipBytes() }
        try input.skipOptional { _ = try $0.u64() }
    }

    static func readItem(_ input: inout SnapshotReader) throws -> (id: String, item: AuthorityState.Item) {
        let id = try input.string()
        let caseID = try input.string()
        let addedAt = try input.u64()
        let classification = try input.classification()
        let sensitive = try input.u8() == 1
        let parentID = try input.optional { try $0.string() }
        let physical = try input.u8() == 1
        let commitment = try input.optional { try $0.bytes() }
        let object = try input.optional { input in
            LedgerEntry.ObjectRef(name: try input.string(), ciphertextSHA256: try input.bytes(), ciphertextSize: try input.u64())
        }
        let superseded = try input.strings()
        return (id, AuthorityState.Item(caseID: caseID, addedAt: addedAt, classification: classification,
                                        sensitive: sensitive, parentID: parentID, physical: physical,
                                        commitment: commitment, object: object, superseded: superseded,
                                        disposedAt: try input.optional { try $0.u64() }))
    }

    static func decode(_ bytes: [UInt8], source: (any ItemBucketSource)?) throws -> AuthorityState {
        var input = SnapshotReader(bytes)
        guard try input.fixed(magic.count) == magic, try input.u8() == version else {
            throw FormatError("not an authority snapshot of this version")
        }
        var state = AuthorityState()
        state.size = try input.u64()
        state.lastChange.size = state.size
        state.lastTime = try input.optional { Timestamp(milliseconds: try $0.i64()) }
        state.firstUser = try input.optional { try $0.string() }
        if let record = try input.optional({ input in (try input.u64(), try input.string(), try input.string()) }) {
            state.policy = AuthorityState.PolicyRecord(seq: record.0, hash: record.1, text: record.2,
                                                       policy: try Policy.parse(record.2))
        }
        for _ in 0..<(try input.count()) {
            let id = try input.string()
            var user = AuthorityState.User(roles: try input.strings())
            user.clearance = try input.optional { try $0.string() }
            user.invitedAt = try input.optional { try $0.u64() }
            user.registeredAt = try input.optional { try $0.u64() }
            user.signingKey = try input.optional { try $0.bytes() }
            user.sealingKey = try input.optional { try $0.bytes() }
            user.disabledAt = try input.optional { try $0.u64() }
            user.identityDigest = try input.optional { try $0.bytes() }
            user.name = try input.optional { try $0.string() }
            state.users[id] = user
        }
        for _ in 0..<(try input.count()) {
            let id = try input.string()
            let createdAt = try input.u64()
            let createdBy = try input.string()
            let classification = try input.classification()
            let generation = try input.i64()
            var members: [String: String] = [:]
            for _ in 0..<(try input.count()) { members[try input.string()] = try input.string() }
            let everGranted = try input.u8() == 1
            let status = try input.optional { input -> AuthorityState.StatusRecord in
                guard let status = CaseStatus(rawValue: try input.string()),
                      let date = CalendarDate(parsing: try input.string()) else { throw FormatError("bad case status") }
                let released = try input.optional { input -> CalendarDate in
                    guard let date = CalendarDate(parsing: try input.string()) else { throw FormatError("bad date") }
                    return date
                }
                return AuthorityState.StatusRecord(status: status, date: date, released: released)
            }
            var holds: [String: AuthorityState.Hold] = [:]
            for _ in 0..<(try input.count()) {
                let holdID = try input.string()
                holds[holdID] = AuthorityState.Hold(itemID: try input.optional { try $0.string() }, addedAt: try input.u64(),
                                                    releasedAt: try input.optional { try $0.u64() })
            }
            state.cases[id] = AuthorityState.Case(createdAt: createdAt, createdBy: createdBy, classification: classification,
                                                  keyGeneration: generation, members: members, everGranted: everGranted,
                                                  status: status, holds: holds,
                                                  lastReclassified: try input.optional { try $0.u64() })
        }
        state.auditKeyHolders = Set(try input.strings())
        state.recoveryGrant = try input.optional { input in
            AuthorityState.RecoveryGrant(seq: try input.u64(), actor: try input.string(), caseID: try input.string(),
                                         userID: try input.string(), role: try input.string())
        }
        let total = try input.u32()
        var buckets: [StoredItemBuckets.Bucket] = []
        for _ in 0..<(try input.count()) {
            buckets.append(StoredItemBuckets.Bucket(firstID: try input.bytes(), count: try input.u32(),
                                                    digest: try input.fixed(32)))
        }
        guard input.atEnd else { throw FormatError("an authority snapshot has bytes after its items") }
        let stored = try StoredItemBuckets(buckets: buckets, source: source)
        guard stored.count == total else { throw FormatError("an authority snapshot's buckets do not add up to its items") }
        state.items = ItemStates(stored: stored)
        return state
    }
}

/// Big-endian integers and u32-length-prefixed byte strings.
struct SnapshotWriter {
    var data: [UInt8] = []

    mutating func u8(_ value: UInt8) { data.append(value) }
    mutating func u32(_ value: Int) { for shift in stride(from: 24, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: value >> shift)) } }
    mutating func u64(_ value: UInt64) { for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) } }
    mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }
    mutating func bytes(_ value: [UInt8], length: Bool = true) {
        if length { u32(value.count) }
        data += value
    }
    mutating func string(_ value: String) { bytes(Array(value.utf8)) }
    mutating func strings(_ values: [String]) {
        u32(values.count)
        values.forEach { string($0) }
    }
    mutating func optional<T>(_ value: T?, _ write: (inout SnapshotWriter, T) -> Void) {
        guard let value else { return u8(0) }
        u8(1)
        write(&self, value)
    }
}

struct SnapshotReader {
    let data: [UInt8]
    var offset = 0

    init(_ data: [UInt8], at offset: Int = 0) {
        self.data = data
        self.offset = offset
    }

    var atEnd: Bool { offset == data.count }

    private mutating func take(_ count: Int) throws -> Range<Int> {
        guard count >= 0, count <= data.count - offset else { throw FormatError("an authority snapshot ends early") }
        defer { offset += count }
        return offset..<(offset + count)
    }

    mutating func fixed(_ count: Int) throws -> [UInt8] { Array(data[try take(count)]) }

    mutating func u8() throws -> UInt8 { data[try take(1).lowerBound] }
    mutating func u32() throws -> Int { data[try take(4)].reduce(0) { $0 << 8 | Int($1) } }
    mutating func u64() throws -> UInt64 { data[try take(8)].reduce(0) { $0 << 8 | UInt64($1) } }
    mutating func i64() throws -> Int64 { Int64(bitPattern: try u64()) }
    /// A count of elements, each at least one byte, so a corrupt count cannot make a huge loop.
    mutating func count() throws -> Int {
        let count = try u32()
        guard count <= data.count - offset else { throw FormatError("an authority snapshot counts more than it holds") }
        return count
    }
    mutating func bytes() throws -> [UInt8] { try fixed(try u32()) }
    mutating func skipBytes() throws { _ = try take(try u32()) }
    mutating func skipOptional(_ skip: (inout SnapshotReader) throws -> Void) throws {
        switch try u8() {
        case 0: return
        case 1: try skip(&self)
        default: throw FormatError("an authority snapshot has a bad presence byte")
        }
    }
    mutating func string() throws -> String {
        guard let text = String(validating: data[try take(try u32())], as: UTF8.self) else { throw FormatError("not UTF-8") }
        return text
    }
    mutating func strings() throws -> [String] { try (0..<(try count())).map { _ in try string() } }
    mutating func classification() throws -> Classification {
        guard let value = Classification(rawValue: try string()) else { throw FormatError("bad classification") }
        return value
    }
    mutating func optional<T>(_ read: (inout SnapshotReader) throws -> T) throws -> T? {
        switch try u8() {
        case 0: return nil
        case 1: return try read(&self)
        default: throw FormatError("an authority snapshot has a bad presence byte")
        }
    }
}
