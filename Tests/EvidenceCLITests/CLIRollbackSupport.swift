import EvidenceStore
import Foundation
import Testing

/// The rollback attack of a system administrator who can write the repository folder but
/// holds no key: an older checkpoint copied back over `ledger/checkpoint` and the newer
/// archives deleted, so that the newer, signed entries look like an uncommitted tail.
extension CLITestbed {
    struct RolledBack {
        /// Items committed before the checkpoint the attacker copied back.
        var before: [(id: String, data: Data)]
        /// Items committed after it, whose entries the attacker wants dropped.
        var after: [(id: String, data: Data)]
        var oldSize: Int
        var newSize: Int
        /// The newest checkpoint as it was before the attack.
        var newest: Data
        var verifierKey: String
    }

    /// Two items, the checkpoint of that moment kept, three more items in three commits;
    /// then the attack. This testbed's state folder has seen the newest checkpoint.
    func rollBackAsAttacker() throws -> RolledBack {
        try repositoryWithCase()
        var before: [(id: String, data: Data)] = []
        for index in 0..<2 {
            let data = randomData(2_000 + index)
            before.append((try addOne(try write("in/before\(index).bin", data)), data))
        }
        let old = try read(repoPath("ledger/checkpoint"))
        let oldSize = try #require(try ok(["checkpoint", "--json"]).json()["size"] as? Int)
        var after: [(id: String, data: Data)] = []
        for index in 0..<3 {
            let data = randomData(3_000 + index)
            after.append((try addOne(try write("in/after\(index).bin", data)), data))
        }
        let newest = try read(repoPath("ledger/checkpoint"))
        let newSize = try #require(try ok(["checkpoint", "--json"]).json()["size"] as? Int)
        let key = try verifierKey()

        // The attack: only file copies and deletions, no key.
        try old.write(to: URL(fileURLWithPath: repoPath("ledger/checkpoint")))
        for name in try FileManager.default.contentsOfDirectory(atPath: repoPath("ledger/checkpoints")) {
            if let size = Int(name), size > oldSize {
                try FileManager.default.removeItem(atPath: repoPath("ledger/checkpoints/\(name)"))
            }
        }
        return RolledBack(before: before, after: after, oldSize: oldSize, newSize: newSize, newest: newest,
                          verifierKey: key)
    }

    /// Every file under `ledger/tile` with its SHA-256: the signed entries and their tiles.
    func tileSnapshot() throws -> [String: String] {
        let tiles = repoPath("ledger/tile")
        var snapshot: [String: String] = [:]
        for relative in files(under: tiles) {
            snapshot[relative] = try sha256Hex(try read((tiles as NSString).appendingPathComponent(relative)))
        }
        return snapshot
    }

    /// Nothing signed was moved or deleted: the tiles are as the attacker left them and
    /// nothing was set aside in `ledger/dropped`.
    func expectNothingMoved(_ snapshot: [String: String], _ context: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try tileSnapshot() == snapshot, "\(context): ledger/tile changed", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: repoPath("ledger/dropped")),
                "\(context): files were set aside in ledger/dropped", sourceLocation: sourceLocation)
    }

    /// The checkpoint the attacker replaced is put back: every item is there again and reads back.
    func expectRestored(_ attack: RolledBack, environment extra: [String: String?] = [:],
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        try attack.newest.write(to: URL(fileURLWithPath: repoPath("ledger/checkpoint")))
        let listed = try ok(["list", "--json"], environment: extra, sourceLocation: sourceLocation).jsonLines()
            .compactMap { $0["id"] as? String }
        #expect(listed == (attack.before + attack.after).map(\.id), sourceLocation: sourceLocation)
        for item in attack.before + attack.after {
            let got = try ok(["get", item.id, "-o", "-"], environment: extra, sourceLocation: sourceLocation).stdout
            #expect(got == item.data, sourceLocation: sourceLocation)
        }
        let verify = try run(["verify", "--json"], environment: extra)
        #expect(verify.status == 0, "verify after the restore\n\(verify)", sourceLocation: sourceLocation)
        #expect(try verify.json()["intact"] as? Bool == true, sourceLocation: sourceLocation)
        try auditIntact(attack.verifierKey, sourceLocation: sourceLocation)
    }
}

extension CLITestbed {
    /// Runs `/bin/sh -c script` with this testbed's environment, `EVIDENCE_BIN` naming the
    /// binary under test and `arguments` as "$@": one process that runs evidence many times.
    func startShell(_ script: String, _ arguments: [String]) throws -> RunningProcess {
        let stdoutPath = path("io/shell-\(UUID().uuidString).out")
        let stderrPath = path("io/shell-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh"] + arguments
        var environment = processEnvironment()
        environment["EVIDENCE_BIN"] = try EvidenceBinary.path()
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.standardInput = FileHandle.nullDevice
        guard let out = FileHandle(forWritingAtPath: stdoutPath), let err = FileHandle(forWritingAtPath: stderrPath) else {
            throw HarnessError("could not open the capture files in \(root)")
        }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        try? out.close()
        try? err.close()
        return RunningProcess(process: process, arguments: ["sh", "-c", script], stdoutPath: stdoutPath,
                              stderrPath: stderrPath)
    }
}
