import Foundation
import Testing

/// `kill -9` at any moment of `dispose`: the repository still verifies, the item is either
/// untouched (readable) or recorded as disposed of, and running dispose again completes it.
@Suite("CLI disposal: crash safety")
struct CLIDisposalCrashTests {
    @Test("dispose killed at random moments, then repeated: verify passes throughout and each item is disposed of once")
    func killedDisposals() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            var items: [(id: String, content: Data, object: String)] = []
            for index in 0..<6 {
                let content = Data("crash \(index) \(UUID().uuidString)".utf8)
                let id = try bed.addOne(try bed.write("in/\(index).txt", content))
                items.append((id, content, try bed.objectFile(of: id)))
            }
            for (index, item) in items.enumerated() {
                let running = try bed.start(["dispose", item.id, "--reason", "crash test"], environment: bed.env("exo"))
                usleep(useconds_t(index * 15_000 + Int.random(in: 0..<15_000)))
                running.kill()
                let killed = running.finish()
                // Either untouched and readable, or recorded (its object possibly still there).
                let verify = try bed.run(["verify", "--json"])
                #expect(verify.status == 0, "verify after killing dispose (\(killed.status)):\n\(verify)")
                let disposed = try bed.listed(item.id)?["disposedAt"] as? String != nil
                if !disposed {
                    #expect(try bed.get(item.id) == item.content)
                }
                // Repeating completes it: 0 (disposed now, or finished), or 65 when nothing was left.
                let again = try bed.run(["dispose", item.id, "--reason", "crash test, again"], environment: bed.env("exo"))
                #expect(again.status == 0 || (disposed && again.status == 65), "\(again)")
                #expect(!FileManager.default.fileExists(atPath: item.object), "the object of \(item.id) must be gone")
                let entries = try bed.events("item.disposed").filter { $0["item"] as? String == item.id }
                #expect(entries.count == 1, "one disposal of \(item.id): \(entries)")
            }
            let report = try bed.verifyIntact()
            #expect(report["itemsDisposed"] as? Int == items.count, "\(report)")
            try bed.auditIntact(try bed.verifierKey())
        }
    }
}
