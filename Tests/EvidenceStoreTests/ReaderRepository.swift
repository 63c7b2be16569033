import Foundation
@testable import EvidenceStore

/// A fresh repository for the reference reader's tests: administrator "admin" and every user
/// with one passphrase (also in a file, for the reader), in a temporary folder that `remove`
/// deletes.
struct ReaderRepository {
    let folder: URL
    let repo: String
    let state: String
    let passphrase = "reference reader passphrase"
    let passphraseFile: String

    init(_ label: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("reference-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        repo = folder.appendingPathComponent("repo").path
        state = folder.appendingPathComponent("state").path
        passphraseFile = folder.appendingPathComponent("passphrase").path
        try (passphrase + "\n").write(toFile: passphraseFile, atomically: true, encoding: .utf8)
        _ = try RepositoryInitializer.run(.init(path: repo, stateRoot: state, userName: "admin", passphrase: passphrase,
                                                recoveryPassphrase: "a recovery passphrase", kdfCost: 10,
                                                host: "test.example", chunkSize: 4096))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func open(_ name: String) throws -> Session {
        try Session.open(repositoryPath: repo, stateRoot: state, userName: name, passphrase: passphrase)
    }

    /// Invites `name` as the administrator and enrols them.
    @discardableResult
    func enrol(_ name: String, roles: [String], clearance: String = "SC") throws -> Session {
        let invitation = try open("admin").addUser(name: name, roles: roles, clearance: clearance, kdfCost: 10,
                                                   reason: nil, wait: 5)
        return try Session.enrol(repositoryPath: repo, stateRoot: state, name: name, code: invitation.code,
                                 passphrase: passphrase, kdfCost: 10, wait: 5)
    }
}
