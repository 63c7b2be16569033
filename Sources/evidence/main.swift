import EvidenceStore
import Foundation
import Logging

// Before anything else: no core dumps, and passphrases out of the environment block
// (see ProcessHardening).
if let warning = ProcessHardening.apply() { Output.warn(warning) }

// Diagnostics go to stderr (stdout carries results and JSON), at the level EVIDENCE_LOG_LEVEL
// names (trace … critical; default error: what users must see is said in sentences, not logs).
// Nothing logged carries a secret or content.
let logLevel = ProcessInfo.processInfo.environment["EVIDENCE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .error
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = logLevel
    return handler
}

// A test hook that changes what is recorded is never silent.
if let warning = FaultInjection.activeWarning { Output.warn(warning) }

// Every failure leaves as one sentence on stderr and a sysexits code; see CommandRunner.
ProcessEnd.run(EvidenceCommand.self)
