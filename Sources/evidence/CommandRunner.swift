import ArgumentParser
import EvidenceStore
import Foundation

/// Turns every failure into one sentence on stderr and its sysexits code.
enum CommandRunner {
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as EvidenceError {
            Output.note("evidence: \(error.message)")
            throw ExitCode(error.exitCode)
        } catch let error as ExitCode {
            throw error
        } catch let error as FormatError {
            Output.note("evidence: The repository failed an integrity check: \(error.description).")
            throw ExitCode(65)
        } catch let error as CryptoError {
            Output.note("evidence: A cryptographic operation failed: \(error).")
            throw ExitCode(65)
        } catch {
            Output.note("evidence: \(error)")
            throw ExitCode(74)
        }
    }
}
