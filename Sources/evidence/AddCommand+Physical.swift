import EvidenceStore

extension AddCommand {
    /// `add --physical`: an exhibit with no file, checked in full before anyone signs in.
    func addPhysical(_ options: AddOptions) throws {
        guard paths.isEmpty else {
            throw EvidenceError(.usage, "--physical adds an exhibit that has no file: name no files (or leave out --physical).")
        }
        try options.validatePhysical()
        let session = try user.openSession(repository)
        let added = try session.addPhysical(options: options)
        if output.json {
            Output.json(.object([
                "id": .string(added.itemID), "case": .string(added.caseID), "physical": .bool(true),
                "exhibitRef": .string(options.exhibitRef ?? ""),
            ]))
        } else {
            Output.line("\(added.itemID)  physical exhibit \(options.exhibitRef ?? "")")
        }
        // Its description and exhibit reference are searchable like any item's.
        if !noIndex { Self.index(session, caseReference: `case`, wait: options.wait) }
    }
}
