import Foundation
import Testing

/// The rule by which a hand-over to the current holder is refused (FORMAT §7.5): names equal
/// after NFC and each code point's full lowercase mapping, so a second writer refuses the same.
@Suite("CLI: custody holder names compared as FORMAT states")
struct CLICustodyNameTests {
    @Test("a hand-over to the current holder written in another case or Unicode form is refused (64); ß is not ss")
    func holderFolding() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let id = try CLICustodyTests.addKnife(bed)
            try bed.ok(["custody", "transfer", id, "--to", "DC \u{C9}VA M\u{DC}LLER", "--reason", "examination"])
            let checkpoint = try bed.ok(["checkpoint"]).out
            // Lowercase, with É decomposed into E and a combining acute accent.
            let same = try bed.fails(64, ["custody", "transfer", id, "--to", "dc e\u{301}va m\u{FC}ller", "--reason", "x"])
            #expect(same.errorLine?.contains("already in the custody of") == true, "\(same)")
            #expect(try bed.ok(["checkpoint"]).out == checkpoint, "nothing was appended")
            // Lowercase mapping, not case folding: ß and SS are different names.
            try bed.ok(["custody", "transfer", id, "--to", "Gro\u{DF}e Stra\u{DF}e store", "--reason", "storage"])
            try bed.ok(["custody", "transfer", id, "--to", "GROSSE STRASSE STORE", "--reason", "moved"])
            try bed.verifyIntact()
        }
    }
}
