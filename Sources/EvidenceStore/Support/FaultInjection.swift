import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Test hooks, all read from `EVIDENCE_FAULT_*` variables. Each can only make this process
/// fail, die or see a wrong clock, as a full disk, a `kill -9` or a misset clock would; none
/// can make a check pass that would otherwise fail.
///
/// - `EVIDENCE_FAULT_ENOSPC_AFTER_BYTES=N` lets the process write N bytes through
///   `FileSystem` and then fails every further write with ENOSPC (CI cannot always mount a
///   small tmpfs).
/// - `EVIDENCE_FAULT_KILL_AT=POINT` sends the process SIGKILL at a named point of a commit
///   (`tiles-written`, `checkpoint-signed`, `checkpoint-written`), so crash recovery can be
///   tested at the exact moments a random kill rarely hits.
/// - `EVIDENCE_FAULT_CLOCK_OFFSET_SECONDS=S` shifts this process's clock (`Clock.now()`) by S
///   seconds, as a misset system clock would; the command says so on standard error.
public enum FaultInjection {
    private static let environment = ProcessInfo.processInfo.environment

    private static let budget: Budget? = {
        guard let text = environment["EVIDENCE_FAULT_ENOSPC_AFTER_BYTES"],
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

    private static let killPoint = environment["EVIDENCE_FAULT_KILL_AT"]

    /// Dies here, as `kill -9` would, when `EVIDENCE_FAULT_KILL_AT` names this point.
    static func crashPoint(_ name: String) {
        if killPoint == name { kill(getpid(), SIGKILL) }
    }

    /// The clock shift in milliseconds (0 unless the test hook is set to a whole number of seconds).
    static let clockOffsetMilliseconds: Int64 = {
        guard let text = environment["EVIDENCE_FAULT_CLOCK_OFFSET_SECONDS"], let seconds = Int64(text),
              abs(seconds) < 10_000 * 365 * 86_400 else { return 0 }
        return seconds * 1000
    }()

    /// What a command prints on standard error while a hook changes what it records.
    public static var activeWarning: String? {
        guard clockOffsetMilliseconds != 0 else { return nil }
        return "EVIDENCE_FAULT_CLOCK_OFFSET_SECONDS is set: this process's clock is shifted by \(clockOffsetMilliseconds / 1000) s (a test hook)."
    }
}
