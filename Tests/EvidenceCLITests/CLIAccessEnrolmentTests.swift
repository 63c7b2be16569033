import Foundation
import Testing

/// Identities: invitations with one-time codes, enrolment under a passphrase the
/// administrator never sees, `user list` states, disabling, and who may manage users.
@Suite("CLI access: enrolment and users")
struct CLIAccessEnrolmentTests {
    static let codePattern = #"[0-9A-Z]{4}(-[0-9A-Z]{4}){7}"#

    static func codes(in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: codePattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    @Test("user add prints a one-time code once; enrol with it works once; wrong code and unknown name read alike")
    func enrolment() throws {
        try CLITestbed.run { bed in
            try bed.initRepository()
            var adminRuns: [RunResult] = []

            // Text: the code is printed once, on stdout only.
            let aliceInvite = try bed.ok(["user", "add", "alice", "--role", "investigator", "--clearance", "BPSS",
                                          "--kdf-cost", "10"], environment: bed.asAdmin)
            adminRuns.append(aliceInvite)
            let aliceCodes = Self.codes(in: aliceInvite.out)
            try #require(aliceCodes.count == 1, "the code should be printed exactly once\n\(aliceInvite)")
            let aliceCode = aliceCodes[0]
            #expect(Self.codes(in: aliceInvite.err).isEmpty, "the code belongs on stdout only\n\(aliceInvite)")
            #expect(aliceInvite.out.contains("alice") && aliceInvite.out.contains("investigator")
                    && aliceInvite.out.contains("BPSS"), "\(aliceInvite)")

            // JSON: one object holding the code once.
            let bobInvite = try bed.ok(["user", "add", "bob", "--role", "prosecutor", "disclosure-officer",
                                        "--clearance", "SC", "--kdf-cost", "10", "--json"], environment: bed.asAdmin)
            adminRuns.append(bobInvite)
            let bobObject = try bobInvite.json()
            let bobCode = try #require(bobObject["enrolmentCode"] as? String)
            #expect(bobObject["name"] as? String == "bob")
            #expect((bobObject["user"] as? String)?.hasPrefix("usr_") == true)
            #expect(Self.codes(in: bobInvite.out) == [bobCode], "\(bobInvite)")
            #expect(bobInvite.outLines.count == 1)

            let carolInvite = try bed.ok(["user", "add", "carol", "--role", "exhibits-officer", "--kdf-cost", "10", "--json"],
                                         environment: bed.asAdmin)
            adminRuns.append(carolInvite)
            let carolCode = try #require(try carolInvite.json()["enrolmentCode"] as? String)
            #expect(Set([aliceCode, bobCode, carolCode]).count == 3, "codes must differ")

            // user list: roles, clearance and state "invited" before enrolment.
            let invitedList = try bed.ok(["user", "list", "--json"], environment: bed.asAdmin)
            adminRuns.append(invitedList)
            let invited = Dictionary(try invitedList.jsonLines().map { ($0["name"] as? String ?? "?", $0) },
                                     uniquingKeysWith: { first, _ in first })
            #expect(invited["alice"]?["state"] as? String == "invited")
            #expect(invited["alice"]?["roles"] as? [String] == ["investigator"])
            #expect(invited["alice"]?["clearance"] as? String == "BPSS")
            #expect(invited["bob"]?["state"] as? String == "invited")
            #expect(Set(invited["bob"]?["roles"] as? [String] ?? []) == ["prosecutor", "disclosure-officer"])
            #expect(invited["bob"]?["clearance"] as? String == "SC")
            #expect(invited["carol"]?["clearance"] as? String == "BPSS", "BPSS is the default clearance")
            #expect(invited["admin"]?["state"] as? String == "active")
            #expect(invited["officer"]?["state"] as? String == "active")
            let textList = try bed.ok(["user", "list"], environment: bed.asAdmin)
            adminRuns.append(textList)
            let aliceLine = textList.outLines.first { $0.contains("  alice  ") } ?? ""
            #expect(aliceLine.contains("investigator") && aliceLine.contains("BPSS") && aliceLine.hasSuffix("invited"),
                    "\(textList)")

            // Enrolment with --new-passphrase-file (no passphrase in the environment at all).
            let alicePass = "alice-\(UUID().uuidString)-only"
            let aliceFile = try bed.secretFile("in/alice-pass", alicePass)
            let enrolled = try bed.ok(["user", "enrol", "--code-file", try bed.codeFile(aliceCode), "--kdf-cost", "10",
                                       "--new-passphrase-file", aliceFile],
                                      environment: ["EVIDENCE_USER": "alice", "EVIDENCE_PASSPHRASE": nil,
                                                    "EVIDENCE_NEW_PASSPHRASE": nil])
            #expect(enrolled.out.hasPrefix("Enrolled alice (usr_"), "\(enrolled)")
            #expect(!enrolled.out.contains(alicePass))
            try bed.ok(["case", "list"], environment: bed.env("alice", ["EVIDENCE_PASSPHRASE": alicePass]))
            let wrongPass = try bed.fails(77, ["case", "list"], environment: bed.env("alice"))
            #expect(wrongPass.errorLine == "evidence: Wrong passphrase or unknown user.", "\(wrongPass)")

            // Enrolment with EVIDENCE_NEW_PASSPHRASE, and --user instead of EVIDENCE_USER; the code in lowercase works too.
            let bobPass = "bob-\(UUID().uuidString)-only"
            try bed.ok(["user", "enrol", "--user", "bob", "--kdf-cost", "10"],
                       environment: ["EVIDENCE_USER": nil, "EVIDENCE_PASSPHRASE": nil, "EVIDENCE_NEW_PASSPHRASE": bobPass],
                       stdin: try bed.codeFile(bobCode.lowercased()))
            try bed.ok(["case", "list"], environment: bed.env("bob", ["EVIDENCE_PASSPHRASE": bobPass]))

            // The code cannot be used twice: 77, and alice's keys are unchanged.
            let again = try bed.fails(77, ["user", "enrol", "--kdf-cost", "10"],
                                      environment: bed.enrolEnvironment("alice", "another-pass"), stdin: try bed.codeFile(aliceCode))
            #expect(again.errorLine?.contains("enrolment code") == true, "\(again)")
            try bed.ok(["case", "list"], environment: bed.env("alice", ["EVIDENCE_PASSPHRASE": alicePass]))
            try bed.fails(77, ["case", "list"], environment: bed.env("alice", ["EVIDENCE_PASSPHRASE": "another-pass"]))

            // A wrong code for an invited name and a right code for an unknown name: the same 77 sentence.
            let wrongCode = try bed.fails(77, ["user", "enrol", "--kdf-cost", "10"],
                                          environment: bed.enrolEnvironment("carol", "x-pass"), stdin: try bed.codeFile(aliceCode))
            let unknownName = try bed.fails(77, ["user", "enrol", "--kdf-cost", "10"],
                                            environment: bed.enrolEnvironment("nobody", "x-pass"), stdin: try bed.codeFile(carolCode))
            let malformedCode = try bed.fails(77, ["user", "enrol", "--kdf-cost", "10"],
                                              environment: bed.enrolEnvironment("carol", "x-pass"), stdin: try bed.codeFile("NOT-A-CODE"))
            #expect(sentence(wrongCode, naming: "carol") == sentence(unknownName, naming: "nobody"),
                    "a wrong code and an unknown name must read alike\n\(wrongCode)\n\(unknownName)")
            #expect(sentence(malformedCode, naming: "carol") == sentence(wrongCode, naming: "carol"))
            // The failed attempts did not use carol's code up.
            let carolPass = "carol-\(UUID().uuidString)-only"
            try bed.enrol("carol", code: carolCode, passphrase: carolPass)
            #expect(!FileManager.default.fileExists(atPath: bed.repoPath("enrolments")) ||
                    bed.files(under: bed.repoPath("enrolments")).isEmpty, "used enrolments are removed")

            // user list: active after enrolment.
            let activeList = try bed.ok(["user", "list", "--json"], environment: bed.asAdmin)
            adminRuns.append(activeList)
            let active = Dictionary(try activeList.jsonLines().map { ($0["name"] as? String ?? "?", $0["state"] as? String ?? "?") },
                                    uniquingKeysWith: { first, _ in first })
            #expect(active == ["admin": "active", "officer": "active", "alice": "active", "bob": "active", "carol": "active"])

            // The administrator never sees a user's passphrase: not in any output of theirs,
            // nor in the ledger as they read it, nor anywhere in the repository.
            adminRuns.append(try bed.ok(["log"], environment: bed.asAdmin))
            adminRuns.append(try bed.ok(["log", "--json"], environment: bed.asAdmin))
            adminRuns.append(try bed.ok(["user", "list"], environment: bed.asAdmin))
            for run in adminRuns {
                for secret in [alicePass, bobPass, carolPass] {
                    #expect(!run.out.contains(secret) && !run.err.contains(secret), "a passphrase leaked to the administrator\n\(run)")
                }
            }
            for file in bed.allFiles(under: bed.repo) {
                let data = try bed.read(file)
                for secret in [alicePass, bobPass, carolPass, aliceCode, bobCode, carolCode] {
                    #expect(!contains(data, secret), "\(file) holds a passphrase or code in the clear")
                }
            }
        }
    }

    @Test("enrol takes the code on standard input or from --code-file, never as an argument (64, nothing enrolled)")
    func enrolmentCodeNotAnArgument() throws {
        try CLITestbed.run { bed in
            try bed.initRepository()
            let invitation = try bed.invite("erin", roles: ["investigator"])

            // The argument form is refused before anything is read or written, with a sentence saying how.
            let refused = try bed.fails(64, ["user", "enrol", invitation.code, "--kdf-cost", "10"],
                                        environment: bed.enrolEnvironment("erin"))
            #expect(refused.errorLine?.contains("not taken on the command line") == true
                    && refused.errorLine?.contains("standard input") == true
                    && refused.errorLine?.contains("--code-file") == true, "\(refused)")
            #expect(!refused.err.contains(invitation.code), "the refusal must not echo the code\n\(refused)")
            // No code at all (empty standard input, an empty file): 64, and how to give it.
            let empty = try bed.write("secrets/empty", "")
            let none = try bed.fails(64, ["user", "enrol", "--kdf-cost", "10"], environment: bed.enrolEnvironment("erin"),
                                     stdin: empty)
            #expect(none.errorLine?.contains("No enrolment code was given") == true, "\(none)")
            try bed.fails(64, ["user", "enrol", "--code-file", empty, "--kdf-cost", "10"], environment: bed.enrolEnvironment("erin"))
            try bed.fails(66, ["user", "enrol", "--code-file", bed.path("secrets/missing"), "--kdf-cost", "10"],
                          environment: bed.enrolEnvironment("erin"))
            let pending = try bed.ok(["user", "list", "--json"], environment: bed.asAdmin).jsonLines()
            #expect(pending.first { $0["name"] as? String == "erin" }?["state"] as? String == "invited",
                    "the refused attempts enrolled nobody and used nothing up: \(pending)")

            // The first line of standard input (with surrounding blanks) works; the code is then used up.
            let piped = try bed.write("secrets/piped", "  \(invitation.code)  \nsecond line ignored\n")
            let enrolled = try bed.ok(["user", "enrol", "--kdf-cost", "10"], environment: bed.enrolEnvironment("erin"),
                                      stdin: piped)
            #expect(enrolled.out.hasPrefix("Enrolled erin (usr_"), "\(enrolled)")
            try bed.ok(["case", "list"], environment: bed.env("erin"))

            // --code-file for the next user.
            let frank = try bed.invite("frank", roles: ["investigator"])
            try bed.ok(["user", "enrol", "--code-file", try bed.codeFile(frank.code), "--kdf-cost", "10"],
                       environment: bed.enrolEnvironment("frank"))
            try bed.ok(["case", "list"], environment: bed.env("frank"))
            // user add's own instructions no longer show the code in a command line.
            let text = try bed.ok(["user", "add", "gina", "--role", "investigator", "--kdf-cost", "10"], environment: bed.asAdmin)
            #expect(text.out.contains("evidence user enrol --user gina") && !text.out.contains("gina CODE"), "\(text)")
            try bed.verifyIntact()
        }
    }

    @Test("a disabled user is refused everything (77); only administrators manage users (77 and access.denied)")
    func disableAndManage() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let file = try bed.write("in/a.txt", "alpha statement")
            let item = try bed.addOne(file)
            let daveID = try bed.addUser("dave", roles: ["investigator"], clearance: "SC")
            try bed.ok(["case", "grant", "CR-1", "dave", "--role", "investigator"])
            #expect(try bed.ok(["list", "--json"], environment: bed.env("dave")).jsonLines().count == 1)

            // Non-administrators cannot invite or disable: 77, one sentence, a refusal event.
            let officerID = try #require(try bed.userIDs()["officer"])
            let denied = try bed.refused(77, as: "officer", ["user", "add", "mallory", "--role", "investigator",
                                                             "--kdf-cost", "10"])
            #expect(denied.errorLine?.hasPrefix("evidence: You may not manage users") == true, "\(denied)")
            let refusal = try #require(try bed.events("access.denied", actor: officerID).last)
            #expect(refusal["actorName"] as? String == "officer")
            #expect(try bed.userIDs()["mallory"] == nil, "no invitation was recorded")
            #expect(!FileManager.default.fileExists(atPath: bed.repoPath("enrolments")) ||
                    bed.files(under: bed.repoPath("enrolments")).isEmpty)
            try bed.refused(77, as: "officer", ["user", "disable", "dave"])
            try bed.refused(77, as: "dave", ["user", "add", "mallory", "--role", "investigator", "--kdf-cost", "10"])

            // Disabled.
            let disabled = try bed.ok(["user", "disable", "dave"], environment: bed.asAdmin)
            #expect(disabled.out == "Disabled dave.\n", "\(disabled)")
            let states = try bed.ok(["user", "list", "--json"], environment: bed.asAdmin).jsonLines()
            #expect(states.first { $0["name"] as? String == "dave" }?["state"] as? String == "disabled")
            #expect(try bed.events("user.disabled", as: "officer").count == 1)

            // Everything dave tries is refused with 77 and one sentence.
            let other = try bed.write("in/b.txt", "bravo")
            let attempts: [[String]] = [
                ["case", "list"], ["list"], ["list", "--case", "CR-1"], ["show", item], ["get", item, "-o", "-"],
                ["log"], ["log", "--item", item], ["add", "--case", "CR-1", other], ["case", "create", "CR-9", "--title", "x"],
                ["amend", item, "--description", "changed"], ["user", "list"], ["policy", "show"],
                ["policy", "explain", "dave", "read-content", item], ["verify"],
            ]
            for arguments in attempts {
                let result = try bed.fails(77, arguments, environment: bed.env("dave"))
                #expect(result.errorLine?.contains("dave") == true || result.errorLine?.contains("disabled") == true,
                        "the refusal should say why\n\(result)")
            }
            #expect(try bed.denials(of: daveID) >= 1, "refusals of a disabled user are recorded")
            // The officer still works, and dave's item is untouched.
            #expect(try bed.get(item) == Data("alpha statement".utf8))
            try bed.fails(64, ["case", "grant", "CR-1", "dave", "--role", "investigator"])
        }
    }
}
