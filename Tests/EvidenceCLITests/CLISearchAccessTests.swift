import Foundation
import Testing

/// Search under the policy: who may search, the reason it requires, indexes of revoked cases
/// leaving the host, and that material a user may not see changes nothing in what their
/// searches return (need-to-know holds for search too).
@Suite("CLI: search access")
struct CLISearchAccessTests {
    @Test("a role without search is refused (77, recorded); a non-member sees no case (66); a missing reason is 64")
    func refusals() throws {
        try CLITestbed.run { bed in
            try bed.caseWithMaterial()
            try bed.addUser("ellis", roles: ["exhibits-officer"], clearance: "SC")
            try bed.ok(["case", "grant", "CR-1", "ellis", "--role", "exhibits-officer"])
            try bed.addUser("nina", roles: ["investigator"], clearance: "SC")
            let entries = try bed.ledgerEntryCount()

            let denied = try bed.refused(77, as: "ellis", ["search", "window", "--case", "CR-1"])
            #expect(denied.err.contains("search"), "\(denied)")
            try bed.refused(77, as: "ellis", ["search", "window"])

            let hidden = try bed.fails(66, ["search", "window", "--case", "CR-1"], environment: bed.env("nina"))
            let missing = try bed.fails(66, ["search", "window", "--case", "CR-9"], environment: bed.env("nina"))
            #expect(hidden.err.replacingOccurrences(of: "CR-1", with: "CR-9") == missing.err,
                    "a hidden case is reported exactly as a missing one")

            let noReason = try bed.fails(64, ["search", "window"], environment: ["EVIDENCE_REASON": nil])
            #expect(noReason.err.contains("--reason"), "\(noReason)")

            #expect(try bed.events("search.run").isEmpty, "a refused search is not a search")
            #expect(try bed.ledgerEntryCount() >= entries + 2)
            #expect(try bed.listItems().count == 10)
            try bed.verifyIntact()
        }
    }

    @Test("the index of a case a user was revoked from is deleted from the host at their next search")
    func revokedIndexLeaves() throws {
        try CLITestbed.run { bed in
            try bed.caseWithMaterial()
            try bed.createCase("CR-2", title: "Other")
            try bed.add([try bed.write("in/other.txt", "an unrelated window\n")], case: "CR-2")
            try bed.addUser("nina", roles: ["investigator"], clearance: "SC")
            for reference in ["CR-1", "CR-2"] {
                try bed.ok(["case", "grant", reference, "nina", "--role", "investigator"])
            }
            let nina = bed.env("nina")
            #expect(total(try bed.search("window", environment: nina)) == 5)
            let first = try bed.indexFolder(user: "nina", caseID: try bed.caseID("CR-1"))
            let second = try bed.indexFolder(user: "nina", caseID: try bed.caseID("CR-2"))
            #expect(FileManager.default.fileExists(atPath: first) && FileManager.default.fileExists(atPath: second))

            try bed.ok(["case", "revoke", "CR-1", "nina"])
            let after = try bed.search("window", environment: nina)
            #expect(total(after) == 1 && hitNames(after) == ["other.txt"], "\(after)")
            #expect(!FileManager.default.fileExists(atPath: first), "the revoked case's index is still on the host")
            #expect(FileManager.default.fileExists(atPath: second))
        }
    }

    @Test("totals, facets, snippets and spelling for a user who may not see some items equal a repository without them")
    func hiddenItemsChangeNothing() throws {
        try CLITestbed.run { bed in
            // Two repositories with the same visible material; the first also holds a SECRET
            // item and a sensitive one, full of the words the searches below look for, plus a
            // SECRET case.
            let plain = bed.repo
            try bed.caseWithMaterial()
            try bed.addUser("bea", roles: ["investigator"], clearance: "BPSS")
            try bed.ok(["case", "grant", "CR-1", "bea", "--role", "investigator"])

            bed.repo = bed.path("repo-with-hidden")
            let plainState = bed.state
            bed.state = bed.path("state-with-hidden")
            try bed.caseWithMaterial()
            try bed.addUser("bea", roles: ["investigator"], clearance: "BPSS")
            try bed.ok(["case", "grant", "CR-1", "bea", "--role", "investigator"])
            let hiddenWords = "window windows casement casemate handle burglar burglary shuffle mapper double-glazed unit "
                + "Penhaligon Penhaligon Penhaligon Wrenfield window window"
            try bed.add(["--classification", "SECRET", try bed.write("in/secret.txt", "SECRET source report: " + hiddenWords)])
            try bed.add(["--sensitive", try bed.write("in/sensitive.txt", "Informant log: " + hiddenWords)])
            try bed.createCase("CR-S", title: "Covert", extra: ["--classification", "SECRET"])
            try bed.add([try bed.write("in/covert.txt", hiddenWords)], case: "CR-S")
            let withHidden = bed.repo
            let hiddenState = bed.state

            // The officer (SC, sensitive-entitled) sees the hidden items: the test material works.
            #expect(total(try bed.search("penhaligon", ["--case", "CR-1"])) == 2)

            // (Sorting by date is tried on the mailbox, whose dates come from its messages: items
            // added by one command may share an addition time to the millisecond in one repository
            // and not in the other, which reorders ties without any hidden item involved.)
            let queries: [[String]] = [["window"], ["window", "--facets"], ["penhaligon"], ["penhaligen"], ["windoe"],
                                       ["casemate"], ["burg*"], ["\"double-glazed unit\""], ["casement NEAR handle"],
                                       ["", "--limit", "500"], ["shuffle OR mapper", "--sort", "date"],
                                       ["wrenfield", "--any"], ["sensitive:yes"], ["class:secret"]]
            for query in queries {
                let bea = bed.env("bea")
                let without = try bed.search(query[0], Array(query.dropFirst()),
                                             environment: bed.at(plain, state: plainState, bea))
                let with = try bed.search(query[0], Array(query.dropFirst()),
                                          environment: bed.at(withHidden, state: hiddenState, bea))
                #expect(searchFigures(with) == searchFigures(without), "search \(query) differs:\n\(searchFigures(with))\nvs\n\(searchFigures(without))")
                #expect(!"\(with)".contains("secret.txt") && !"\(with)".contains("sensitive.txt") && !"\(with)".contains("CR-S"))
            }
            // Spelling suggestions never come from hidden words.
            let suggestion = try bed.search("penhaligen", environment: bed.at(withHidden, state: hiddenState, bed.env("bea")))
            #expect(suggestion["spellingSuggestion"] is NSNull, "\(suggestion)")
        }
    }
}
