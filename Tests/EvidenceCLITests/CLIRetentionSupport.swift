// Helpers shared by the retention, legal hold and disposal end-to-end tests
// (CLIDisposal*.swift, CLIHold*.swift, CLICaseStatus*.swift, CLIRetention*.swift).

import Foundation
import Testing

extension CLITestbed {
    /// A repository with case CR-1, an exhibits officer `exo` who holds the policy's dispose
    /// action in it, and, unless `status` is nil, the case recorded (by the officer, a senior
    /// investigating officer) as `status` on `date`. Returns the case id.
    @discardableResult
    func disposalCase(status: String? = "no-further-action", date: String = "2024-01-15") throws -> String {
        let caseID = try repositoryWithCase("CR-1")
        try addUser("exo", roles: ["exhibits-officer"], clearance: "SC")
        try ok(["case", "grant", "CR-1", "exo", "--role", "exhibits-officer"])
        if let status { try ok(["case", "status", "CR-1", status, "--date", date]) }
        return caseID
    }

    /// `evidence dispose ITEM --reason … --json` as the exhibits officer.
    @discardableResult
    func dispose(_ item: String, reason: String = "retention period over",
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try ok(["dispose", item, "--reason", reason, "--json"], environment: env("exo"), sourceLocation: sourceLocation).json()
    }

    /// The item as the officer's `list --json` shows it.
    func listed(_ item: String) throws -> [String: Any]? {
        try listItems().first { $0["id"] as? String == item }
    }

    /// Every file of the repository folder (and of `extra` folders) holding `needle`.
    func filesHolding(_ needle: [UInt8], under folder: String) throws -> [String] {
        try allFiles(under: folder).filter { offset(of: needle, in: [UInt8](try read($0))) != nil }
    }
}
