import Foundation

/// CPU seconds (user + system, every thread) this process has used: steadier than wall time
/// on a machine shared with other work, and what Python's time.process_time() reports for
/// the references.
enum ProcessClock {
    static func cpuSeconds() -> Double {
        var now = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) == 0 else { return .nan }
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
