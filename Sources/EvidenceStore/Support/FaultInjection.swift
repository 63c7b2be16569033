import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Test hooks, all read from `EVIDENCE_FAULT_*` variables. Each can only make this process
/// fail, pause, die, take its fallback path or see a wrong clock, as a full disk, a `kill -9`,
/// a slow machine or a misset clock would; none can make a check pass that would otherwise fail.
///
/// - `EVIDENCE_FAULT_ENOSPC_AFTER_BYTES=N` lets the process write N bytes through
///   `FileSystem` and then fails every further write with ENOSPC (CI cannot always mount a
///   small tmpfs).
/// - `EVIDENCE_FAULT_KILL_AT=POINT` sends the process SIGKILL at a named point of a commit
///   (`tiles-written`, `checkpoint-signed`, `checkpoint-written`), so crash recovery can be
///   tested at the exact moments a random kill rarely hits.
/// - `EVIDENCE_FAULT_CLOCK_OFFSET_SECONDS=S` shifts this process's clock (`Clock.now()`) by S
///   seconds, as a misset system clock would; the command says so on standard error.
/// - `EVIDENCE_FAULT_PAUSE_AT=POINT` with `EVIDENCE_FAULT_PAUSE_DIR=DIR` (and optionally
///   `EVIDENCE_FAULT_PAUSE_SUBJECT=TEXT`, part of the path concerned): the first time the
///   process reaches POINT it creates `DIR/paused` and waits until `DIR/resume` exists (at
///   most two minutes), so that a test can act at exactly that moment, as a concurrent writer
///   or a kill -9 would, without racing the process. Points: `add.read` (the first chunk of a
///   file being added has been read), `get.write` (the first chunk of a get has been written).
/// - `EVIDENCE_FAULT_NO_TMPFILE=1`: `get` behaves as on a file system without O_TMPFILE.
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

    static let refuseTmpfile = environment["EVIDENCE_FAULT_NO_TMPFILE"] == "1"

    private static let pausePlan: PausePlan? = {
        guard let point = environment["EVIDENCE_FAULT_PAUSE_AT"], !point.isEmpty,
              let directory = environment["EVIDENCE_FAULT_PAUSE_DIR"], !directory.isEmpty else { return nil }
        return PausePlan(point: point, subject: environment["EVIDENCE_FAULT_PAUSE_SUBJECT"], directory: directory)
    }()

    final class PausePlan: @unchecked Sendable {
        let point: String
        let subject: String?
        let directory: String
        private let lock = NSLock()
        private var used = false

        init(point: String, subject: String?, directory: String) {
            self.point = point
            self.subject = subject.flatMap { $0.isEmpty ? nil : $0 }
            self.directory = directory
        }

        /// True the first time `point` is reached for a matching subject.
        func claim(_ reached: String, subject concerned: String) -> Bool {
            guard reached == point, subject.map({ concerned.contains($0) }) ?? true else { return false }
            lock.lock()
            defer { lock.unlock() }
            if used { return false }
            used = true
            return true
        }
    }

    static func pause(at point: String, subject: String) {
        guard let plan = pausePlan, plan.claim(point, subject: subject) else { return }
        let paused = (plan.directory as NSString).appendingPathComponent("paused")
        let resume = (plan.directory as NSString).appendingPathComponent("resume")
        _ = FileManager.default.createFile(atPath: paused, contents: Data("\(getpid())\n".utf8))
        let deadline = Date().addingTimeInterval(120)
        while !FileSystem.exists(resume) && Date() < deadline { usleep(5_000) }
    }
}
