import ArgumentParser
import EvidenceService
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
        } catch let error as ServiceError {
            // The store's own error, when it is one, says it as the CLI always has (its flags,
            // its exit code); the service's other errors by their kind.
            if let stored = error.storeError {
                Output.note("evidence: \(stored.message)")
                throw ExitCode(stored.exitCode)
            }
            Output.note("evidence: \(error.message)")
            throw ExitCode(exitCode(error.kind))
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

    /// sysexits(3) by the service's kind of failure.
    static func exitCode(_ kind: ServiceError.Kind) -> Int32 {
        switch kind {
        case .invalidRequest: return 64
        case .integrity, .conflict, .tooLarge: return 65
        case .notFound: return 66
        case .storage: return 74
        case .busy: return 75
        case .denied, .unauthenticated: return 77
        }
    }
}
