import CSystemCalls
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What every evidence process does first (main.swift), before it parses a flag or reads a file:
/// the extraction child runs the same binary, so it does this too.
enum ProcessHardening {
    /// No core dumps: a core of this process would hold private keys, case keys and plaintext.
    /// RLIMIT_CORE 0 stops the kernel writing a core file; PR_SET_DUMPABLE 0 also covers a
    /// core_pattern pipe, which ignores the limit (with fs.suid_dumpable 0, the default, nothing
    /// that is not dumpable is dumped), and keeps other processes of the same user from reading
    /// this one's memory and /proc files. Returns a warning when the kernel refused.
    static func apply() -> String? {
        let failure: String? = evidence_disable_core_dumps() == 0
            ? nil : "could not disable core dumps (\(String(cString: strerror(errno)))); a crash could leave keys in a core file"
        SecretEnvironment.capture()
        return failure
    }
}

/// Passphrases given in environment variables, taken out of the environment as the process
/// starts. unsetenv alone only removes the pointer from `environ`: the bytes the process
/// started with stay in its memory, where /proc/PID/environ shows them to anyone who may read
/// it. So the value is copied, its original bytes are overwritten with zeros in place, and the
/// variable is unset, before Foundation (which copies the whole environment on first use) or
/// anything else could copy it; a child process never inherits it.
enum SecretEnvironment {
    /// Every variable `Passphrase.read` may be given.
    static let names = ["EVIDENCE_PASSPHRASE", "EVIDENCE_NEW_PASSPHRASE",
                        "EVIDENCE_RECOVERY_PASSPHRASE", "EVIDENCE_NEW_RECOVERY_PASSPHRASE"]

    private final class Values: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String: String] = [:]

        func set(_ name: String, _ value: String) {
            lock.lock()
            values[name] = value
            lock.unlock()
        }

        func remove(_ name: String) -> String? {
            lock.lock()
            defer { lock.unlock() }
            return values.removeValue(forKey: name)
        }
    }

    private static let captured = Values()

    static func capture() {
        for name in names { capture(name) }
    }

    private static func capture(_ name: String) {
        guard let pointer = getenv(name) else { return }
        let value = String(cString: pointer)
        evidence_scrub_environment(name)
        captured.set(name, value)
    }

    /// The value `name` held when the process started, once (as the variable was once removed
    /// from the environment when read): nil if it was not set or was already taken.
    static func take(_ name: String) -> String? {
        // A name missing from `names` is still taken out of the environment here, if late.
        if !names.contains(name) { capture(name) }
        return captured.remove(name)
    }
}
