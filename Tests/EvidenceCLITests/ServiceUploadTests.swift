import EvidenceService
import EvidenceStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Uploads as streams through the service (what a server's resumable uploads call): bytes
/// appended in order over several requests, kept across an interruption, checked against the
/// client's SHA-256 before anything is stored, bounded, and private to the user who started them.
@Suite("Service: uploads")
struct ServiceUploadTests {
    @Test("an upload interrupted and resumed is stored as sent, under the client's name, and its spool is removed")
    func interruptedAndResumed() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            let service = try bed.uploadService()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let original = [UInt8](randomData(5 << 20 + 12_345))
            let sha256 = Hex.encode(try SHA256.hash(original))
            var request = UploadRequest(caseReference: "CR-1", fileName: "interview 3 (copy).wav",
                                        declaredSize: Int64(original.count))
            request.item.exhibitRef = "JS/4"
            let started = try await service.startUpload(officer, request)
            #expect(started.offset == 0 && started.declaredSize == Int64(original.count))

            // The client is cut off part way through a chunk: what arrived is kept.
            let cut = 2_345_679
            let first = await serviceError {
                try await service.appendUpload(officer, id: started.id, offset: 0,
                                               chunks: chunkStream(original[0..<cut], size: 65_536, thenFail: true))
            }
            #expect(first?.kind == .invalidRequest && first?.field == "content", "\(String(describing: first))")
            let resumed = try await service.uploadStatus(officer, id: started.id)
            #expect(resumed.offset == Int64(cut))
            let spool = try #require(bed.spoolFiles().first)
            #expect(bed.spoolFiles().count == 1)
            #expect(try fileSize(spool) == Int64(cut))
            #expect(try permissions(spool) == 0o600)
            #expect(try permissions((spool as NSString).deletingLastPathComponent) == 0o700)
            #expect(!spool.contains("interview"))

            let done = try await service.appendUpload(officer, id: started.id, offset: resumed.offset,
                                                      chunks: chunkStream(original[cut...], size: 100_000))
            #expect(done.offset == Int64(original.count))
            let result = try await service.finishUpload(officer, id: started.id, expectedSHA256: sha256)
            let item = try #require(result.items.first)
            #expect(result.items.count == 1)
            #expect(item.sha256 == sha256 && item.size == UInt64(original.count))
            #expect(item.path == "interview 3 (copy).wav")
            #expect(bed.spoolFiles().isEmpty)

            let detail = try await service.item(officer, id: item.id)
            #expect(detail.item.name == "interview 3 (copy).wav" && detail.item.path == "interview 3 (copy).wav")
            #expect(detail.item.exhibitRef == "JS/4" && detail.item.sha256 == sha256)
            let download = try await service.openContent(officer, itemID: item.id, destination: "HTTP download",
                                                          reason: "checking the upload")
            var received: [UInt8] = []
            for try await chunk in download.chunks { received += chunk }
            #expect(received == original)
            #expect(Hex.encode(try SHA256.hash(received)) == sha256)
            #expect(try await service.events(officer, itemID: item.id, types: ["item.added"]).events.count == 1)

            let gone = await serviceError { try await service.uploadStatus(officer, id: started.id) }
            #expect(gone?.kind == .notFound)
        }
    }

    @Test("an append at any offset but the upload's is a conflict and leaves the spool as it was; bytes past the offset are cut off")
    func wrongOffset() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            let service = try bed.uploadService()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let bytes = [UInt8](randomData(3000))
            let upload = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "a.bin"))
            _ = try await service.appendUpload(officer, id: upload.id, offset: 0, chunks: chunkStream(bytes[0..<1000], size: 300))
            let spool = try #require(bed.spoolFiles().first)
            let before = try bed.read(spool)
            for offset: Int64 in [0, 999, 1001, 5000] {
                let refused = await serviceError {
                    try await service.appendUpload(officer, id: upload.id, offset: offset, chunks: chunkStream(bytes[1000...], size: 500))
                }
                #expect(refused?.kind == .conflict && refused?.field == "offset", "\(String(describing: refused))")
            }
            #expect(try bed.read(spool) == before)
            #expect(try await service.uploadStatus(officer, id: upload.id).offset == 1000)
            // Bytes past the offset (what a write that failed part way leaves) are cut off by the
            // next append; the right offset goes on, and the whole is what was sent.
            let handle = try #require(FileHandle(forWritingAtPath: spool))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(repeating: 0xEE, count: 5000))
            try handle.close()
            #expect(try fileSize(spool) == 6000)
            _ = try await service.appendUpload(officer, id: upload.id, offset: 1000, chunks: chunkStream(bytes[1000...], size: 500))
            #expect(try fileSize(spool) == 3000)
            let result = try await service.finishUpload(officer, id: upload.id)
            #expect(result.items.first?.sha256 == Hex.encode(try SHA256.hash(bytes)))
        }
    }

    @Test("a SHA-256 that does not match stores nothing and removes the spool")
    func digestMismatch() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            let service = try bed.uploadService()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            _ = try await service.add(officer, AddRequest(caseReference: "CR-1", paths: [try bed.write("in/one.txt", "one")]))
            let itemsBefore = try await service.items(officer).items.count
            let bytes = [UInt8](randomData(200_000))
            let other = Hex.encode(try SHA256.hash(bytes + [0]))

            // Expected at the start.
            var request = UploadRequest(caseReference: "CR-1", fileName: "b.bin", declaredSize: Int64(bytes.count))
            request.item.expectedSHA256 = other
            let first = try await service.startUpload(officer, request)
            _ = try await service.appendUpload(officer, id: first.id, offset: 0, chunks: chunkStream(bytes[...], size: 70_000))
            let refused = await serviceError { try await service.finishUpload(officer, id: first.id) }
            #expect(refused?.kind == .integrity && refused?.field == "expectedSHA256", "\(String(describing: refused))")
            #expect(bed.spoolFiles().isEmpty)

            // Expected at the finish.
            let second = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "c.bin"))
            _ = try await service.appendUpload(officer, id: second.id, offset: 0, chunks: chunkStream(bytes[...], size: 70_000))
            let again = await serviceError { try await service.finishUpload(officer, id: second.id, expectedSHA256: other) }
            #expect(again?.kind == .integrity)
            #expect(bed.spoolFiles().isEmpty)

            #expect(try await service.items(officer).items.count == itemsBefore)
            #expect(try await service.events(officer, types: ["item.added"]).events.count == itemsBefore)
            let finished = await serviceError { try await service.finishUpload(officer, id: second.id) }
            #expect(finished?.kind == .notFound)
        }
    }

    @Test("a finish that finds another writer holding the repository keeps the upload whole; finishing again once it has gone stores it")
    func busyFinishKeepsTheUpload() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            let service = try bed.uploadService()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let bytes = [UInt8](randomData(300_000))
            let sha256 = Hex.encode(try SHA256.hash(bytes))
            let upload = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "cctv.bin",
                                                                               declaredSize: Int64(bytes.count)))
            _ = try await service.appendUpload(officer, id: upload.id, offset: 0, chunks: chunkStream(bytes[...], size: 100_000))
            let itemsBefore = try await service.items(officer).items.count

            // Another process holds the writer lock, as a CLI add would.
            let fd = open(bed.repoPath("locks/writer"), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            try #require(fd >= 0)
            try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
            let busy = await serviceError { try await service.finishUpload(officer, id: upload.id, expectedSHA256: sha256) }
            close(fd)
            #expect(busy?.kind == .busy, "\(String(describing: busy))")
            // Nothing stored, nothing lost: the upload is as it was, its bytes still spooled.
            #expect(try await service.items(officer).items.count == itemsBefore)
            let status = try await service.uploadStatus(officer, id: upload.id)
            #expect(status.offset == Int64(bytes.count))
            let spool = try #require(bed.spoolFiles().first)
            #expect(try fileSize(spool) == Int64(bytes.count))

            let result = try await service.finishUpload(officer, id: upload.id, expectedSHA256: sha256)
            #expect(result.items.first?.sha256 == sha256 && result.items.first?.path == "cctv.bin")
            #expect(try await service.items(officer).items.count == itemsBefore + 1)
            #expect(bed.spoolFiles().isEmpty)
            let gone = await serviceError { try await service.uploadStatus(officer, id: upload.id) }
            #expect(gone?.kind == .notFound)
        }
    }

    @Test("bytes beyond the declared size or the service's limit are refused as too large; an incomplete upload cannot finish")
    func tooLarge() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            let service = try bed.uploadService { $0.maxUploadSize = 100_000 }
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let bytes = [UInt8](randomData(150_000))
            let declared = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "d.bin",
                                                                                declaredSize: 1000))
            let over = await serviceError {
                try await service.appendUpload(officer, id: declared.id, offset: 0, chunks: sliceStream(bytes[0..<1500], size: 600))
            }
            #expect(over?.kind == .tooLarge && over?.field == "content", "\(String(describing: over))")
            // The chunk that went beyond is not written; the one before it is kept.
            #expect(try await service.uploadStatus(officer, id: declared.id).offset == 600)
            #expect(try fileSize(try #require(bed.spoolFiles().first)) == 600)
            let early = await serviceError { try await service.finishUpload(officer, id: declared.id) }
            #expect(early?.kind == .conflict && early?.field == "offset", "\(String(describing: early))")
            #expect(try await service.uploadStatus(officer, id: declared.id).offset == 600)
            try await service.abortUpload(officer, id: declared.id)

            let bigDeclared = await serviceError {
                try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "e.bin", declaredSize: 100_001))
            }
            #expect(bigDeclared?.kind == .tooLarge && bigDeclared?.field == "declaredSize")
            let undeclared = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "f.bin"))
            let beyond = await serviceError {
                try await service.appendUpload(officer, id: undeclared.id, offset: 0, chunks: chunkStream(bytes[...], size: 40_000))
            }
            #expect(beyond?.kind == .tooLarge)
            #expect(try await service.uploadStatus(officer, id: undeclared.id).offset == 80_000)

            for name in ["", "..", "a/b", "a\u{0}b", "line\nbreak", String(repeating: "é", count: 128)] {
                let refused = await serviceError {
                    try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: name))
                }
                #expect(refused?.kind == .invalidRequest && refused?.field == "fileName", "\(name): \(String(describing: refused))")
            }
            let missingCase = await serviceError {
                try await service.startUpload(officer, UploadRequest(caseReference: "CR-404", fileName: "g.bin"))
            }
            #expect(missingCase?.kind == .notFound)
        }
    }

    @Test("another user can neither see, append to, finish nor abort an upload: to them it does not exist")
    func otherUsers() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            try bed.addUser("analyst", roles: ["investigator"])
            try bed.grant("CR-1", "analyst")
            let service = try bed.uploadService()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let analyst = try await service.signIn(userName: "analyst", passphrase: bed.passphrase)
            let bytes = [UInt8](randomData(10_000))
            let upload = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "h.bin"))
            _ = try await service.appendUpload(officer, id: upload.id, offset: 0, chunks: chunkStream(bytes[0..<4000], size: 1000))

            let unknown = await serviceError { try await service.uploadStatus(analyst, id: "upl_00000000000000000000000000000000") }
            let status = await serviceError { try await service.uploadStatus(analyst, id: upload.id) }
            let append = await serviceError {
                try await service.appendUpload(analyst, id: upload.id, offset: 4000, chunks: chunkStream(bytes[4000...], size: 1000))
            }
            let finish = await serviceError { try await service.finishUpload(analyst, id: upload.id) }
            let abort = await serviceError { try await service.abortUpload(analyst, id: upload.id) }
            for refused in [status, append, finish, abort] {
                #expect(refused?.kind == .notFound && refused == unknown, "\(String(describing: refused))")
            }
            // The analyst may add to the case: their own upload works.
            let theirs = try await service.startUpload(analyst, UploadRequest(caseReference: "CR-1", fileName: "i.bin"))
            #expect(theirs.id != upload.id)

            // Untouched for its owner, who finishes it.
            #expect(try await service.uploadStatus(officer, id: upload.id).offset == 4000)
            _ = try await service.appendUpload(officer, id: upload.id, offset: 4000, chunks: chunkStream(bytes[4000...], size: 1000))
            let result = try await service.finishUpload(officer, id: upload.id)
            #expect(result.items.first?.sha256 == Hex.encode(try SHA256.hash(bytes)))
        }
    }

    @Test("aborting removes the spool; an expired upload is swept when the next one starts")
    func abortAndExpiry() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            let clock = TestClock()
            let service = try bed.uploadService(clock: clock) { $0.uploadLifetime = 600 }
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let bytes = [UInt8](randomData(5000))

            let aborted = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "j.bin"))
            _ = try await service.appendUpload(officer, id: aborted.id, offset: 0, chunks: chunkStream(bytes[...], size: 1000))
            #expect(bed.spoolFiles().count == 1)
            try await service.abortUpload(officer, id: aborted.id)
            #expect(bed.spoolFiles().isEmpty)
            let gone = await serviceError { try await service.uploadStatus(officer, id: aborted.id) }
            #expect(gone?.kind == .notFound)

            let idle = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "k.bin"))
            _ = try await service.appendUpload(officer, id: idle.id, offset: 0, chunks: chunkStream(bytes[...], size: 1000))
            let spool = try #require(bed.spoolFiles().first)
            // A spool no service holds (left by a process that ended), last written long ago.
            let orphan = ((spool as NSString).deletingLastPathComponent as NSString).appendingPathComponent("upl_0123456789abcdef")
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: orphan))
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-2 * 86_400)], ofItemAtPath: orphan)

            clock.advance(601)
            let expired = await serviceError { try await service.uploadStatus(officer, id: idle.id) }
            #expect(expired?.kind == .notFound)
            let next = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "l.bin"))
            let left = bed.spoolFiles()
            #expect(left.count == 1 && left.first?.hasSuffix(next.id) == true, "\(left)")
            #expect(!FileManager.default.fileExists(atPath: spool) && !FileManager.default.fileExists(atPath: orphan))
        }
    }

    @Test("one request writes to an upload at a time; a user has a bounded number of uploads open")
    func oneWriterAtATime() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            let service = try bed.uploadService { $0.maxOpenUploadsPerUser = 2 }
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let bytes = [UInt8](randomData(2000))
            let upload = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "m.bin",
                                                                              declaredSize: 2000))
            let (slow, client) = AsyncStream.makeStream(of: [UInt8].self)
            let writing = Task { try await service.appendUpload(officer, id: upload.id, offset: 0, chunks: slow) }
            // A finish refuses without taking the upload; its field says whether a writer holds it.
            var holder: ServiceError?
            for _ in 0..<500 {
                holder = await serviceError { try await service.finishUpload(officer, id: upload.id) }
                if holder?.field == "upload" { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(holder?.kind == .conflict && holder?.field == "upload", "\(String(describing: holder))")
            let second = await serviceError {
                try await service.appendUpload(officer, id: upload.id, offset: 0, chunks: chunkStream(bytes[...], size: 500))
            }
            #expect(second?.kind == .conflict && second?.message.contains("Another request") == true,
                    "\(String(describing: second))")
            let abort = await serviceError { try await service.abortUpload(officer, id: upload.id) }
            #expect(abort?.kind == .conflict)
            client.yield(Array(bytes[0..<1000]))
            client.finish()
            #expect(try await writing.value.offset == 1000)
            #expect(try fileSize(try #require(bed.spoolFiles().first)) == 1000)

            let another = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "n.bin"))
            let third = await serviceError {
                try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "o.bin"))
            }
            #expect(third?.kind == .conflict && third?.field == "upload", "\(String(describing: third))")
            #expect(bed.spoolFiles().count == 2)
            try await service.abortUpload(officer, id: another.id)
            _ = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "o.bin"))
        }
    }

    @Test("a disk that fills during an append: the offset stays at what was durable, and a resumed upload hashes right",
          .enabled(if: TmpfsSupport.available, "needs root and mount(8) for a small tmpfs"))
    func diskFullThenResumed() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            let service = try bed.uploadService()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let original = [UInt8](randomData(3 << 20))
            let sha256 = Hex.encode(try SHA256.hash(original))
            let upload = try await service.startUpload(officer, UploadRequest(caseReference: "CR-1", fileName: "p.bin",
                                                                              declaredSize: Int64(original.count)))
            let spool = try #require(bed.spoolFiles().first)
            let folder = (spool as NSString).deletingLastPathComponent
            try FileManager.default.removeItem(atPath: spool)
            // Room for the first append and one batch of the second, not for all of it.
            try #require(TmpfsSupport.mountTmpfs(at: folder, bytes: 2 << 20), "mount -t tmpfs failed")
            defer { TmpfsSupport.unmount(folder) }
            // The upload's file is made again on the small disk, as it was: empty.
            try Data().write(to: URL(fileURLWithPath: spool))

            _ = try await service.appendUpload(officer, id: upload.id, offset: 0, chunks: chunkStream(original[0..<300_000], size: 50_000))
            let full = await serviceError {
                try await service.appendUpload(officer, id: upload.id, offset: 300_000,
                                               chunks: chunkStream(original[300_000...], size: 256 << 10))
            }
            #expect(full?.kind == .storage && full?.message.contains("full") == true, "\(String(describing: full))")
            #expect(try await service.uploadStatus(officer, id: upload.id).offset == 300_000)

            // Room again: the next append cuts the file back to the offset, hashes it again from
            // the disk (the running hash had taken in bytes that were lost), and goes on.
            try #require(remountTmpfs(folder, bytes: 16 << 20), "mount -o remount failed")
            _ = try await service.appendUpload(officer, id: upload.id, offset: 300_000,
                                               chunks: chunkStream(original[300_000...], size: 256 << 10))
            let result = try await service.finishUpload(officer, id: upload.id, expectedSHA256: sha256)
            #expect(result.items.first?.sha256 == sha256)
            #expect(bed.spoolFiles().isEmpty)
        }
    }
}

