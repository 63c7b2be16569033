import EvidenceService
import EvidenceStore

extension AddCommand {
    /// `add --physical`: an exhibit with no file, checked in full before anyone signs in.
    func addPhysical(_ request: AddRequest, wait: Double) throws {
        guard paths.isEmpty else {
            throw EvidenceError(.usage, "--physical adds an exhibit that has no file: name no files (or leave out --physical).")
        }
        try request.options(wait: wait).validatePhysical()
        let added = try user.signIn(repository).run { try await $0.addPhysical($1, request, wait: wait) }
        if output.json {
            Output.json(.object([
                "id": .string(added.itemID), "case": .string(added.caseID), "physical": .bool(true),
                "exhibitRef": .string(request.exhibitRef ?? ""),
            ]))
        } else {
            Output.line("\(added.itemID)  physical exhibit \(request.exhibitRef ?? "")")
        }
        Self.reportIndexing(derivedParts: 0, failure: added.indexingFailure)
    }
}
