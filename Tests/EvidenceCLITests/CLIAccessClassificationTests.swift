import Foundation
import Testing

/// Classifications and sensitive material: what a member may not see is reported
/// exactly as if it did not exist, and leaves no trace in their lists and logs.
@Suite("CLI access: classification and sensitive material")
struct CLIAccessClassificationTests {
    struct Scenario {
        var visible: [String] = []
        var secretItem: String?
        var sensitiveItem: String?
        var secretCase: String?
        var secretCaseItem: String?
    }

    /// One OFFICIAL case CR-1 with members bea (investigator, BPSS), sam (investigator, SC)
    /// and dee (disclosure officer, SC); with `hidden`, also a SECRET item, a sensitive item
    /// and a SECRET case with an item, which bea may not see.
    static func build(_ bed: CLITestbed, hidden: Bool) throws -> Scenario {
        try bed.initRepository()
        try bed.createCase("CR-1")
        for (name, role, clearance) in [("bea", "investigator", "BPSS"), ("sam", "investigator", "SC"),
                                        ("dee", "disclosure-officer", "SC")] {
            try bed.addUser(name, roles: [role], clearance: clearance)
            try bed.ok(["case", "grant", "CR-1", name, "--role", role])
        }
        var scenario = Scenario()
        scenario.visible.append(try bed.addOne(try bed.write("in/visible-1.txt", "visible one"),
                                               extra: ["--description", "first visible"]))
        if hidden {
            scenario.secretItem = try bed.addOne(try bed.write("in/secret.txt", "covert source report 7731"),
                                                 extra: ["--classification", "SECRET", "--description", "CHIS contact"])
            scenario.sensitiveItem = try bed.addOne(try bed.write("in/sensitive.txt", "informant payment ledger"),
                                                    extra: ["--sensitive", "--description", "MG6D material"])
            scenario.secretCase = try bed.createCase("CR-S", title: "Operation Nightjar", extra: ["--classification", "SECRET"])
            scenario.secretCaseItem = try bed.addOne(try bed.write("in/nightjar.txt", "nightjar"), case: "CR-S")
        }
        scenario.visible.append(try bed.addOne(try bed.write("in/visible-2.txt", "visible two"),
                                               extra: ["--description", "second visible"]))
        return scenario
    }

    /// What bea sees: her item list, her case list and her log.
    struct View {
        var items: [[String: Any]]
        var cases: [[String: Any]]
        var log: [[String: Any]]
        var logText: String
        var listText: String
    }

    static func view(_ bed: CLITestbed, as name: String) throws -> View {
        View(items: try bed.ok(["list", "--json"], environment: bed.env(name)).jsonLines(),
             cases: try bed.ok(["case", "list", "--json"], environment: bed.env(name)).jsonLines(),
             log: try bed.logEntries(as: name),
             logText: try bed.ok(["log"], environment: bed.env(name)).out,
             listText: try bed.ok(["list"], environment: bed.env(name)).out)
    }

    @Test("list and log of a member who may not see some items equal those of a repository without them")
    func invisibleLeavesNoTrace() throws {
        let (with, withScenario) = try CLITestbed.run("hidden") { bed in
            let scenario = try Self.build(bed, hidden: true)
            return (try Self.view(bed, as: "bea"), scenario)
        }
        let without = try CLITestbed.run("plain") { bed in
            _ = try Self.build(bed, hidden: false)
            return try Self.view(bed, as: "bea")
        }
        // Counts and ids.
        #expect(with.items.count == without.items.count && with.items.count == 2)
        #expect(with.items.compactMap { $0["id"] as? String } == withScenario.visible)
        #expect(with.cases.count == without.cases.count && with.cases.count == 1)
        #expect(with.log.count == without.log.count, "bea's log has \(with.log.count) entries, \(without.log.count) without the hidden material")
        #expect(with.log.map { $0["type"] as? String ?? "?" } == without.log.map { $0["type"] as? String ?? "?" })
        #expect(with.listText.split(separator: "\n").count == without.listText.split(separator: "\n").count)
        #expect(with.logText.split(separator: "\n").count == without.logText.split(separator: "\n").count)
        // The same fields, apart from ids and times.
        func shape(_ items: [[String: Any]]) -> [[String]] { items.map { $0.keys.sorted() } }
        #expect(shape(with.items) == shape(without.items))
        // No hidden id, reference or title anywhere in what bea is shown.
        let hiddenNames = [withScenario.secretItem, withScenario.sensitiveItem, withScenario.secretCase,
                           withScenario.secretCaseItem].compactMap { $0 } + ["CR-S", "Operation Nightjar", "CHIS", "MG6D material"]
        let everything = with.logText + with.listText
            + String(decoding: try JSONSerialization.data(withJSONObject: with.log + with.items + with.cases), as: UTF8.self)
        for name in hiddenNames {
            #expect(!everything.contains(name), "\(name) shows through bea's list or log")
        }
    }

