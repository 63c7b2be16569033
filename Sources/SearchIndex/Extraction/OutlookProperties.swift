/// The MAPI properties of one object of an Outlook .msg file (MS-OXMSG §2.4): the message, a
/// recipient, an attachment or an embedded message. Fixed-size values live in the object's
/// `__properties_version1.0` stream (16 bytes each, after a header whose size depends on the
/// kind of object); variable-size ones in streams `__substg1.0_IIIITTTT` (property id, type).
struct OutlookProperties {
    /// The header before the property entries, by the kind of object that owns them.
    enum Owner {
        case topMessage, embeddedMessage, recipientOrAttachment

        var headerSize: Int {
            switch self {
            case .topMessage: 32
            case .embeddedMessage: 24
            case .recipientOrAttachment: 8
            }
        }
    }

    enum PropertyType: UInt16 {
        case int16 = 0x0002, int32 = 0x0003, boolean = 0x000B, int64 = 0x0014, time = 0x0040
        case string8 = 0x001E, unicode = 0x001F, binary = 0x0102, object = 0x000D
    }

    let file: OLECompoundFile
    let storage: Int
    /// Fixed-size values by property id: the 8 value bytes of their entry.
    private var fixed: [UInt16: (type: UInt16, value: UInt64)] = [:]
    /// Members of the storage by upper-cased name.
    private var members: [String: Int] = [:]
    /// Most bytes one property stream may have.
    let maxStreamBytes: Int
    /// The charset of 8-bit strings (PR_MESSAGE_CODEPAGE or PR_INTERNET_CPID), set by the message.
    var charset: Charset

    init(file: OLECompoundFile, storage: Int, owner: Owner, maxStreamBytes: Int, charset: Charset = .windows1252) {
        self.file = file
        self.storage = storage
        self.maxStreamBytes = maxStreamBytes
        self.charset = charset
        for index in file.children(of: storage) {
            if let name = file.entries[index]?.name { members[name.uppercased()] = index }
        }
        if let index = members["__PROPERTIES_VERSION1.0"], let stream = file.stream(index, maxBytes: 1 << 20) {
            var at = owner.headerSize
            while at + 16 <= stream.count {
                let tag = OLECompoundFile.uint32(stream, at)
                var value: UInt64 = 0
                for k in 0..<8 { value |= UInt64(stream[at + 8 + k]) << (8 * UInt64(k)) }
                fixed[UInt16(tag >> 16)] = (UInt16(tag & 0xFFFF), value)
                at += 16
            }
        }
    }

    /// Whether the storage has a property stream at all (an embedded OLE object has none).
    var hasPropertyStream: Bool { members["__PROPERTIES_VERSION1.0"] != nil }

    /// Whether any property is an 8-bit string, which the code page decodes.
    var hasString8Properties: Bool { members.keys.contains { $0.hasPrefix("__SUBSTG1.0_") && $0.hasSuffix("001E") } }

    /// The member storages whose names start with `prefix` ("__attach_version1.0_#"), in name order.
    func storages(prefixed prefix: String) -> [Int] {
        let wanted = prefix.uppercased()
        return members.filter { $0.key.hasPrefix(wanted) && file.entries[$0.value]?.kind == .storage }
            .sorted { $0.key < $1.key }.map(\.value)
    }

    private func streamIndex(_ id: UInt16, _ type: UInt16) -> Int? {
        members["__SUBSTG1.0_" + Self.hex4(id) + Self.hex4(type)]
    }

    static func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// A string property: Unicode (0x001F) or 8-bit in the message's charset (0x001E), with
    /// trailing NULs dropped; nil when absent or empty.
    func string(_ id: UInt16) -> String? {
        var text: String?
        if let index = streamIndex(id, PropertyType.unicode.rawValue), let bytes = file.stream(index, maxBytes: maxStreamBytes) {
            text = Charset.utf16LE.decodeString(bytes[...])
        } else if let index = streamIndex(id, PropertyType.string8.rawValue), let bytes = file.stream(index, maxBytes: maxStreamBytes) {
            text = charset.decodeString(bytes[...])
        }
        guard var value = text else { return nil }
        while value.last == "\0" { value.removeLast() }
        return value.isEmpty ? nil : value
    }

    /// A binary property's bytes.
    func binary(_ id: UInt16) -> [UInt8]? {
        streamIndex(id, PropertyType.binary.rawValue).flatMap { file.stream($0, maxBytes: maxStreamBytes) }
    }

    /// The declared size of a binary property's stream (to report one too large to read).
    func binarySize(_ id: UInt16) -> Int? {
        streamIndex(id, PropertyType.binary.rawValue).flatMap { file.size(of: $0) }
    }

    /// An object property's storage (an embedded message or OLE object).
    func object(_ id: UInt16) -> Int? {
        streamIndex(id, PropertyType.object.rawValue).flatMap { file.entries[$0]?.kind == .storage ? $0 : nil }
    }

    func int32(_ id: UInt16) -> Int? {
        guard let entry = fixed[id] else { return nil }
        switch entry.type {
        case PropertyType.int32.rawValue: return Int(Int32(truncatingIfNeeded: entry.value))
        case PropertyType.int16.rawValue: return Int(Int16(truncatingIfNeeded: entry.value))
        case PropertyType.boolean.rawValue: return Int(entry.value & 0xFFFF)
        default: return nil
        }
    }

    /// A time property (FILETIME: 100 ns since 1601 UTC) as milliseconds since 1970 UTC; nil
    /// when absent, zero, or outside years 1601...9999.
    func time(_ id: UInt16) -> Int64? {
        guard let entry = fixed[id], entry.type == PropertyType.time.rawValue, entry.value > 0,
              entry.value < 2_650_467_744_000_000_000 else { return nil }
        return Int64(entry.value / 10_000) - 11_644_473_600_000
    }
}
