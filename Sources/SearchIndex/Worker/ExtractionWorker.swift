import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The child side: a long-lived process that reads files from its stdin and answers with
/// their extraction on its stdout, under its own memory and CPU limits. It holds no key
/// and has no passphrase in its environment; a hostile file can at worst crash or stall
/// it, which costs that one file.
public enum ExtractionWorker {
    /// Limits the child sets on itself before reading anything.
    public static func limitResources(memoryBytes: UInt64) {
        var memory = rlimit(rlim_cur: rlim_t(memoryBytes), rlim_max: rlim_t(memoryBytes))
        setrlimit(Int32(RLIMIT_AS.rawValue), &memory)
        var core = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(Int32(RLIMIT_CORE.rawValue), &core)
    }

    /// Serves requests until stdin closes. `extract` is the dispatcher (all extractors).
    public static func serve(extract: ([UInt8], String?, String?) -> ExtractedDocument) {
        while true {
            guard let headerLengthBytes = readExactly(STDIN_FILENO, 4) else { return }
            let headerLength = ExtractionWire.number(headerLengthBytes)
            guard headerLength <= 1 << 20, let headerBytes = readExactly(STDIN_FILENO, Int(headerLength)),
                  let header = try? JSONDecoder().decode(ExtractionWire.RequestHeader.self, from: Data(headerBytes)),
                  let bodyLengthBytes = readExactly(STDIN_FILENO, 8) else { return }
            let bodyLength = ExtractionWire.number(bodyLengthBytes)
            guard bodyLength <= ExtractionWire.maxFrame, let body = readExactly(STDIN_FILENO, Int(bodyLength)) else { return }
            let document = extract(body, header.name, header.mediaType)
            let encoded: [UInt8]
            do {
                encoded = [UInt8](try JSONEncoder().encode(document))
            } catch {
                encoded = [UInt8]((try? JSONEncoder().encode(ExtractedDocument(outcome: .failed, reason: "the extraction could not be encoded"))) ?? Data())
            }
            guard writeAll(STDOUT_FILENO, ExtractionWire.bigEndian(UInt64(encoded.count)) + encoded) else { return }
        }
    }

    static func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + filled, count - filled) }
            if result < 0 && errno == EINTR { continue }
            if result <= 0 { return nil }
            filled += result
        }
        return buffer
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { raw in write(fd, raw.baseAddress! + offset, bytes.count - offset) }
            if result < 0 && errno == EINTR { continue }
            if result <= 0 { return false }
            offset += result
        }
        return true
    }
}