    @Test("a SECRET item, a sensitive item and a SECRET case: hidden (66, the missing sentence) or visible by clearance and role")
    func visibilityByClearanceAndRole() throws {
        try CLITestbed.run { bed in
            let scenario = try Self.build(bed, hidden: true)
            let secret = try #require(scenario.secretItem)
            let sensitive = try #require(scenario.sensitiveItem)
            let secretCaseItem = try #require(scenario.secretCaseItem)
            let missing = unknownID("itm")

            // bea (BPSS, investigator): the SECRET item, the sensitive item and the SECRET case do not exist for her.
            for hidden in [secret, sensitive, secretCaseItem] {
                for command in [["show"], ["get"], ["log", "--item"]] {
                    let suffix = command == ["get"] ? ["-o", "-"] : []
                    let real = try bed.refused(66, as: "bea", command + [hidden] + suffix)
                    let fake = try bed.refused(66, as: "bea", command + [missing] + suffix)
                    #expect(sentence(real, naming: hidden) == sentence(fake, naming: missing), "\(real)\n\(fake)")
                }
            }
            for reference in ["CR-S", try #require(scenario.secretCase)] {
                let real = try bed.refused(66, as: "bea", ["list", "--case", reference])
                let fake = try bed.refused(66, as: "bea", ["list", "--case", "CR-404"])
                #expect(sentence(real, naming: reference) == sentence(fake, naming: "CR-404"), "\(real)\n\(fake)")
                let add = try bed.refused(66, as: "bea", ["add", "--case", reference, try bed.write("in/b.txt", "b")])
                let addFake = try bed.refused(66, as: "bea", ["add", "--case", "CR-404", try bed.write("in/b.txt", "b")])
                #expect(sentence(add, naming: reference) == sentence(addFake, naming: "CR-404"), "\(add)\n\(addFake)")
            }
            // Granting bea the SECRET case is refused (64): she stays outside it.
            try bed.fails(64, ["case", "grant", "CR-S", "bea", "--role", "investigator"])
            #expect(try bed.ok(["case", "list", "--json"], environment: bed.env("bea")).jsonLines().count == 1)

            // sam (SC, investigator): sees the SECRET item, not the sensitive one.
            #expect(try bed.ok(["get", secret, "-o", "-"], environment: bed.env("sam")).stdout == Data("covert source report 7731".utf8))
            let samSensitive = try bed.refused(66, as: "sam", ["show", sensitive])
            let samMissing = try bed.refused(66, as: "sam", ["show", missing])
            #expect(sentence(samSensitive, naming: sensitive) == sentence(samMissing, naming: missing))
            #expect(Set(try bed.ok(["list", "--json"], environment: bed.env("sam")).jsonLines().compactMap { $0["id"] as? String })
                    == Set(scenario.visible + [secret]))

            // dee (SC, disclosure officer): sees both.
            #expect(try bed.ok(["get", sensitive, "-o", "-"], environment: bed.env("dee")).stdout == Data("informant payment ledger".utf8))
            let shown = try bed.ok(["show", sensitive, "--json"], environment: bed.env("dee")).json()
            #expect(shown["sensitive"] as? Bool == true)
            #expect(Set(try bed.ok(["list", "--json"], environment: bed.env("dee")).jsonLines().compactMap { $0["id"] as? String })
                    == Set(scenario.visible + [secret, sensitive]))
        }
    }

    @Test("adding content identical to an item the member may not see does not reveal it (no 'same content as')")
    func deduplicationRevealsNothing() throws {
        try CLITestbed.run { bed in
            let scenario = try Self.build(bed, hidden: true)
            let secret = try #require(scenario.secretItem)
            let sensitive = try #require(scenario.sensitiveItem)
            // bea adds a file with the SECRET item's content, sam one with the sensitive item's content.
            let beaCopy = try bed.write("in/bea-copy.txt", "covert source report 7731")
            let beaText = try bed.ok(["add", "--case", "CR-1", beaCopy], environment: bed.env("bea"))
            #expect(!beaText.out.contains(secret) && !beaText.out.contains("same content"),
                    "bea learns that a hidden item has this content\n\(beaText)")
            let beaJSON = try bed.ok(["add", "--case", "CR-1", "--json", beaCopy], environment: bed.env("bea")).jsonLines()
            #expect(beaJSON.allSatisfy { ($0["duplicateOf"] as? String).map { $0 != secret } ?? true },
                    "bea's add names the hidden item: \(beaJSON)")
            let samCopy = try bed.write("in/sam-copy.txt", "informant payment ledger")
            let samJSON = try bed.ok(["add", "--case", "CR-1", "--json", samCopy], environment: bed.env("sam")).jsonLines()
            #expect(samJSON.allSatisfy { $0["duplicateOf"] as? String != sensitive }, "sam's add names the sensitive item: \(samJSON)")
            // Nor do their lists or show.
            for (name, hidden) in [("bea", secret), ("sam", sensitive)] {
                let listed = try bed.ok(["list", "--json"], environment: bed.env(name))
                #expect(!listed.out.contains(hidden), "\(name)'s list names \(hidden)\n\(listed)")
                for id in try listed.jsonLines().compactMap({ $0["id"] as? String }) {
                    let shown = try bed.ok(["show", id], environment: bed.env(name))
                    #expect(!shown.out.contains(hidden), "\(name)'s show names \(hidden)\n\(shown)")
                }
            }
        }
    }
}
