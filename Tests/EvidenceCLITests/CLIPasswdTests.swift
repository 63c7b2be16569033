import Foundation
import Testing

/// `evidence passwd`: the old passphrase stops working, the new one works.
@Suite("CLI: passwd")
struct CLIPasswdTests {
    @Test("passwd with --new-passphrase-file and then with EVIDENCE_NEW_PASSPHRASE")
    func changePassphrase() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let id = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let old = bed.passphrase
            let newFile = try bed.secretFile("secrets/new", "second passphrase of admin")
            let changed = try bed.ok(["passwd", "--new-passphrase-file", newFile])
            #expect(changed.out.contains("Changed the passphrase of officer"), "\(changed)")
            let refused = try bed.fails(77, ["list"])
            #expect(refused.errorLine == "evidence: Wrong passphrase or unknown user.", "\(refused)")
            bed.passphrase = "second passphrase of admin"
            #expect(try bed.itemIDs() == [id])
            #expect(try bed.get(id) == Data("alpha".utf8), "the case keys still open with the new passphrase")

            try bed.ok(["passwd"], environment: ["EVIDENCE_NEW_PASSPHRASE": "third passphrase of admin"])
            try bed.fails(77, ["list"])
            try bed.fails(77, ["list"], environment: ["EVIDENCE_PASSPHRASE": old])
            bed.passphrase = "third passphrase of admin"
            #expect(try bed.itemIDs() == [id])
            let types = try bed.ok(["log", "--json"]).jsonLines().compactMap { $0["type"] as? String }
            #expect(types.filter { $0 == "identity.passphrase-changed" }.count == 2, "\(types)")
            try bed.verifyIntact()
        }
    }

    @Test("passwd with the wrong current passphrase exits 77 and changes nothing")
    func passwdWrongCurrent() throws {
        try CLITestbed.run { bed in
            try bed.initRepository()
            let newFile = try bed.secretFile("secrets/new", "never set")
            try bed.fails(77, ["passwd", "--new-passphrase-file", newFile], environment: ["EVIDENCE_PASSPHRASE": "wrong"])
            try bed.ok(["case", "list"])
            try bed.fails(77, ["case", "list"], environment: ["EVIDENCE_PASSPHRASE": "never set"])
        }
    }
}
