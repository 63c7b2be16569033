import Synchronization
@testable import EvidenceStore

/// Wraps any ledger storage and fails where a script says, once per scripted fault; in
/// particular it can let a rival writer publish first, so that a compare-and-swap is lost
/// deterministically. It counts the calls that make things durable.
final class FaultyLedgerStorage: LedgerStorage {
    enum Fault: Equatable, Sendable {
        /// The tile write after `writes` more successful ones dies.
        case writeTile(after: Int)
        /// Just before the next publication, another writer publishes `signed` of `size`
        /// from the same expected size.
        case rivalPublishesFirst(signed: [UInt8], size: UInt64)
        case sync
    }

    let inner: any LedgerStorage
    private let script: Mutex<[Fault]>
    private let syncs = Mutex(0)

    init(_ inner: any LedgerStorage, faults: [Fault] = []) {
        self.inner = inner
        script = Mutex(faults)
    }

    var syncCount: Int { syncs.withLock { $0 } }

    func readTile(_ tile: TileRef) async throws -> [UInt8]? { try await inner.readTile(tile) }

    func writeTile(_ tile: TileRef, _ bytes: [UInt8]) async throws {
        let dies = script.withLock { script -> Bool in
            guard let index = script.firstIndex(where: { if case .writeTile = $0 { true } else { false } }),
                  case .writeTile(let after) = script[index] else { return false }
            if after == 0 {
                script.remove(at: index)
                return true
            }
            script[index] = .writeTile(after: after - 1)
            return false
        }
        if dies { throw InjectedFault(operation: "write tile") }
        try await inner.writeTile(tile, bytes)
    }

    func deleteTile(_ tile: TileRef) async throws { try await inner.deleteTile(tile) }

    func partialWidths(_ kind: TileRef.Kind, index: UInt64) async throws -> [Int] {
        try await inner.partialWidths(kind, index: index)
    }

    func readCheckpoint() async throws -> [UInt8]? { try await inner.readCheckpoint() }

    func publishCheckpoint(_ signed: [UInt8], size: UInt64, expectedPreviousSize: UInt64) async throws {
        let rival = script.withLock { script -> (signed: [UInt8], size: UInt64)? in
            guard let index = script.firstIndex(where: { if case .rivalPublishesFirst = $0 { true } else { false } }),
                  case .rivalPublishesFirst(let signed, let size) = script.remove(at: index) else { return nil }
            return (signed, size)
        }
        if let rival {
            try await inner.publishCheckpoint(rival.signed, size: rival.size, expectedPreviousSize: expectedPreviousSize)
        }
        try await inner.publishCheckpoint(signed, size: size, expectedPreviousSize: expectedPreviousSize)
    }

    func readArchivedCheckpoint(size: UInt64) async throws -> [UInt8]? { try await inner.readArchivedCheckpoint(size: size) }

    func archiveCheckpoint(_ signed: [UInt8], size: UInt64) async throws {
        try await inner.archiveCheckpoint(signed, size: size)
    }

    func archivedCheckpointSizes() async throws -> [UInt64] { try await inner.archivedCheckpointSizes() }

    func sync() async throws {
        let fails = script.withLock { script -> Bool in
            guard let index = script.firstIndex(of: .sync) else { return false }
            script.remove(at: index)
            return true
        }
        if fails { throw InjectedFault(operation: "sync") }
        try await inner.sync()
        syncs.withLock { $0 += 1 }
    }
}
