import EvidenceStore
import Foundation
import Testing

/// Deduplication is within one key generation (FORMAT §6): a rekey protects what is added
/// afterwards, so content added again after it is stored again under the new generation.
@Suite("CLI: deduplication across a rekey")
struct CLIRekeyDedupTests {
    @Test("content added again after a rekey is a new object under the new generation, not a duplicate; again after that, a duplicate")
    func rekeyStoresAgain() throws {
        try CLITestbed.run { bed in
            let caseID = try bed.repositoryWithCase()
            let data = randomData(9_000)
            let first = try bed.addOne(try bed.write("in/original.bin", data))
            #expect(bed.objectFiles().count == 1)
            try bed.ok(["case", "rekey", "CR-1"])
            let again = try #require(try bed.add([try bed.write("in/again.bin", data)]).first)
            let second = try #require(again["id"] as? String)
            #expect(again["duplicateOf"] == nil, "no dedup onto an object of an older generation: \(again)")
            #expect(bed.objectFiles().count == 2, "stored again under the new generation")
            let objects = bed.objectFiles(root: bed.repo, caseID: caseID)
            #expect(try Set(objects.compactMap { objectKeyGeneration(try bed.read($0)) }) == [1, 2], "\(objects)")
            // Within the new generation, dedup works as before.
            let third = try #require(try bed.add([try bed.write("in/third.bin", data)]).first)
            #expect(third["duplicateOf"] as? String == second, "\(third)")
            #expect(bed.objectFiles().count == 2)
            #expect(try bed.get(first) == data)
            #expect(try bed.get(second) == data)
            try bed.verifyIntact()
        }
    }
}
