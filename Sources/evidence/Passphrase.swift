import EvidenceStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Passphrases come from a file, an environment variable, or a prompt on the terminal,
/// in that order. They are never echoed, logged or passed on to another process; one given in
/// the environment was scrubbed from it as the process started.
enum Passphrase {
    static func read(file: String?, environment: String, prompt: String, confirm: Bool) throws -> String {
        if let file { return try firstLine(of: file) }
        // Taken out of the environment block when the process started (SecretEnvironment).
        if let value = SecretEnvironment.take(environment) { return value }
        guard isatty(STDIN_FILENO) == 1 else {
            throw EvidenceError(.usage, "No passphrase given: use a terminal, \(environment), or a passphrase file option.")
        }
        let first = try promptHidden("\(prompt): ")
        if confirm {
            let second = try promptHidden("\(prompt) (again): ")
            guard first == second else { throw EvidenceError(.usage, "The two passphrases differ.") }
        }
        return first
    }

    /// The first line of a secret's file (without its line end).
    static func firstLine(of file: String) throws -> String {
        guard FileSystem.exists(file) else { throw EvidenceError(.noInput, "\(file) does not exist.") }
        let bytes = try FileSystem.read(file, limit: 64 * 1024)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw EvidenceError(.data, "\(file) is not UTF-8 text.")
        }
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    /// Asks on the terminal without echoing what is typed.
    static func promptHidden(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = Swift.readLine(strippingNewline: true) else {
            throw EvidenceError(.usage, "No passphrase was entered.")
        }
        return line
    }
}