extension CLITestbed {
    /// The service with room to move its clock past an upload's lifetime without ending the
    /// sign-in, configured further by `configure`.
    func uploadService(clock: TestClock = TestClock(),
                       _ configure: (inout EvidenceService.Configuration) -> Void = { _ in }) throws -> EvidenceService {
        var configuration = EvidenceService.Configuration(repositoryPath: repo, stateRoot: state, signInLifetime: 30 * 86_400,
                                                          indexing: .atNextSearch)
        configure(&configuration)
        return try EvidenceService(configuration, now: { clock.now() })
    }

    /// The files in this host's folder of uploads, where uploads wait as plaintext.
    func spoolFiles() -> [String] {
        let paths = (try? FileManager.default.subpathsOfDirectory(atPath: state)) ?? []
        return paths.filter { ($0 as NSString).deletingLastPathComponent.hasSuffix("uploads") }
            .map { (state as NSString).appendingPathComponent($0) }
            .sorted()
    }
}

/// `bytes` in chunks of `size`, as a server hands a request's body over; with `thenFail`,
/// the sequence ends with an error after the last one, as when the client goes away.
func chunkStream(_ bytes: ArraySlice<UInt8>, size: Int, thenFail: Bool = false) -> AsyncThrowingStream<[UInt8], Error> {
    AsyncThrowingStream { continuation in
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = min(start + size, bytes.endIndex)
            continuation.yield(Array(bytes[start..<end]))
            start = end
        }
        continuation.finish(throwing: thenFail ? ClientWentAway() : nil)
    }
}

/// The same as slices, which the service takes as well.
func sliceStream(_ bytes: ArraySlice<UInt8>, size: Int) -> AsyncStream<ArraySlice<UInt8>> {
    AsyncStream { continuation in
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = min(start + size, bytes.endIndex)
            continuation.yield(bytes[start..<end])
            start = end
        }
        continuation.finish()
    }
}

struct ClientWentAway: Error {}

func fileSize(_ path: String) throws -> Int64 {
    try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber).int64Value
}

func permissions(_ path: String) throws -> Int {
    try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber).intValue & 0o777
}

/// Gives a tmpfs mounted by `TmpfsSupport` a new size.
func remountTmpfs(_ path: String, bytes: Int) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/usr/bin/mount")
                                ? "/usr/bin/mount" : "/bin/mount")
    process.arguments = ["-o", "remount,size=\(bytes)", path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}
