import Foundation
import Testing
@testable import EvidenceStore

// Helpers for the Unit*Tests suites. Every name starts with `Unit` so nothing collides with
// helpers of the other test files in this target.

/// SplitMix64: deterministic, so a failing randomized case can be reproduced from its seed.
struct UnitRNG: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            let word = next()
            for shift in stride(from: 0, to: 64, by: 8) where index < count {
                out[index] = UInt8(truncatingIfNeeded: word >> UInt64(shift))
                index += 1
            }
        }
        return out
    }
}

/// A fresh temporary folder, removed by `remove()` (call it in a `defer`).
struct UnitTempDir {
    let path: String

    init(_ label: String = "unit") throws {
        let base = FileManager.default.temporaryDirectory.path
        let name = "evidence-\(label)-\(UUID().uuidString)"
        path = (base as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ relative: String) -> String { (path as NSString).appendingPathComponent(relative) }

    func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let full = file(relative)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

enum UnitFiles {
    static func read(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    static func write(_ path: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Every regular file under `root`, as paths relative to it, sorted.
    static func listRecursively(_ root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let next = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(next), isDirectory: &isDirectory),
               !isDirectory.boolValue {
                out.append(next)
            }
        }
        return out.sorted()
    }
}

extension Array where Element == UInt8 {
    /// A copy with the bits of `mask` flipped at `index`.
    func unitFlipping(at index: Int, mask: UInt8 = 0x01) -> [UInt8] {
        var copy = self
        copy[index] ^= mask
        return copy
    }
}
