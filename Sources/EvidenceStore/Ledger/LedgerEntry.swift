/// One event of the custody ledger: canonical JSON (RFC 8785) in three parts.
///
/// The readable part (every member but `audit`, `sealed` and `signature`) holds only
/// random ids, hashes and times; `audit` is a `SealedBox` to the audit key; `sealed` is a
/// `SealedBox` under the case key (or, for events outside any case, the repository
/// key). The acting user signs `"evidence/v1/ledger-entry\n"` ‖ the canonical JSON of
/// the entry without its `signature` member with Ed25519. See docs/FORMAT.md, "Ledger entries".
public struct LedgerEntry: Sendable, Equatable {
    public static let magic = "ledger-entry"
    public static let signingContext = Array("evidence/v1/ledger-entry\n".utf8)
    /// tlog-tiles entries are length-prefixed with a u16.
    public static let maxEncodedSize = 65_535
    /// The signer of the first entry, and of log key rotations: the log key itself.
    public static let logSigner = "log"

    public struct ObjectRef: Sendable, Equatable {
        /// 64 hex digits: HMAC-SHA256(case naming key, plaintext SHA-256).
        public var name: String
        public var ciphertextSHA256: [UInt8]
        public var ciphertextSize: UInt64

        public init(name: String, ciphertextSHA256: [UInt8], ciphertextSize: UInt64) {
            self.name = name
            self.ciphertextSHA256 = ciphertextSHA256
            self.ciphertextSize = ciphertextSize
        }
    }

    public var seq: UInt64
    public var time: Timestamp
    public var type: String
    public var actor: String
    public var caseID: String?
    public var itemID: String?
    public var object: ObjectRef?
    /// SHA-256(salt ‖ plaintext SHA-256): binds the item's hash without revealing it.
    public var commitment: [UInt8]?
    public var tool: String
    /// Public facts of the event (public keys, counts); never names or content.
    public var publicPart: [String: JSONValue]?
    public var audit: [UInt8]?
    public var sealed: [UInt8]?
    public var signer: String
    public var signature: [UInt8]

    public init(seq: UInt64, time: Timestamp, type: String, actor: String, caseID: String? = nil, itemID: String? = nil,
                object: ObjectRef? = nil, commitment: [UInt8]? = nil, tool: String, publicPart: [String: JSONValue]? = nil,
                audit: [UInt8]? = nil, sealed: [UInt8]? = nil, signer: String, signature: [UInt8] = []) {
        self.seq = seq
        self.time = time
        self.type = type
        self.actor = actor
        self.caseID = caseID
        self.itemID = itemID
        self.object = object
        self.commitment = commitment
        self.tool = tool
        self.publicPart = publicPart
        self.audit = audit
        self.sealed = sealed
        self.signer = signer
        self.signature = signature
    }

    /// The entry as JSON, with or without its signature member.
    public func json(includingSignature: Bool = true) -> JSONValue {
        var members: [String: JSONValue] = [
            "@evidence": .string(Self.magic), "@version": 1,
            "seq": .int(Int64(seq)), "time": .string(time.description), "type": .string(type),
            "actor": .string(actor), "tool": .string(tool), "signer": .string(signer),
        ]
        if let caseID { members["case"] = .string(caseID) }
        if let itemID { members["item"] = .string(itemID) }
        if let object {
            members["object"] = .object([
                "name": .string(object.name), "ciphertextSha256": .string(Hex.encode(object.ciphertextSHA256)),
                "size": .int(Int64(object.ciphertextSize)),
            ])
        }
        if let commitment { members["commitment"] = .string(Hex.encode(commitment)) }
        if let publicPart { members["public"] = .object(publicPart) }
        if let audit { members["audit"] = .string(Base64.encode(audit)) }
        if let sealed { members["sealed"] = .string(Base64.encode(sealed)) }
        if includingSignature { members["signature"] = .string(Base64.encode(signature)) }
        return .object(members)
    }

    public func encoded() -> [UInt8] { CanonicalJSON.encode(json()) }

    public func signingBytes() -> [UInt8] { Self.signingContext + CanonicalJSON.encode(json(includingSignature: false)) }

    /// The context string bound into the additional data of this entry's sealed parts.
    public static func partContext(repositoryID: String, seq: UInt64, part: String) -> String {
        "evidence/v1/ledger-entry\u{0}\(repositoryID)\u{0}\(seq)\u{0}\(part)"
    }

    static let knownMembers: Set<String> = [
        "@evidence", "@version", "seq", "time", "type", "actor", "case", "item", "object", "commitment", "tool",
        "public", "audit", "sealed", "signer", "signature",
    ]

    /// Parses stored entry bytes strictly: canonical form, known members, well-formed values.
    public static func decode(_ bytes: [UInt8], index: UInt64) throws -> LedgerEntry {
        let what = "ledger entry \(index)"
        guard bytes.count <= maxEncodedSize else { throw FormatError("\(what) is larger than 64 KiB") }
        let fields = try JSONFields(bytes: bytes, magic: magic, what: what, maxBytes: maxEncodedSize)
        if let unknown = fields.members.keys.first(where: { !knownMembers.contains($0) }) {
            throw FormatError("\(what) has an unknown member \"\(unknown)\"")
        }
        let seq = try fields.int("seq")
        guard seq >= 0 else { throw FormatError("\(what) has a negative sequence number") }
        var object: ObjectRef?
        if let objectFields = try fields.optionalObject("object") {
            let name = try objectFields.string("name")
            guard Hex.decodeCanonical(name, count: 32) != nil else { throw FormatError("\(what): object name is not 64 hex digits") }
            let size = try objectFields.int("size")
            guard size >= 0 else { throw FormatError("\(what): object size is negative") }
            object = ObjectRef(name: name, ciphertextSHA256: try objectFields.hex("ciphertextSha256", count: 32),
                               ciphertextSize: UInt64(size))
        }
        let caseID = try fields.has("case") ? fields.id("case", prefix: "case") : nil
        let itemID = try fields.has("item") ? fields.id("item", prefix: "itm") : nil
        let actor = try fields.id("actor", prefix: "usr")
        let signer = try fields.string("signer")
        guard signer == logSigner || ULID.isValid(signer, prefix: "usr") else {
            throw FormatError("\(what): signer must be a user id or \"log\"")
        }
        let entry = LedgerEntry(
            seq: UInt64(seq), time: try fields.timestamp("time"), type: try fields.string("type"), actor: actor,
            caseID: caseID, itemID: itemID, object: object,
            commitment: try fields.has("commitment") ? fields.hex("commitment", count: 32) : nil,
            tool: try fields.string("tool"), publicPart: try fields.optionalObject("public")?.members,
            audit: try fields.has("audit") ? fields.base64("audit") : nil,
            sealed: try fields.has("sealed") ? fields.base64("sealed") : nil,
            signer: signer, signature: try fields.base64("signature", count: Ed25519.signatureSize))
        // One entry, one byte form: anything the encoder would not have written (a `null`
        // member, say) would give a second leaf for the same signed entry.
        guard entry.encoded() == bytes else {
            throw FormatError("\(what) is not in the form evidence writes (e.g. a null member)")
        }
        return entry
    }
}
