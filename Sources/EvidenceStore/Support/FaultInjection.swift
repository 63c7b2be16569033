import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Test hook that makes the store's own writes fail as on a full disk.
///
/// `EVIDENCE_FAULT_ENOSPC_AFTER_BYTES=N` lets the process write N bytes through
/// `FileSystem` and then fails every further write with ENOSPC. It exists because CI
/// cannot always mount a small tmpfs; it can only make writes fail, never succeed.
enum FaultInjection {
    private static let budget: Budget? = {
        guard let text = ProcessInfo.processInfo.environment["EVIDENCE_FAULT_ENOSPC_AFTER_BYTES"],
              let limit = Int(text), limit >= 0 else { return nil }
        return Budget(limit: limit)
    }()

    final class Budget: @unchecked Sendable {
        private let lock = NSLock()
        private var remaining: Int
        init(limit: Int) { remaining = limit }
        func consume(_ bytes: Int) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            if remaining < bytes { remaining = 0; return false }
            remaining -= bytes
            return true
        }
    }

    static func checkWrite(bytes: Int) throws {
        guard let budget else { return }
        if !budget.consume(bytes) { throw FileSystem.ioError(ENOSPC, "write", "the repository") }
    }
}
