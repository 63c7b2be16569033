// Helpers shared by the access-control end-to-end tests (CLIAccess*.swift): acting as a
// named user, inviting and enrolling users with their own passphrases, reading the ledger
// as a member, counting refusals, and comparing "hidden" with "does not exist".

import EvidenceStore
import Foundation
import Testing

extension CLITestbed {
    /// The environment of a run as `name` (with this testbed's passphrase unless overridden).
    func env(_ name: String, _ extra: [String: String?] = [:]) -> [String: String?] {
        var result: [String: String?] = ["EVIDENCE_USER": name]
        for (key, value) in extra { result[key] = value }
        return result
    }

    /// `user add` as the administrator (JSON): the new user's id and the enrolment code.
    @discardableResult
    func invite(_ name: String, roles: [String], clearance: String = "SC",
                sourceLocation: SourceLocation = #_sourceLocation) throws -> (id: String, code: String) {
        let result = try ok(["user", "add", name, "--role"] + roles + ["--clearance", clearance, "--kdf-cost", "10", "--json"],
                            environment: asAdmin, sourceLocation: sourceLocation)
        let object = try result.json()
        let code = try #require(object["enrolmentCode"] as? String, "user add gave no code: \(result)")
        let id = try #require(object["user"] as? String, "user add gave no user id: \(result)")
        return (id, code)
    }

    /// Invites and enrols a user with this testbed's passphrase; returns their user id.
    @discardableResult
    func addUser(_ name: String, roles: [String], clearance: String = "SC",
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let (id, code) = try invite(name, roles: roles, clearance: clearance, sourceLocation: sourceLocation)
        try enrol(name, code: code, sourceLocation: sourceLocation)
        return id
    }

    /// User ids by name, as the administrator's `user list --json` shows them.
    func userIDs() throws -> [String: String] {
        var result: [String: String] = [:]
        for user in try ok(["user", "list", "--json"], environment: asAdmin).jsonLines() {
            if let name = user["name"] as? String, let id = user["id"] as? String { result[name] = id }
        }
        return result
    }

    /// A user's id (looked up once per testbed and name: ids never change).
    func userID(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let key = "\(root)\u{0}\(name)"
        if let known = UserIDCache.shared.get(key) { return known }
        let id = try #require(try userIDs()[name], "no user \(name)", sourceLocation: sourceLocation)
        UserIDCache.shared.set(key, id)
        return id
    }

    /// `evidence log --json` as `viewer` (default: the officer).
    func logEntries(as viewer: String = "officer", environment extra: [String: String?] = [:]) throws -> [[String: Any]] {
        try ok(["log", "--json"], environment: env(viewer, extra)).jsonLines()
    }

    /// The ledger's entries of `type` (optionally by one actor id), as `viewer` sees them.
    func events(_ type: String, actor: String? = nil, as viewer: String = "officer") throws -> [[String: Any]] {
        try logEntries(as: viewer).filter { entry in
            entry["type"] as? String == type && (actor == nil || entry["actor"] as? String == actor)
        }
    }

    /// How many refusals of `actor` (a user id) the ledger records.
    func denials(of actor: String, as viewer: String = "officer") throws -> Int {
        try events("access.denied", actor: actor, as: viewer).count
    }

