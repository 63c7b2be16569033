@testable import EvidenceStore
import Testing

/// verify's set of the object files its live items name: sorted digests, searched.
@Suite("Verify: the referenced object paths")
struct ObjectPathSetTests {
    @Test("holds what was inserted, nothing else, and names the paths inserted more than once")
    func membershipAndRepeats() {
        let paths = (0..<5_000).map { "/repo/objects/case_A/\(String($0 % 256, radix: 16))/object\($0)" }
        var set = ObjectPathSet()
        for path in paths { set.insert(ObjectPathKey(path)) }
        set.insert(ObjectPathKey(paths[17]))
        set.insert(ObjectPathKey(paths[4_999]))
        set.insert(.path("/unhashed/a"))
        set.insert(.path("/unhashed/a"))
        set.insert(.path("/unhashed/b"))
        let repeated = set.seal()
        #expect(repeated == [ObjectPathKey(paths[17]), ObjectPathKey(paths[4_999]), .path("/unhashed/a")])
        #expect(paths.allSatisfy { set.contains(ObjectPathKey($0)) })
        #expect(set.contains(.path("/unhashed/b")))
        #expect(!set.contains(ObjectPathKey("/repo/objects/case_A/00/other")))
        #expect(!set.contains(.path("/unhashed/c")))
        var empty = ObjectPathSet()
        #expect(empty.seal().isEmpty)
        #expect(!empty.contains(ObjectPathKey(paths[0])))
    }
}
