import Foundation
import Testing

/// `evidence amend`: metadata corrections are ledger events; bytes and hash never change.
@Suite("CLI: amend")
struct CLIAmendTests {
    @Test("amend changes descriptive metadata, records an item.amended event, keeps the hash")
    func amend() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let data = Data("exhibit photo".utf8)
            let id = try bed.addOne(try bed.write("in/photo.jpg", data), extra: ["--description", "first version"])
            let before = try bed.ok(["show", id, "--json"]).json()
            let result = try bed.ok(["amend", id, "--description", "Rear door, pry marks", "--exhibit-ref", "JS/4",
                                     "--kind", "image", "--seized-at", "2026-03-14", "--json"])
            let amended = try result.json()
            #expect(amended["description"] as? String == "Rear door, pry marks")
            #expect(amended["exhibitRef"] as? String == "JS/4")
            #expect(amended["kind"] as? String == "image")
            let after = try bed.ok(["show", id, "--json"]).json()
            #expect(after["description"] as? String == "Rear door, pry marks")
            #expect((after["seizedAt"] as? String)?.hasPrefix("2026-03-14") == true, "\(after)")
            for key in ["sha256", "size", "ciphertextSha256", "commitment", "addedAt", "path"] {
                #expect("\(after[key] ?? "-")" == "\(before[key] ?? "-")", "amend must not change \(key)")
            }
            let text = try bed.ok(["amend", id, "--location", "14 Mill Lane"])
            #expect(text.out.contains("Amended \(id)"), "\(text)")
            let events = try bed.ok(["log", "--item", id, "--json"]).jsonLines()
            #expect(events.compactMap { $0["type"] as? String } == ["item.added", "item.amended", "item.amended"])
            let changes = (events[1]["details"] as? [String: Any])?["changes"] as? [String: Any]
            #expect(changes?["description"] as? String == "Rear door, pry marks", "\(events[1])")
            #expect(try bed.get(id) == data)
            try bed.verifyIntact()
        }
    }

    @Test("amend with a bad --kind or --seized-at exits 64 and changes nothing")
    func amendBadArguments() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let id = try bed.addOne(try bed.write("in/a.txt", "alpha"), extra: ["--description", "kept"])
            let checkpoint = try bed.ok(["checkpoint"]).out
            try bed.fails(64, ["amend", id, "--kind", "weapon"])
            try bed.fails(64, ["amend", id, "--seized-at", "last Tuesday"])
            #expect(try bed.ok(["checkpoint"]).out == checkpoint, "nothing appended")
            #expect(try bed.ok(["show", id, "--json"]).json()["description"] as? String == "kept")
        }
    }
}
