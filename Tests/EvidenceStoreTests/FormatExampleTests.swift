import Foundation
import Testing
@testable import EvidenceStore

/// Recomputes, from the files of docs/example/repository, every value docs/FORMAT.md's
/// worked example quotes, step by step as a second implementation would, and checks
/// that the document quotes exactly these values.
@Suite struct FormatExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let example = root.appendingPathComponent("docs/example/repository").path
    static let document = root.appendingPathComponent("docs/FORMAT.md").path

    func file(_ relative: String) throws -> [UInt8] {
        try FileSystem.read((Self.example as NSString).appendingPathComponent(relative), limit: 1 << 20)
    }

    func json(_ relative: String) throws -> [String: JSONValue] {
        try #require(try JSONParser.parseCanonical(try file(relative)).objectValue)
    }

    func only(_ directory: String) throws -> String {
        let names = try FileSystem.list((Self.example as NSString).appendingPathComponent(directory))
        return try #require(names.first { !$0.hasPrefix(".") })
    }

    /// The walk-through, as (label, value) lines in document order.
    func walkThrough() throws -> [(String, String)] {
        var lines: [(String, String)] = []
        let config = try json("config")
        let repositoryID = try #require(config["repository"]?.stringValue)
        let origin = try #require(config["origin"]?.stringValue)
        lines.append(("repository id", repositoryID))
        lines.append(("origin", origin))
        let glove = try FileSystem.read(Self.root.appendingPathComponent("docs/example/glove.txt").path, limit: 4096)
        let gloveHash = try SHA256.hash(glove)
        lines.append(("SHA-256 of glove.txt", Hex.encode(gloveHash)))

        // The user's identity: the file whose login is alice's.
        let login = try IdentityFile.loginHash(repositoryID: repositoryID, name: "alice")
        let userID = try #require(try FileSystem.list((Self.example as NSString).appendingPathComponent("identities")).first {
            (try? JSONFields(bytes: try file("identities/\($0)"), magic: "identity", what: "identity").string("login")) == login
        })
        let identity = try JSONFields(bytes: try file("identities/\(userID)"), magic: "identity", what: "identity")
        let kdf = try identity.object("kdf")
        let identityKey = try Scrypt.derive(passphrase: Array("example passphrase".utf8), salt: try kdf.base64("salt"),
                                            parameters: .init(logN: Int(try kdf.int("logN"))))
        lines.append(("user id", userID))
        lines.append(("login of alice", login))
        lines.append(("scrypt key of alice's identity box", Hex.encode(identityKey.bytes)))
        let keys = try IdentityFile.open(identity, repositoryID: repositoryID, userID: userID, passphrase: "example passphrase")
        lines.append(("alice's X25519 public key", Base64.encode(keys.sealing.publicKey)))
        lines.append(("alice's Ed25519 public key", Base64.encode(keys.signing.publicKey)))

        // The keyring and the log key.
        let keyringSecret = try #require(try KeyEnvelope.open(
            root: Self.example, repositoryID: repositoryID, purpose: .repositoryKeyring, subject: repositoryID,
            generation: 1, holder: .user(userID), privateKey: keys.sealing))
        let keyring = try RepositoryKeyring(serialised: keyringSecret)
        let verifier = try NoteVerifierKey(name: origin, ed25519PublicKey: keyring.logKey.publicKey)
        lines.append(("log public key", Base64.encode(keyring.logKey.publicKey)))
        lines.append(("log verifier key", verifier.encoded))
        lines.append(("repository key", Hex.encode(keyring.repositoryKey.bytes)))

        // The recovery key and the audit key.
        let slotID = try only("keys")
        let slot = try JSONFields(bytes: try file("keys/\(slotID)"), magic: "recovery-slot", what: "slot")
        let recoveryKey = try PassphraseBox.open(slot, passphrase: "example recovery passphrase",
                                                 context: RecoverySlot.context(repositoryID: repositoryID, slotID: slotID))
        let recoverySealing = try KeyEnvelope.recoverySealingKey(recoveryKey)
        lines.append(("recovery key R", Hex.encode(recoveryKey.bytes)))
        lines.append(("recovery sealing public key", Base64.encode(recoverySealing.publicKey)))
        let auditSecret = try #require(try KeyEnvelope.open(
            root: Self.example, repositoryID: repositoryID, purpose: .auditKey, subject: repositoryID, generation: 1,
            holder: .recovery, privateKey: recoverySealing))
        let auditKey = try X25519.PrivateKey(secret: auditSecret)
        lines.append(("audit public key", Base64.encode(auditKey.publicKey)))

        // The case keyring, and the derived keys of the OFFICIAL class key that seals the items.
        let caseID = try only("cases")
        let caseKeyringSecret = try #require(try KeyEnvelope.open(
            root: Self.example, repositoryID: repositoryID, purpose: .caseKey, subject: caseID, generation: 1,
            holder: .user(userID), privateKey: keys.sealing))
        let caseKeyring = try CaseKeyring(serialised: caseKeyringSecret)
        let official = KeyClass(classification: .official, sensitive: false)
        let classKey = try #require(caseKeyring.keys[official])
        let caseKeys = try CaseKeys(caseID: caseID, generation: 1, keyClass: official, key: classKey)
        lines.append(("case id", caseID))
        lines.append(("classes in alice's case keyring", caseKeyring.classes.map { String($0.index) }.joined(separator: ", ")))
        lines.append(("case key K0", Hex.encode(try #require(caseKeyring.keys[KeyClass.caseKey]).bytes)))
        lines.append(("OFFICIAL class key K1", Hex.encode(classKey.bytes)))
        lines.append(("key id of K1", String(format: "0x%08x", caseKeys.keyID)))
        lines.append(("naming key", Hex.encode(caseKeys.namingKey.bytes)))
        lines.append(("data-key wrap key", Hex.encode(caseKeys.dataKeyWrapKey.bytes)))
        lines.append(("part key", Hex.encode(caseKeys.partKey.bytes)))

        // The object.
        let objectName = try caseKeys.objectName(forSHA256: gloveHash)
        lines.append(("object name", objectName))
        let objectBytes = try file("objects/\(caseID)/\(objectName.prefix(2))/\(objectName)")
        lines.append(("object file size", String(objectBytes.count)))
        lines.append(("object file SHA-256", Hex.encode(try SHA256.hash(objectBytes))))
        let header = try ObjectFormat.Header.decode(Array(objectBytes.prefix(80)), path: "object")
        let dataKey = try AESGCM.openSecret(key: caseKeys.dataKeyWrapKey, nonce: header.keyNonce,
                                            aad: ObjectFormat.Header.wrapAAD(prefix: header.prefix(), caseID: caseID),
                                            sealed: header.wrappedKey)
        lines.append(("object header bytes 0..<32", Hex.encode(header.prefix())))
        lines.append(("data key", Hex.encode(dataKey.bytes)))
        let recordLength = Int(UInt32(bigEndianBytes: objectBytes[80..<84]))
        lines.append(("chunk 0 record length L", String(recordLength)))
        lines.append(("chunk 0 nonce", Hex.encode(ObjectFormat.chunkNonce(index: 0))))
        lines.append(("chunk 0 additional data", Hex.encode(ObjectFormat.chunkAAD(index: 0, final: true))))
        let chunk = try AESGCM.open(key: dataKey, nonce: ObjectFormat.chunkNonce(index: 0),
                                    aad: ObjectFormat.chunkAAD(index: 0, final: true),
                                    sealed: Array(objectBytes[84..<(84 + recordLength)]))
        lines.append(("chunk 0 encoding byte", String(format: "0x%02x", chunk[0])))
        #expect(Array(chunk.dropFirst()) == glove)

        // The statement: two chunks of a 4096-byte chunk size, both zlib-compressed.
        let statement = try FileSystem.read(Self.root.appendingPathComponent("docs/example/statement.txt").path, limit: 1 << 20)
        let statementHash = try SHA256.hash(statement)
        let statementName = try caseKeys.objectName(forSHA256: statementHash)
        lines.append(("SHA-256 of statement.txt", Hex.encode(statementHash)))
        lines.append(("statement object name", statementName))
        let statementBytes = try file("objects/\(caseID)/\(statementName.prefix(2))/\(statementName)")
        let statementHeader = try ObjectFormat.Header.decode(Array(statementBytes.prefix(80)), path: "object")
        let statementKey = try AESGCM.openSecret(key: caseKeys.dataKeyWrapKey, nonce: statementHeader.keyNonce,
                                                 aad: ObjectFormat.Header.wrapAAD(prefix: statementHeader.prefix(), caseID: caseID),
                                                 sealed: statementHeader.wrappedKey)
        var offset = 80
        var index: UInt64 = 0
        var plaintext: [UInt8] = []
        while offset < statementBytes.count {
            let length = Int(UInt32(bigEndianBytes: statementBytes[offset..<(offset + 4)]))
            let final = offset + 4 + length == statementBytes.count
            let record = try AESGCM.open(key: statementKey, nonce: ObjectFormat.chunkNonce(index: index),
                                         aad: ObjectFormat.chunkAAD(index: index, final: final),
                                         sealed: Array(statementBytes[(offset + 4)..<(offset + 4 + length)]))
            var expanded = [UInt8](repeating: 0, count: 4096)
            let count = try #require(record.withUnsafeBytes { input in
                expanded.withUnsafeMutableBytes { Compression.decompress(UnsafeRawBufferPointer(rebasing: input[1...]), into: $0) }
            })
            plaintext += expanded.prefix(count)
            lines.append(("statement chunk \(index): L, encoding, final flag, plaintext bytes",
                          "\(length), 0x\(String(format: "%02x", record[0])), 0x0\(final ? 1 : 0), \(count)"))
            offset += 4 + length
            index += 1
        }
        #expect(plaintext == statement)

        // The ledger.
        let signed = try file("ledger/checkpoint")
        let checkpoint = try SignedCheckpoint.open(signed, verifier: verifier).checkpoint
        let store = LedgerStore(directory: (Self.example as NSString).appendingPathComponent("ledger"))
        var leaves: [[UInt8]] = []
        var itemEntry: LedgerEntry?
        try store.forEachEntry(in: 0..<checkpoint.size, treeSize: checkpoint.size) { index, bytes in
            let leaf = try Merkle.leafHash(bytes)
            leaves.append(leaf)
            lines.append(("leaf hash of entry \(index)", Hex.encode(leaf)))
            let entry = try LedgerEntry.decode(bytes, index: index)
            if entry.type == EventType.itemAdded, itemEntry == nil { itemEntry = entry }
        }
        let root = try Merkle.root(leafHashes: leaves)
        lines.append(("tree size", String(checkpoint.size)))
        lines.append(("root hash (base64, as in the checkpoint)", Base64.encode(root)))
        #expect(root == checkpoint.rootHash)
        let entry = try #require(itemEntry)
        lines.append(("signing input of entry \(entry.seq) starts", String(decoding: entry.signingBytes().prefix(60), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: "\\n")))
        let sealed = try SealedBox.open(try #require(entry.sealed), key: caseKeys.partKey,
                                        context: LedgerEntry.partContext(repositoryID: repositoryID, seq: entry.seq, part: "sealed"))
        lines.append(("sealed part of entry \(entry.seq)", String(decoding: sealed, as: UTF8.self)))
        let audit = try SealedBox.open(try #require(entry.audit), with: auditKey,
                                       context: LedgerEntry.partContext(repositoryID: repositoryID, seq: entry.seq, part: "audit"))
        lines.append(("audit part of entry \(entry.seq)", String(decoding: audit, as: UTF8.self)))
        let saltText = try JSONParser.parse(sealed)["salt"]?.stringValue ?? ""
        let salt = try #require(Hex.decode(saltText))
        let commitment = try SHA256.hash(salt + gloveHash)
        lines.append(("commitment = SHA-256(salt ‖ SHA-256)", Hex.encode(commitment)))
        #expect(commitment == entry.commitment)
        return lines
    }

    static var exampleIsPresent: Bool { FileManager.default.fileExists(atPath: example + "/config") }

    @Test(.enabled(if: exampleIsPresent, "docs/example/repository is absent"))
    func documentQuotesTheRecomputedValues() throws {
        let lines = try walkThrough()
        if ProcessInfo.processInfo.environment["EVIDENCE_PRINT_FORMAT_EXAMPLE"] != nil {
            print(lines.map { "| \($0.0) | `\($0.1)` |" }.joined(separator: "\n"))
        }
        let text = String(decoding: try FileSystem.read(Self.document, limit: 1 << 22), as: UTF8.self)
        for (label, value) in lines {
            #expect(text.contains("| \(label) | `\(value)` |"), "docs/FORMAT.md does not quote \(label) = \(value)")
        }
    }
}
