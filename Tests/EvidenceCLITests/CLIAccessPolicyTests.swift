import Foundation
import Testing

/// The policy: validated with line numbers, recorded in the ledger by the
/// administrator, enforced from the newest record (never from a file on disk), shown and
/// explained.
@Suite("CLI access: policy")
struct CLIAccessPolicyTests {
    /// Policies/default.yaml of this package.
    static var defaultPolicyPath: String {
        let tests = ((#filePath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        return ((tests as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Policies/default.yaml")
    }

    static func defaultPolicy() throws -> String {
        try String(contentsOfFile: defaultPolicyPath, encoding: .utf8)
    }

    /// `text` with `old` replaced by `new` (which must occur).
    static func edit(_ text: String, _ old: String, _ new: String) throws -> String {
        try #require(text.contains(old), "the default policy no longer contains \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    /// The 1-based line of the first line containing `marker`.
    static func line(of marker: String, in text: String) -> Int? {
        text.components(separatedBy: "\n").firstIndex { $0.contains(marker) }.map { $0 + 1 }
    }

    /// The default policy without read-content for investigators.
    static func restrictive() throws -> String {
        try edit(try defaultPolicy(),
                 "actions: [create-case, add-item, view-metadata, amend-metadata, read-content, search,\n              record-custody, verify]",
                 "actions: [create-case, add-item, view-metadata, amend-metadata, search,\n              record-custody, verify]")
    }

    @Test("policy check accepts the default policy and rejects malformed ones with line-numbered messages (65)")
    func check() throws {
        try CLITestbed.run { bed in
            let valid = try bed.ok(["policy", "check", Self.defaultPolicyPath])
            #expect(valid.out.contains("is valid"), "\(valid)")
            try bed.ok(["policy", "check"])  // the built-in default

            let base = try Self.defaultPolicy()
            // (name, text, expected lines, expected words)
            var cases: [(String, String, Set<Int>, String)] = []
            cases.append(("syntax.yaml", "version: 1\nclearances:\n  BPSS: [OFFICIAL\nroles:\n  a: {scope: case}\n", [3, 4],
                          "not valid YAML"))
            let action = try Self.edit(base, "actions: [audit, verify]", "actions: [audit, verify, fly]")
            cases.append(("action.yaml", action, [try #require(Self.line(of: "verify, fly]", in: action))], "unknown action fly"))
            let sensitive = try Self.edit(base, "sensitive-material: [disclosure-officer,", "sensitive-material: [janitor, disclosure-officer,")
            cases.append(("sensitive.yaml", sensitive, [try #require(Self.line(of: "janitor", in: sensitive))], "janitor"))
            let scope = try Self.edit(base, "actions: [manage-users, apply-policy, verify]",
                                      "actions: [manage-users, apply-policy, verify, read-content]")
            cases.append(("scope.yaml", scope, [try #require(Self.line(of: "verify, read-content]", in: scope))], "read-content"))
            let noClearances = base.components(separatedBy: "\n").filter {
                !$0.hasPrefix("clearances:") && !$0.hasPrefix("  BPSS:") && !$0.hasPrefix("  SC:") && !$0.hasPrefix("  DV:")
            }.joined(separator: "\n")
            cases.append(("clearances.yaml", noClearances, [try #require(Self.line(of: "version: 1", in: noClearances))],
                          "no clearances"))
            let noDV = base.components(separatedBy: "\n").filter { !$0.hasPrefix("  DV:") }.joined(separator: "\n")
            cases.append(("dv.yaml", noDV, [try #require(Self.line(of: "version: 1", in: noDV))], "DV"))

            for (name, text, lines, words) in cases {
                let file = try bed.write("in/\(name)", text)
                let result = try bed.run(["policy", "check", file])
                #expect(result.status == 65, "\(name): expected 65\n\(result)")
                #expect(result.stdout.isEmpty, "\(name): nothing on stdout\n\(result)")
                let problems = result.errLines
                #expect(problems.count == 1, "\(name): one problem expected\n\(result)")
                let first = problems.first ?? ""
                let expected = lines.map { "\(file): line \($0): " }
                #expect(expected.contains { first.hasPrefix($0) }, "\(name): expected line \(lines.sorted())\n\(result)")
                #expect(first.contains(words), "\(name): expected '\(words)'\n\(result)")
            }
        }
    }

    @Test("policy apply records a policy that takes effect at once; invalid or non-administrator applies record nothing; files on disk change nothing")
    func applyShowExplain() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let content = "statement \(UUID().uuidString)"
            let item = try bed.addOne(try bed.write("in/a.txt", content))
            try bed.addUser("ivan", roles: ["investigator"], clearance: "SC")
            try bed.ok(["case", "grant", "CR-1", "ivan", "--role", "investigator"])
            let defaultText = try Self.defaultPolicy()
            let defaultHash = try sha256Hex(Data(defaultText.utf8))

            // policy show: the text in force, as recorded by init.
            let shown = try bed.ok(["policy", "show"])
            #expect(shown.out == defaultText, "policy show should print Policies/default.yaml as recorded\n\(shown)")
            #expect(shown.err.contains(defaultHash), "\(shown)")

            // Policy files on disk, wherever they are, change nothing.
            let restrictive = try Self.restrictive()
            for place in [bed.path("Policies/default.yaml"), bed.repoPath("Policies/default.yaml"), bed.repoPath("policy.yaml"),
                          bed.repoPath("default.yaml"), (bed.state as NSString).appendingPathComponent("policy.yaml")] {
                try FileManager.default.createDirectory(atPath: (place as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try restrictive.write(toFile: place, atomically: true, encoding: .utf8)
            }
            #expect(try bed.ok(["get", item, "-o", "-"], environment: bed.env("ivan")).stdout == Data(content.utf8))
            #expect(try bed.ok(["policy", "show"]).out == defaultText)

            // An invalid policy: 65, nothing recorded.
            let appliedBefore = try bed.events("policy.applied").count
            let invalid = try bed.write("in/invalid.yaml", try Self.edit(restrictive, "actions: [audit, verify]", "actions: [audit, fly]"))
            let refusedInvalid = try bed.fails(65, ["policy", "apply", invalid], environment: bed.asAdmin)
            #expect(refusedInvalid.errorLine?.contains("line") == true && refusedInvalid.errorLine?.contains("fly") == true,
                    "\(refusedInvalid)")
            #expect(try bed.events("policy.applied").count == appliedBefore)
            // A non-administrator: 77 and a refusal event, nothing recorded.
            let file = try bed.write("in/restrictive.yaml", restrictive)
            try bed.refused(77, as: "officer", ["policy", "apply", file])
            try bed.refused(77, as: "ivan", ["policy", "apply", file])
            #expect(try bed.events("policy.applied").count == appliedBefore)
            #expect(try bed.ok(["get", item, "-o", "-"], environment: bed.env("ivan")).stdout == Data(content.utf8))

            // The administrator applies it: recorded (policy.applied with its hash) and enforced at once.
            let hash = try sha256Hex(Data(restrictive.utf8))
            let applied = try bed.ok(["policy", "apply", file], environment: bed.asAdmin)
            #expect(applied.out.contains(hash), "\(applied)")
            let events = try bed.events("policy.applied")
            #expect(events.count == appliedBefore + 1)
            #expect((events.last?["public"] as? [String: Any])?["hash"] as? String == hash, "\(events)")
            #expect(events.last?["actor"] as? String == (try bed.userID("admin")))
            let afterShow = try bed.ok(["policy", "show"], environment: bed.env("ivan"))
            #expect(afterShow.out == restrictive)
            #expect(afterShow.err.contains(hash))
            let ivanRead = try bed.refused(77, as: "ivan", ["get", item, "-o", "-"])
            #expect(ivanRead.errorLine == "evidence: You may not read the content of item \(item): the role investigator in item \(item) may not read-content.",
                    "\(ivanRead)")
            try bed.ok(["show", item], environment: bed.env("ivan"))  // metadata still allowed
            #expect(try bed.get(item) == Data(content.utf8), "the senior investigating officer still reads")
            // Editing the file that was applied changes nothing either.
            try defaultText.write(toFile: file, atomically: true, encoding: .utf8)
            try bed.fails(77, ["get", item, "-o", "-"], environment: bed.env("ivan"))

            // explain: the rule, for oneself.
            let explained = try bed.ok(["policy", "explain", "ivan", "read-content", item], environment: bed.env("ivan"))
            #expect(explained.out == "ivan read-content item \(item): refused: the role investigator in item \(item) may not read-content (a --reason is required).\n",
                    "\(explained)")
            let explainedJSON = try bed.ok(["policy", "explain", "ivan", "read-content", item, "--json"],
                                           environment: bed.env("ivan")).json()
            #expect(explainedJSON["outcome"] as? String == "denied")
            #expect((explainedJSON["rule"] as? String)?.contains("investigator") == true)
            let officerAllowed = try bed.ok(["policy", "explain", "officer", "read-content", item, "--json"]).json()
            #expect(officerAllowed["outcome"] as? String == "allowed")
            #expect(officerAllowed["rule"] as? String == "the role senior-investigating-officer in item \(item) may read-content")
            #expect(officerAllowed["reasonRequired"] as? Bool == true)
            // ... for others only with manage-users or audit.
            let notOthers = try bed.fails(77, ["policy", "explain", "officer", "read-content", item], environment: bed.env("ivan"))
            #expect(notOthers.errorLine?.contains("your own") == true, "\(notOthers)")
            try bed.fails(77, ["policy", "explain", "ivan", "read-content", item])  // the officer has neither
            let adminExplains = try bed.ok(["policy", "explain", "ivan", "create-case", "repository"], environment: bed.asAdmin)
            #expect(adminExplains.out == "ivan create-case this repository: allowed: the role investigator may create-case.\n",
                    "\(adminExplains)")
            try bed.addUser("audrey", roles: ["auditor"], clearance: "SC")
            let auditorExplains = try bed.ok(["policy", "explain", "ivan", "apply-policy", "repository", "--json"],
                                             environment: bed.env("audrey")).json()
            #expect(auditorExplains["outcome"] as? String == "denied", "an auditor may explain others' access")
            #expect((auditorExplains["rule"] as? String)?.contains("apply-policy") == true, "\(auditorExplains)")
            let adminOnItself = try bed.ok(["policy", "explain", "admin", "create-case", "repository", "--json"],
                                           environment: bed.asAdmin).json()
            #expect(adminOnItself["outcome"] as? String == "denied")
            // The administrator sees no item, so cannot name one (66, as for anything missing).
            try bed.fails(66, ["policy", "explain", "ivan", "read-content", item], environment: bed.asAdmin)
            try bed.usageError(["policy", "explain", "ivan", "fly", "repository"])
        }
    }
}
