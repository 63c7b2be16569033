import Foundation
import Testing
@testable import EvidenceStore

@Suite("Ledger: log key chain")
struct LogKeyChainTests {
    private func key(_ name: String = "vm/evidence/repo_X") throws -> NoteVerifierKey {
        try NoteVerifierKey(name: name, ed25519PublicKey: try Ed25519.PrivateKey.generate().publicKey)
    }

    private func rotation(seq: UInt64, to key: NoteVerifierKey, generation: Int64) -> LedgerEntry {
        LedgerEntry(seq: seq, time: Timestamp.now(), type: EventType.logKeyRotated, actor: "usr_X", tool: "test",
                    publicPart: ["logKey": .string(key.encoded), "keyringGeneration": .int(generation)],
                    signer: LedgerEntry.logSigner)
    }

    @Test("a rotation at entry r: entries up to r and checkpoints up to size r use the old key")
    func keysBySize() throws {
        let first = try key()
        let second = try key()
        var chain = LogKeyChain(first: first)
        try chain.follow(rotation(seq: 5, to: second, generation: 2))
        #expect(chain.key(forEntry: 5) == first, "the rotation itself is signed by the key it replaces")
        #expect(chain.key(forSize: 5) == first)
        #expect(chain.key(forSize: 6) == second, "the checkpoint committing the rotation uses the new key")
        #expect(chain.currentGeneration == 2 && chain.current == second && chain.first == first)
        let stranger = try key()
        #expect(chain.fromSize(of: second) == 6 && chain.fromSize(of: stranger) == nil)
        let restored = try #require(LogKeyChain(serialised: chain.serialised))
        #expect(restored == chain)
        #expect(LogKeyChain(serialised: "0 1 not-a-key\n") == nil)
        #expect(LogKeyChain(serialised: "3 1 \(first.encoded)\n") == nil, "the first key signs from size 0")
    }

    @Test("malformed rotations are refused")
    func refused() throws {
        let first = try key()
        var chain = LogKeyChain(first: first)
        #expect(throws: FormatError.self) { try chain.follow(rotation(seq: 2, to: try key(), generation: 3)) }
        #expect(throws: FormatError.self) { try chain.follow(rotation(seq: 2, to: try key("other/log"), generation: 2)) }
        #expect(throws: FormatError.self) { try chain.follow(rotation(seq: 2, to: first, generation: 2)) }
        #expect(chain.links.count == 1)
    }
}
