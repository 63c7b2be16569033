import EvidenceStore
import Foundation
import Synchronization

/// Standard output carries results (text or JSON); standard error carries everything else.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((escaped(text) + "\n").utf8))
    }

    /// Control characters shown as escapes, so that a hostile file name or description
    /// cannot forge extra lines or send terminal escape sequences.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.properties.generalCategory == .control {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func json(_ value: JSONValue) {
        FileHandle.standardOutput.write(Data(CanonicalJSON.encode(value) + [0x0A]))
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data(("warning: " + escaped(text) + "\n").utf8))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((escaped(text) + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static func size(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}

/// A one-line progress indicator on stderr, only when stderr is a terminal.
/// Updated from whichever thread does the work (the service's indexing runs on its own).
final class ProgressLine: Sendable {
    private let enabled = Output.stderrIsTerminal
    private let last = Mutex(Date.distantPast)
    private let label: String

    init(_ label: String) { self.label = label }

    func update(_ detail: String) {
        guard enabled else { return }
        let due = last.withLock { last in
            guard Date().timeIntervalSince(last) > 0.2 else { return false }
            last = Date()
            return true
        }
        guard due else { return }
        let text = "\r\u{1B}[K\(label) \(detail)"
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

extension ItemRecord {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "case": .string(caseID), "addedAt": .string(addedAt), "addedBy": .string(addedBy),
            "physical": .bool(physical),
        ]
        let optional: [(String, String?)] = [
            ("commitment", commitment), ("ciphertextSha256", ciphertextSHA256),
            ("sha256", sha256), ("name", name), ("path", path), ("modified", modified), ("kind", kind),
            ("exhibitRef", exhibitRef), ("description", description), ("seizedBy", seizedBy), ("seizedAt", seizedAt),
            ("location", location), ("classification", classification), ("mediaType", mediaType),
            ("duplicateOf", duplicateOf), ("parent", parentID), ("part", part), ("seal", seal),
            ("storageLocation", storageLocation),
        ]
        for (key, value) in optional { if let value { object[key] = .string(value) } }
        if let size { object["size"] = .int(size) }
        if let sensitive { object["sensitive"] = .bool(sensitive) }
        if let disposedAt { object["disposedAt"] = .string(disposedAt) }
        if let disposedSeq { object["disposedSeq"] = .int(disposedSeq) }
        if let reviewDate { object["reviewDate"] = .string(reviewDate) }
        if let reviewDecision { object["reviewDecision"] = .string(reviewDecision) }
        return .object(object)
    }
}

extension CustodyState {
    var json: JSONValue {
        var object: [String: JSONValue] = ["holder": .string(holder)]
        if let seal { object["seal"] = .string(seal) }
        if let location { object["location"] = .string(location) }
        return .object(object)
    }
}
