import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the command and ends the process without the C library's exit handlers.
///
/// A command's work runs on threads of the service layer (`BlockingWork`) and of Swift's
/// concurrency runtime, which may still be winding down (dropping a finished task, a
/// thread's own cryptographic state) when the command returns. `exit()` would then run the
/// libraries' clean-up (OpenSSL's, C++ static destructors) beside them, freeing what they
/// are still releasing. Everything that must outlive the process is on disk by then: every
/// commit is synced before it is reported, and the sessions were closed when the command's
/// service was released. What is left is standard output and error, flushed here.
enum ProcessEnd {
    static func run<Command: ParsableCommand>(_ command: Command.Type) -> Never {
        do {
            var parsed = try command.parseAsRoot()
            try parsed.run()
            end(0)
        } catch {
            let message = command.fullMessage(for: error)
            let code = command.exitCode(for: error)
            if !message.isEmpty {
                // Help and version go to standard output, as ArgumentParser's own exit does.
                if code == .success {
                    print(message)
                } else {
                    FileHandle.standardError.write(Data((message + "\n").utf8))
                }
            }
            end(code.rawValue)
        }
    }

    static func end(_ status: Int32) -> Never {
        fflush(nil)
        _exit(status)
    }
}
