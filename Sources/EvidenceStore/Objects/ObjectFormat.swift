/// The byte layout of an object file (docs/FORMAT.md, "Objects").
///
/// ```
/// header (80 bytes)
///   0  8  magic "EVIDOBJ\0"
///   8  2  format version, u16 BE = 1
///  10  2  header length, u16 BE = 80 (offset of the first chunk record)
///  12  4  chunk size, u32 BE: plaintext bytes in every chunk but the last
///  16  4  key id, u32 BE: key class << 24 | case key generation (FORMAT §5.4)
///  20 12  nonce used to wrap the data key
///  32 48  data key (32) sealed with AES-256-GCM (tag 16) under the data-key wrapping key
///         of that class key; additional data = header bytes 0..<32 ‖ UTF-8 case id
/// chunk records, in order, until the end of the file
///   u32 BE length L, then L bytes: AES-256-GCM(data key, nonce = 0x00000000 ‖ u64 BE index,
///   aad = magic ‖ version ‖ u64 BE index ‖ final flag 0x01 / 0x00) of
///   encoding (1 byte: 0x00 stored, 0x01 zlib) ‖ chunk data
/// ```
public enum ObjectFormat {
    public static let magic: [UInt8] = Array("EVIDOBJ".utf8) + [0]
    public static let version: UInt16 = 1
    public static let headerLength = 80
    public static let defaultChunkSize = 4 * 1024 * 1024
    /// Chunk sizes a repository may declare: large enough to amortise a record, small
    /// enough that a reader's buffers stay bounded whatever a tampered header claims.
    public static let chunkSizeRange = 4096...(16 * 1024 * 1024)

    public enum Encoding: UInt8 {
        case stored = 0
        case zlib = 1
    }

    /// The largest sealed record a chunk of `chunkSize` bytes can produce (compressed data
    /// is only kept when smaller than the chunk, so stored is the worst case).
    public static func maxRecordLength(chunkSize: Int) -> Int { chunkSize + 1 + AESGCM.tagSize }

    static func chunkNonce(index: UInt64) -> [UInt8] { [0, 0, 0, 0] + index.bigEndianBytes }

    static func chunkAAD(index: UInt64, final: Bool) -> [UInt8] {
        magic + version.bigEndianBytes + index.bigEndianBytes + [final ? 1 : 0]
    }

    struct Header {
        var chunkSize: Int
        var keyID: UInt32
        var keyNonce: [UInt8]
        var wrappedKey: [UInt8]

        /// The first 32 bytes, which the data key's additional data covers.
        func prefix() -> [UInt8] {
            ObjectFormat.magic + ObjectFormat.version.bigEndianBytes + UInt16(ObjectFormat.headerLength).bigEndianBytes
                + UInt32(chunkSize).bigEndianBytes + keyID.bigEndianBytes + keyNonce
        }

        func encoded() -> [UInt8] { prefix() + wrappedKey }

        static func wrapAAD(prefix: [UInt8], caseID: String) -> [UInt8] { prefix + Array(caseID.utf8) }

        static func decode(_ bytes: [UInt8], path: String) throws -> Header {
            guard bytes.count >= 12, Array(bytes[0..<8]) == ObjectFormat.magic else {
                throw FormatError("\(path) is not an evidence object (magic EVIDOBJ missing)")
            }
            let version = UInt16(bigEndianBytes: bytes[8..<10])
            guard version == ObjectFormat.version else {
                throw FormatError("\(path) has object format version \(version); this evidence reads version 1")
            }
            guard bytes.count >= ObjectFormat.headerLength,
                  Int(UInt16(bigEndianBytes: bytes[10..<12])) == ObjectFormat.headerLength else {
                throw FormatError("\(path) has a truncated or malformed object header")
            }
            let chunkSize = Int(UInt32(bigEndianBytes: bytes[12..<16]))
            guard ObjectFormat.chunkSizeRange.contains(chunkSize) else {
                throw FormatError("\(path) declares a chunk size of \(chunkSize) bytes, outside the allowed range")
            }
            return Header(chunkSize: chunkSize, keyID: UInt32(bigEndianBytes: bytes[16..<20]),
                          keyNonce: Array(bytes[20..<32]), wrappedKey: Array(bytes[32..<80]))
        }
    }
}
