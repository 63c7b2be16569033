import Foundation
import Testing

/// Hidden material never lands on the user's disk: a user's catalog and search index hold
/// only what that user may see (docs/HOST-STATE.md §3), as the ledger-derived authority decides it
/// now, and search records keep their details from members who may not see what they found.
@Suite("CLI: visibility of the host state")
struct CLIVisibilityTests {
    @Test("a BPSS investigator's search leaves nothing of a SECRET or a sensitive item on his host; cleared users still find them")
    func hiddenMaterialNeverOnDisk() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: [
                ("bea", ["investigator"], "BPSS", "investigator"), ("sam", ["investigator"], "SC", "investigator"),
            ])
            let hidden = scenario.secretNeedles + scenario.sensitiveNeedles
            let bea = bed.own("bea")
            #expect(hitIDs(try bed.search("burglary", environment: bea)) == [scenario.visible])
            try bed.ok(["list"], environment: bea)
            try bed.ok(["log"], environment: bea)
            try bed.ok(["show", scenario.visible], environment: bea)
            let afterSearch = bed.plaintextFindings(under: bed.ownState("bea"), hidden)
            #expect(afterSearch.isEmpty, "hidden material on bea's host after her search:\n\(afterSearch.joined(separator: "\n"))")

            // Members cleared for them still find them: sam (SC) the SECRET item but never the
            // sensitive one; the officer (SIO) both.
            #expect(hitIDs(try bed.search("vexmoor", environment: bed.own("sam"))) == [scenario.secret])
            #expect(hitIDs(try bed.search("burglary", environment: bed.own("sam"))).sorted()
                    == [scenario.visible, scenario.secret].sorted())
            let samFindings = bed.plaintextFindings(under: bed.ownState("sam"), scenario.sensitiveNeedles)
            #expect(samFindings.isEmpty, "sensitive material on sam's host:\n\(samFindings.joined(separator: "\n"))")
            #expect(hitIDs(try bed.search("tarnquist")) == [scenario.sensitive])
            #expect(hitIDs(try bed.search("quillhaven")) == [scenario.secret])

            // Their search records (the query words are the hidden words) reach bea's host
            // without their details.
            try bed.ok(["log"], environment: bea)
            #expect(hitIDs(try bed.search("burglary", environment: bea)) == [scenario.visible])
            let afterOthers = bed.plaintextFindings(under: bed.ownState("bea"), hidden)
            #expect(afterOthers.isEmpty, "hidden material on bea's host after others searched:\n\(afterOthers.joined(separator: "\n"))")
            try bed.verifyIntact(as: "bea")
            try bed.verifyIntact(as: "sam")
        }
    }

    @Test("a search that found sensitive material: other members see that it ran, not what it was; the searcher, the SIO and an auditor see it all")
    func searchRecordDetails() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: [
                ("sam", ["investigator"], "SC", "investigator"), ("dee", ["disclosure-officer"], "SC", "disclosure-officer"),
                ("bea", ["investigator"], "BPSS", "investigator"),
            ])
            #expect(hitIDs(try bed.search("tarnquist", environment: bed.env("dee"))) == [scenario.sensitive])
            #expect(total(try bed.search("zephyrquake", environment: bed.env("dee"))) == 0)
            #expect(hitIDs(try bed.search("quillhaven", environment: bed.env("sam"))) == [scenario.secret])
            let dee = try bed.userID("dee")
            let sam = try bed.userID("sam")

            func searches(as viewer: String, by actor: String) throws -> [[String: Any]] {
                try bed.events("search.run", actor: actor, as: viewer)
            }
            func line(_ entry: [String: Any]) -> String {
                String(decoding: (try? JSONSerialization.data(withJSONObject: entry)) ?? Data(), as: UTF8.self)
            }
            func query(_ entry: [String: Any]) -> String? { (entry["details"] as? [String: Any])?["query"] as? String }

            // The join of what each search found is public; the details follow it.
            let deeSearches = try searches(as: "dee", by: dee)
            try #require(deeSearches.count == 2, "\(deeSearches)")
            let sensitivePublic = deeSearches[0]["public"] as? [String: Any]
            #expect(sensitivePublic?["classification"] as? String == "OFFICIAL" && sensitivePublic?["sensitive"] as? Bool == true,
                    "\(deeSearches[0])")
            let nothingPublic = deeSearches[1]["public"] as? [String: Any]
            #expect(nothingPublic?["classification"] as? String == "OFFICIAL" && nothingPublic?["sensitive"] as? Bool == false,
                    "\(deeSearches[1])")
            let secretPublic = try searches(as: "sam", by: sam).first?["public"] as? [String: Any]
            #expect(secretPublic?["classification"] as? String == "SECRET" && secretPublic?["sensitive"] as? Bool == false)

            // The searcher and the SIO see the sensitive search's details.
            for viewer in ["dee", "officer"] {
                let seen = try searches(as: viewer, by: dee)
                #expect(seen.map(query) == ["tarnquist", "zephyrquake"], "\(viewer): \(seen)")
                let details = seen.first?["details"] as? [String: Any]
                #expect(details?["shown"] as? [String] == [scenario.sensitive] && details?["hits"] as? Int == 1, "\(viewer): \(seen)")
            }
            // sam (no sensitive material) and bea (BPSS) see that dee searched, when and where,
            // but neither the query, nor the counts, nor the hidden item's id; the search that
            // found nothing keeps its details. bea does not see sam's SECRET search either.
            for viewer in ["sam", "bea"] {
                let seen = try searches(as: viewer, by: dee)
                try #require(seen.count == 2, "\(viewer): \(seen)")
                // Sealed under the sensitive class key, which neither holds (FORMAT §5.6): locked, not just hidden.
                #expect(seen[0]["details"] == nil && seen[0]["sealed"] as? String == "locked", "\(viewer): \(seen[0])")
                #expect(seen[0]["case"] as? String != nil && seen[0]["time"] as? String != nil)
                let text = line(seen[0])
                #expect(!text.lowercased().contains("tarnquist") && !text.contains(scenario.sensitive) && !text.contains("\"hits\""),
                        "\(viewer): \(text)")
                #expect(query(seen[1]) == "zephyrquake", "\(viewer): \(seen[1])")
                let log = try bed.ok(["log", "--type", "search.run"], environment: bed.env(viewer)).out
                #expect(!log.lowercased().contains("tarnquist") && !log.contains(scenario.sensitive), "\(viewer): \(log)")
                #expect(log.contains("[sealed: no key]"), "\(viewer): \(log)")
            }
            #expect(try searches(as: "bea", by: sam).allSatisfy { $0["details"] == nil && query($0) == nil })
            #expect(try searches(as: "dee", by: sam).map(query) == ["quillhaven"])

            // An auditor reads search records: the audit part carries query, hits and shown.
            let code = try #require(scenario.recoveryCode)
            try bed.addUser("audrey", roles: ["auditor"], clearance: "SC")
            try bed.ok(["recover", "grant-audit", "audrey", "--recovery-passphrase-file", try bed.secretFile("in/code", code),
                        "--reason", "audit of searches"], environment: bed.asAdmin)
            let audited = try searches(as: "audrey", by: dee)
            let audit = audited.first?["auditDetails"] as? [String: Any]
            #expect(audit?["query"] as? String == "tarnquist" && audit?["hits"] as? Int == 1
                    && audit?["shown"] as? [String] == [scenario.sensitive], "\(audited)")
            #expect(try bed.ok(["log", "--type", "search.run"], environment: bed.env("audrey")).out.contains("tarnquist"))
        }
    }

    @Test("revoking a user's only case leaves no index and no plaintext of it on their host after their next command")
    func revokedCaseLeavesNothing() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: [("nina", ["investigator"], "SC", "investigator")])
            let nina = bed.own("nina")
            #expect(hitIDs(try bed.search("burglary", environment: nina)).sorted() == [scenario.visible, scenario.secret].sorted())
            #expect(try bed.ownIndexFolders("nina") == [try bed.caseID("CR-1")])

            try bed.ok(["case", "revoke", "CR-1", "nina"])
            try bed.ok(["case", "list"], environment: nina)
            #expect(try bed.ownIndexFolders("nina").isEmpty, "the revoked case's index is still on nina's host")
            let needles = ["Ashgrove", "CR-1", "Larkspur", "householder", try VisibilityScenario.sha256Hex(VisibilityScenario.visibleText)]
                + scenario.secretNeedles + scenario.sensitiveNeedles
            let findings = bed.plaintextFindings(under: bed.ownState("nina"), needles)
            #expect(findings.isEmpty, "the revoked case's plaintext on nina's host:\n\(findings.joined(separator: "\n"))")
            #expect(try bed.ok(["list", "--json"], environment: nina).jsonLines().isEmpty)
            try bed.verifyIntact(as: "nina")
        }
    }

    @Test("an item reclassified above a member's clearance leaves their index and catalog at their next command")
    func reclassifiedItemLeaves() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: [("bea", ["investigator"], "BPSS", "investigator")])
            let bea = bed.own("bea")
            // (Her own queries are hers to keep: she searches a word the other items share.)
            #expect(hitIDs(try bed.search("burglary", environment: bea)) == [scenario.visible])
            #expect(!bed.plaintextFindings(under: bed.ownState("bea"), ["Larkspur", "householder"]).isEmpty,
                    "the test material does not reach bea's host while she may see it")

            try bed.ok(["amend", scenario.visible, "--classification", "SECRET"])
            #expect(try bed.ok(["list", "--json"], environment: bea).jsonLines().isEmpty)
            let needles = ["Larkspur", "householder", try VisibilityScenario.sha256Hex(VisibilityScenario.visibleText)]
            let findings = bed.plaintextFindings(under: bed.ownState("bea"), needles)
            #expect(findings.isEmpty, "the reclassified item on bea's host:\n\(findings.joined(separator: "\n"))")
            #expect(total(try bed.search("householder", environment: bea)) == 0)
            #expect(hitIDs(try bed.search("householder")) == [scenario.visible])
            try bed.verifyIntact(as: "bea")
        }
    }

    @Test("a member granted a role that sees more, and a new member, see the items at their next command")
    func grantWidens() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: [
                ("sam", ["investigator", "disclosure-officer"], "SC", "investigator"),
            ])
            let sam = bed.own("sam")
            #expect(hitIDs(try bed.search("burglary", environment: sam)).sorted() == [scenario.visible, scenario.secret].sorted())
            let before = bed.plaintextFindings(under: bed.ownState("sam"), scenario.sensitiveNeedles)
            #expect(before.isEmpty, "sensitive material on sam's host before he may see it:\n\(before.joined(separator: "\n"))")

            try bed.ok(["case", "revoke", "CR-1", "sam"])
            try bed.ok(["case", "grant", "CR-1", "sam", "--role", "disclosure-officer"])
            #expect(hitIDs(try bed.search("tarnquist", environment: sam)) == [scenario.sensitive])
            #expect(Set(try bed.ok(["list", "--json"], environment: sam).jsonLines().compactMap { $0["id"] as? String })
                    == [scenario.visible, scenario.secret, scenario.sensitive])
            try bed.ok(["show", scenario.sensitive], environment: sam)

            try bed.addUser("nina", roles: ["investigator"], clearance: "SC")
            let nina = bed.own("nina")
            #expect(try bed.ok(["list", "--json"], environment: nina).jsonLines().isEmpty)
            try bed.ok(["case", "grant", "CR-1", "nina", "--role", "investigator"])
            #expect(Set(try bed.ok(["list", "--json"], environment: nina).jsonLines().compactMap { $0["id"] as? String })
                    == [scenario.visible, scenario.secret])
            #expect(hitIDs(try bed.search("vexmoor", environment: nina)) == [scenario.secret])
            try bed.verifyIntact(as: "sam")
            try bed.verifyIntact(as: "nina")
        }
    }
}
