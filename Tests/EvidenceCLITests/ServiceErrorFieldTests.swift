import EvidenceService
import EvidenceStore
import Foundation
import Testing

/// The service passes on the store's refusals in plain words: the sentence the CLI prints
/// names its flags ("give --reason TEXT"), the service's names none and says which request
/// field is at fault instead.
@Suite("Service: errors name fields, not flags")
struct ServiceErrorFieldTests {
    @Test("reading content or searching without a reason: a plain sentence and the field 'reason'; an existing file: 'replacing'")
    func refusalsNameFields() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase("CR-1")
            let item = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let service = try bed.service()
            let context = try await service.signIn(userName: "officer", passphrase: bed.passphrase)

            let copy = bed.root + "/copy.txt"
            let download = await serviceError { try await service.download(context, itemID: item, to: copy, reason: nil) }
            #expect(download?.kind == .invalidRequest)
            #expect(download?.field == "reason")
            #expect(download?.message == "To read content you must say why: give a reason (it is recorded in the audit log).")
            #expect(download.map { !$0.message.contains("--") } == true, "\(String(describing: download))")
            #expect(!FileManager.default.fileExists(atPath: copy))

            let search = await serviceError { try await service.search(context, SearchQuery(text: "alpha")) }
            #expect(search?.kind == .invalidRequest && search?.field == "reason")
            #expect(search.map { !$0.message.contains("--") && $0.message.contains("give a reason") } == true,
                    "\(String(describing: search))")

            // The same refusal through the CLI keeps its flag.
            let cli = try bed.run(["get", item, "-o", bed.root + "/cli.txt"], environment: bed.env("officer", ["EVIDENCE_REASON": nil]))
            #expect(cli.status == 64 && cli.err.contains("give --reason TEXT"), "\(cli)")

            let existing = try bed.write("out/exists.txt", "taken")
            let replace = await serviceError {
                try await service.download(context, itemID: item, to: existing, reason: "checking the copy")
            }
            #expect(replace?.field == "replacing")
            #expect(replace?.message == "\(existing) already exists: name a new file, or allow replacing it.")
        }
    }
}
