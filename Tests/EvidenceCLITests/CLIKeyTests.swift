import Foundation
import Testing

/// `evidence key add|list|remove`: the recovery key's passphrase slots.
@Suite("CLI: key")
struct CLIKeyTests {
    @Test("key add, list and remove; the last slot cannot be removed")
    func slots() throws {
        try CLITestbed.run { bed in
            let first = try bed.secretFile("secrets/first", "first custodian passphrase")
            let second = try bed.secretFile("secrets/second", "second custodian passphrase")
            try bed.initRepository(extra: ["--recovery-passphrase-file", first])
            bed.user = bed.adminName  // recovery slots are the administrator's business
            let initial = try bed.ok(["key", "list", "--json"]).jsonLines()
            #expect(initial.count == 1)
            let firstSlot = try #require(initial.first?["slot"] as? String)

            let added = try bed.ok(["key", "add", "--kdf-cost", "10", "--label", "DCI custodian", "--json",
                                    "--recovery-passphrase-file", first, "--new-recovery-passphrase-file", second]).json()
            let secondSlot = try #require(added["slot"] as? String)
            #expect(added["label"] as? String == "DCI custodian")
            let listed = try bed.ok(["key", "list", "--json"]).jsonLines()
            #expect(listed.compactMap { $0["slot"] as? String }.sorted() == [firstSlot, secondSlot].sorted())
            #expect(try bed.ok(["key", "list"]).out.contains("DCI custodian"))

            // A wrong existing passphrase opens no slot: 77, nothing added.
            let wrong = try bed.secretFile("secrets/wrong", "not the recovery passphrase")
            try bed.fails(77, ["key", "add", "--kdf-cost", "10", "--recovery-passphrase-file", wrong,
                               "--new-recovery-passphrase-file", second])
            // Recovery passphrases from the environment.
            try bed.ok(["key", "add", "--kdf-cost", "10"], environment: [
                "EVIDENCE_RECOVERY_PASSPHRASE": "second custodian passphrase",
                "EVIDENCE_NEW_RECOVERY_PASSPHRASE": "third custodian passphrase",
            ])
            #expect(try bed.ok(["key", "list", "--json"]).jsonLines().count == 3)

            let removed = try bed.ok(["key", "remove", firstSlot])
            #expect(removed.out.contains(firstSlot))
            try bed.fails(66, ["key", "remove", firstSlot])
            // The removed slot's passphrase no longer opens the recovery key.
            try bed.fails(77, ["key", "add", "--kdf-cost", "10", "--recovery-passphrase-file", first,
                               "--new-recovery-passphrase-file", wrong])
            var remaining = try bed.ok(["key", "list", "--json"]).jsonLines().compactMap { $0["slot"] as? String }
            #expect(remaining.count == 2)
            try bed.ok(["key", "remove", remaining.removeFirst()])
            let last = try bed.fails(64, ["key", "remove", remaining[0]])
            #expect(last.err.contains("last"), "\(last)")
            #expect(try bed.ok(["key", "list", "--json"]).jsonLines().count == 1)
            let types = try bed.ok(["log", "--json"]).jsonLines().compactMap { $0["type"] as? String }
            #expect(types.filter { $0 == "recovery-slot.added" }.count == 3, "\(types)")
            #expect(types.filter { $0 == "recovery-slot.removed" }.count == 2, "\(types)")
            try bed.verifyIntact()
        }
    }
}
