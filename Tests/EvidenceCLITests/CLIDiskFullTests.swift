import Foundation
import Testing

/// A full disk: 74, a sentence saying so, and nothing half-committed.
@Suite("CLI: full disk")
struct CLIDiskFullTests {
    /// Checks the aftermath of a failed add: the sentence, every reported item stored, no item
    /// beyond those, the repository verifies, and the earlier items read back.
    private func checkAftermath(_ bed: CLITestbed, _ result: RunResult, earlier: [String: Data], inputs: [String: Data],
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(result.status == 74, "a full disk exits 74\n\(result)", sourceLocation: sourceLocation)
        #expect(result.errorLine?.contains("disk is full") == true, "the sentence says the disk is full\n\(result)",
                sourceLocation: sourceLocation)
        let reported = try result.jsonLines()
        let listed = try bed.listItems()
        let listedIDs = listed.compactMap { $0["id"] as? String }
        let reportedIDs = reported.compactMap { $0["id"] as? String }
        #expect(Set(listedIDs) == Set(earlier.keys).union(reportedIDs),
                "exactly the earlier and the reported items are stored", sourceLocation: sourceLocation)
        for line in reported {
            let id = try #require(line["id"] as? String)
            let path = try #require(line["path"] as? String)
            if let data = inputs[path] {
                #expect(try bed.get(id) == data, "\(path) reads back", sourceLocation: sourceLocation)
            }
        }
        for (id, data) in earlier {
            #expect(try bed.get(id) == data, "earlier item \(id) reads back", sourceLocation: sourceLocation)
        }
        try bed.verifyIntact(sourceLocation: sourceLocation)
        let leftovers = bed.files(under: bed.repoPath("objects")).filter {
            ($0 as NSString).lastPathComponent.count != 64
        }
        #expect(leftovers.isEmpty, "no temporary object files are left: \(leftovers)", sourceLocation: sourceLocation)
    }

    @Test("on a 2 MiB tmpfs: a file bigger than the free space exits 74 and nothing is half-committed",
          .enabled(if: TmpfsSupport.available, "needs root and mount(8) for a small tmpfs"))
    func tmpfsFull() throws {
        try CLITestbed.run { bed in
            let mountPoint = bed.path("mnt")
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            try #require(TmpfsSupport.mountTmpfs(at: mountPoint, bytes: 2 << 20), "mount -t tmpfs failed")
            bed.atEnd { TmpfsSupport.unmount(mountPoint) }
            bed.repo = (mountPoint as NSString).appendingPathComponent("repo")
            try bed.repositoryWithCase()
            let small = Data("statement of the householder".utf8)
            let earlierID = try bed.addOne(try bed.write("in/statement.txt", small))
            var earlier = [earlierID: small]

            // One file bigger than the whole disk, and of several chunks (read two at a time).
            let huge = randomData(9 << 20)
            let single = try bed.run(["add", "--case", "CR-1", "--json", try bed.write("in/huge.bin", huge)])
            try checkAftermath(bed, single, earlier: earlier, inputs: ["huge.bin": huge])
            #expect(single.stdout.isEmpty)

            // A folder whose first files fit and whose last does not.
            var inputs: [String: Data] = [:]
            for index in 0..<5 {
                let data = randomData(40_000)
                try bed.write("in/batch/a\(index).bin", data)
                inputs["batch/a\(index).bin"] = data
            }
            try bed.write("in/batch/z-huge.bin", huge)
            inputs["batch/z-huge.bin"] = huge
            let batch = try bed.run(["add", "--case", "CR-1", "--json", bed.path("in/batch")])
            try checkAftermath(bed, batch, earlier: earlier, inputs: inputs)
            for line in try batch.jsonLines() {
                if let id = line["id"] as? String, let path = line["path"] as? String { earlier[id] = inputs[path] }
            }

            // The disk is not wedged: once the big file is gone from the input, adding works again.
            let after = try bed.addOne(try bed.write("in/after.txt", "after the full disk"))
            #expect(try bed.itemIDs().contains(after))
            try bed.verifyIntact()
        }
    }

    @Test("with injected ENOSPC (EVIDENCE_FAULT_ENOSPC_AFTER_BYTES) at many points of an add")
    func injectedENOSPCDuringAdd() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let firstData = randomData(1000)
            var earlier = [try bed.addOne(try bed.write("in/first.bin", firstData)): firstData]
            var sawFailure = false
            for (round, budget) in [0, 300, 3_000, 12_000, 40_000, 120_000, 400_000, 2_000_000].enumerated() {
                var inputs: [String: Data] = [:]
                for index in 0..<8 {
                    let data = randomData(index == 7 ? 500_000 : 4_000 + index)
                    try bed.write("in/r\(round)/f\(index)", data)
                    inputs["r\(round)/f\(index)"] = data
                }
                let result = try bed.run(["add", "--case", "CR-1", "--json", bed.path("in/r\(round)")],
                                         environment: ["EVIDENCE_FAULT_ENOSPC_AFTER_BYTES": String(budget)])
                if result.status == 0 {
                    #expect(try result.jsonLines().count == inputs.count, "\(result)")
                } else {
                    sawFailure = true
                    try checkAftermath(bed, result, earlier: earlier, inputs: inputs)
                }
                for line in try result.jsonLines() {
                    if let id = line["id"] as? String, let path = line["path"] as? String { earlier[id] = inputs[path] }
                }
            }
            #expect(sawFailure)
            // Without the fault, everything works again.
            try bed.add([bed.path("in/r0")])
            try bed.verifyIntact()
        }
    }

    @Test("with injected ENOSPC, other writers (case create, amend, get, passwd, key add, verify) lose nothing")
    func injectedENOSPCOtherWriters() throws {
        try CLITestbed.run { bed in
            let recovery = try bed.secretFile("secrets/recovery", "a recovery passphrase")
            try bed.initRepository(extra: ["--recovery-passphrase-file", recovery])
            try bed.createCase("CR-1")
            let data = randomData(30_000)
            let id = try bed.addOne(try bed.write("in/a.bin", data), extra: ["--description", "original"])
            let original = bed.passphrase
            let newPassphrase = "replacement passphrase"
            let newFile = try bed.secretFile("secrets/new", newPassphrase)
            var succeeded: Set<String> = []
            var failed: Set<String> = []
            // The administrator keeps the original passphrase while the officer's changes.
            let admin: [String: String?] = bed.asAdmin.merging(["EVIDENCE_PASSPHRASE": original]) { $1 }
            for budget in [0, 100, 1_000, 5_000, 20_000, 1_000_000] {
                let fault: [String: String?] = ["EVIDENCE_FAULT_ENOSPC_AFTER_BYTES": String(budget)]
                let commands: [[String]] = [
                    ["case", "create", "CR-B\(budget)", "--title", "x"],
                    ["amend", id, "--description", "amended \(budget)"],
                    ["get", id, "-o", bed.path("out-\(budget).bin")],
                    ["verify"],
                    ["key", "add", "--kdf-cost", "10", "--new-recovery-passphrase-file", recovery,
                     "--recovery-passphrase-file", recovery],
                    ["passwd", "--new-passphrase-file", newFile, "--kdf-cost", "10"],
                ]
                for command in commands {
                    // Recovery slots are the administrator's business; the rest is the officer's.
                    let result = try bed.run(command, environment: command[0] == "key" ? fault.merging(admin) { $1 } : fault)
                    #expect([0, 74].contains(result.status) && !result.signalled, "\(result)")
                    if result.status == 0 { succeeded.insert(command[0]) } else { failed.insert(command[0]) }
                    if result.status == 74 {
                        #expect(result.errorLine?.contains("disk is full") == true, "\(result)")
                        #expect(result.errLines.filter { !$0.hasPrefix("warning: ") }.count == 1, "\(result)")
                    }
                    if command[0] == "get" {
                        let out = bed.path("out-\(budget).bin")
                        if result.status == 0 {
                            #expect(try bed.read(out) == data)
                        } else {
                            #expect(!FileManager.default.fileExists(atPath: out), "no partial output is left\n\(result)")
                        }
                    }
                    if command[0] == "passwd" && result.status == 0 {
                        bed.passphrase = newPassphrase
                    }
                    // Whatever happened, the user can still sign in with one of the two passphrases,
                    // and the item is intact.
                    if (try? bed.run(["case", "list"]))?.status != 0 {
                        let other = bed.passphrase == newPassphrase ? original : newPassphrase
                        let retry = try bed.run(["case", "list"], environment: ["EVIDENCE_PASSPHRASE": other])
                        #expect(retry.status == 0, "after a failed \(command[0]) neither passphrase works\n\(result)\n\(retry)")
                        if retry.status == 0 { bed.passphrase = other }
                    }
                }
                #expect(try bed.get(id) == data)
                try bed.verifyIntact()
            }
            // The sweep reached every command both ways: failing at budget 0, succeeding at the largest.
            #expect(failed == ["case", "amend", "get", "verify", "key", "passwd"], "failed: \(failed.sorted())")
            #expect(succeeded == ["case", "amend", "get", "verify", "key", "passwd"], "succeeded: \(succeeded.sorted())")
            #expect(try bed.ok(["key", "list", "--json"], environment: admin).jsonLines().count >= 2)
        }
    }
}
