import Foundation

/// The time a command stamps entries with and checks recorded times against.
public enum Clock {
    /// How far ahead of a command's own clock a recorded time may be: hosts' clocks differ by
    /// seconds when synchronised, and a time further ahead is a fast clock, never a real event.
    public static let tolerance: Int64 = 5 * 60 * 1000

    public static func now() -> Timestamp {
        Timestamp(milliseconds: Timestamp.now().milliseconds + FaultInjection.clockOffsetMilliseconds)
    }

    /// True when `time` lies more than the tolerance after `now`.
    static func isAhead(_ time: Timestamp, of now: Timestamp) -> Bool {
        time.milliseconds - now.milliseconds > tolerance
    }
}
