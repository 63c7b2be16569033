import Foundation
import Testing
@testable import EvidenceStore

/// The implementations every conformance test runs against. Each gets a fresh temporary
/// folder (unused in memory), removed by the test.
struct ObjectStorageSubject: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable (_ folder: String) -> any ObjectStorage

    var testDescription: String { name }

    static let all = [
        ObjectStorageSubject(name: "POSIX") { PosixObjectStorage(directory: ($0 as NSString).appendingPathComponent("objects")) },
        ObjectStorageSubject(name: "in memory") { _ in InMemoryObjectStorage() },
    ]
}

struct LedgerStorageSubject: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable (_ folder: String) -> any LedgerStorage

    var testDescription: String { name }

    static let all = [
        LedgerStorageSubject(name: "POSIX") { PosixLedgerStorage(directory: ($0 as NSString).appendingPathComponent("ledger")) },
        LedgerStorageSubject(name: "in memory") { _ in InMemoryLedgerStorage() },
    ]
}

/// The error a faulty wrapper throws where its script says so.
struct InjectedFault: Error, Equatable {
    let operation: String
}

enum StorageSamples {
    static func key(_ string: String) throws -> ObjectKey { try ObjectKey(string) }

    /// Deterministic bytes of `count`, different for each `seed`.
    static func bytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var rng = UnitRNG(seed: seed)
        return rng.bytes(count)
    }

    /// A checkpoint-shaped note of `size` (the storage reads only its size line), told apart by `tag`.
    static func checkpoint(size: UInt64, tag: String = "a") -> [UInt8] {
        Array("test.example/storage\n\(size)\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— test.example/storage \(tag)\n".utf8)
    }
}
