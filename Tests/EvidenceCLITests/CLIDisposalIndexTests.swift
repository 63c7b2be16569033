import Foundation
import SearchIndex
import Testing

/// A disposer who also searches: `dispose` removes the item's document from their own index
/// on this host at once, without waiting for their next search.
@Suite("CLI disposal: the disposer's search index")
struct CLIDisposalIndexTests {
    @Test("dispose drops the document from the disposing user's index on this host")
    func ownIndexCaughtUp() throws {
        try CLITestbed.run { bed in
            let caseID = try bed.disposalCase()
            // A policy under which the exhibits officer may also search and read.
            let policy = try CLIAccessPolicyTests.edit(
                try CLIAccessPolicyTests.defaultPolicy(),
                "actions: [add-item, view-metadata, amend-metadata, record-custody, dispose, verify]",
                "actions: [add-item, view-metadata, amend-metadata, read-content, search, record-custody, dispose, verify]")
            try bed.ok(["policy", "apply", try bed.write("in/policy.yaml", policy)], environment: bed.asAdmin)
            let item = try bed.addOne(try bed.write("in/a.txt", "the zebracorn statement"))
            let found = try bed.search("zebracorn", environment: bed.env("exo"))
            #expect(found["total"] as? Int == 1, "\(found)")
            let folder = try bed.indexFolder(user: "exo", caseID: caseID)
            #expect(try CaseIndex.indexedItems(path: folder)[item] != nil)

            try bed.dispose(item)
            #expect(try CaseIndex.indexedItems(path: folder)[item] == nil, "the document must be gone before any search")
            #expect(try bed.search("zebracorn", environment: bed.env("exo"))["total"] as? Int == 0)
            try bed.verifyIntact()
        }
    }
}
