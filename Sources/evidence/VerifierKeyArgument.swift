import EvidenceStore
import Foundation

/// A C2SP verifier key given on the command line as it is (`name+keyid+base64`) or as
/// the path of a file whose first line holds it.
enum VerifierKeyArgument {
    static func parse(_ text: String, option: String, type: UInt8) throws -> NoteVerifierKey {
        var candidate = text
        // A key always holds two '+'; a path that exists is read instead.
        if FileManager.default.fileExists(atPath: text) {
            guard let bytes = try? FileSystem.read(FileSystem.absolute(text), limit: 64 * 1024) else {
                throw EvidenceError(.noInput, "\(text), given to \(option), cannot be read.")
            }
            candidate = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            candidate = candidate.trimmingCharacters(in: .whitespaces)
        }
        let key: NoteVerifierKey
        do {
            key = try NoteVerifierKey(parsing: candidate)
        } catch {
            throw EvidenceError(.usage, "\(option) takes a verifier key (name+keyid+base64) or a file holding one: \(error).")
        }
        guard key.type == type else {
            let wanted = type == NoteVerifierKey.ed25519 ? "a log's Ed25519 key (type 0x01)" : "a witness's Ed25519 cosignature key (type 0x04)"
            throw EvidenceError(.usage, "\(option) takes \(wanted); \(key.identity) is of another type.")
        }
        return key
    }
}