    /// Runs `arguments` as `name`, expecting a one-sentence failure with `status`, and checks
    /// that exactly `newDenials` access.denied events by that user were recorded.
    @discardableResult
    func refused(_ status: Int32, as name: String, _ arguments: [String], environment extra: [String: String?] = [:],
                 newDenials: Int = 1, viewer: String = "officer",
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let actor = try userID(name, sourceLocation: sourceLocation)
        let before = try denials(of: actor, as: viewer)
        let result = try fails(status, arguments, environment: env(name, extra), sourceLocation: sourceLocation)
        let after = try denials(of: actor, as: viewer)
        #expect(after - before == newDenials,
                "expected \(newDenials) new access.denied event(s) by \(name) (\(actor)), found \(after - before)\n\(result)",
                sourceLocation: sourceLocation)
        return result
    }

    /// Copies the repository folder (cp -a) to `relative` inside the test folder.
    @discardableResult
    func copyRepository(to relative: String) throws -> String {
        let destination = path(relative)
        let copy = try tool("/bin/cp", ["-a", repo, destination])
        try #require(copy.status == 0, "cp -a failed: \(copy)")
        return destination
    }

    /// The environment that points a run at another repository folder and state folder.
    func at(_ repositoryFolder: String, state stateFolder: String, _ extra: [String: String?] = [:]) -> [String: String?] {
        var result: [String: String?] = ["EVIDENCE_REPO": repositoryFolder, "EVIDENCE_STATE": stateFolder]
        for (key, value) in extra { result[key] = value }
        return result
    }

    /// Every regular file under `folder` (full paths).
    func allFiles(under folder: String) -> [String] {
        files(under: folder).map { (folder as NSString).appendingPathComponent($0) }
    }

    /// The envelope files of a case in `root`: (generation, holder, full path).
    func caseEnvelopes(root: String, caseID: String) -> [(generation: UInt32, holder: String, path: String)] {
        let keys = (root as NSString).appendingPathComponent("cases/\(caseID)/keys")
        return files(under: keys).compactMap { relative in
            let parts = relative.split(separator: "/").map(String.init)
            guard parts.count == 2, let generation = UInt32(parts[0]) else { return nil }
            return (generation, parts[1], (keys as NSString).appendingPathComponent(relative))
        }
    }

    /// The object files of one case in `root`.
    func objectFiles(root: String, caseID: String) -> [String] {
        let objects = (root as NSString).appendingPathComponent("objects/\(caseID)")
        return files(under: objects).filter { $0.split(separator: "/").count == 2 && !$0.contains(".tmp") }
            .map { (objects as NSString).appendingPathComponent($0) }
    }

    /// Opens a user's identity file in `root` with a passphrase, as an attacker holding a copy could.
    func openIdentity(root: String, name: String, passphrase: String) throws -> (id: String, sealing: X25519.PrivateKey) {
        let repositoryID = try repositoryID(root: root)
        let found = try #require(try IdentityFile.find(root: root, repositoryID: repositoryID, name: name),
                                 "no identity file for \(name) in \(root)")
        let keys = try IdentityFile.open(found.fields, repositoryID: repositoryID, userID: found.userID, passphrase: passphrase)
        return (found.userID, keys.sealing)
    }

    func repositoryID(root: String) throws -> String {
        let config = try JSONSerialization.jsonObject(with: try read((root as NSString).appendingPathComponent("config")))
            as? [String: Any]
        return try #require(config?["repository"] as? String, "config has no repository id")
    }
}

/// The one sentence of a failure with every occurrence of `id` replaced, so that the
/// answers for two different names can be compared word for word.
func sentence(_ result: RunResult, naming id: String) -> String {
    (result.errorLine ?? "").replacingOccurrences(of: id, with: "<ID>")
}

/// A well-formed id of `prefix` that names nothing (random ULID-style characters).
func unknownID(_ prefix: String) -> String {
    let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    var generator = SystemRandomNumberGenerator()
    return prefix + "_01" + String((0..<24).map { _ in alphabet[Int(generator.next() % 32)] })
}

/// The context string an envelope's box is bound to (docs/FORMAT.md, key envelopes).
func envelopeContext(repositoryID: String, caseID: String, generation: UInt32, holder: String) -> String {
    "evidence/v1/key-envelope\u{0}\(repositoryID)\u{0}case-key\u{0}\(caseID)\u{0}\(generation)\u{0}\(holder)"
}

/// Whether `data` contains the UTF-8 bytes of `text`.
func contains(_ data: Data, _ text: String) -> Bool {
    data.range(of: Data(text.utf8)) != nil
}

/// The key generation an object's header names (bytes 16..<20, big-endian).
func objectKeyGeneration(_ data: Data) -> UInt32? {
    guard data.count >= 20 else { return nil }
    let bytes = [UInt8](data[data.startIndex + 16 ..< data.startIndex + 20])
    // The header's key id is class << 24 | generation (FORMAT §5.6).
    return KeyClass.split(keyID: bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })?.generation
}

/// Tries to decrypt an object with candidate case keys; true only if it decrypts.
func decrypts(object path: String, caseID: String, with candidates: [CaseKeys]) -> Bool {
    for keys in candidates {
        if (try? ObjectReader.read(path: path, caseID: caseID, keys: { _ in keys }, consume: { _ in })) != nil { return true }
    }
    return false
}

/// User ids by testbed and name, so that counting refusals does not list users every time.
final class UserIDCache: @unchecked Sendable {
    static let shared = UserIDCache()
    private let lock = NSLock()
    private var ids: [String: String] = [:]

    func get(_ key: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return ids[key]
    }

    func set(_ key: String, _ id: String) {
        lock.lock()
        ids[key] = id
        lock.unlock()
    }
}
