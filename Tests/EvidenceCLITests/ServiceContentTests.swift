import EvidenceService
import EvidenceStore
import Foundation
import Testing

/// Downloads as streams through the service (what a server's download sends): the read
/// recorded before the first byte, every byte as stored, a client that stops early, and a
/// damaged object ending the stream with an error rather than a normal end.
@Suite("Service: content streams")
struct ServiceContentTests {
    @Test("a streamed download gives the original bytes after recording the read; a client may stop early")
    func streamedDownload() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            let original = randomData(5 << 20)
            let service = try bed.service()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let item = try #require(try await service.add(officer, AddRequest(caseReference: "CR-1",
                                                                             paths: [try bed.write("in/big.bin", original)])).items.first)
            let download = try await service.openContent(officer, itemID: item.id, destination: "HTTP download", reason: "disclosure")
            #expect(download.item.sha256 == item.sha256 && download.item.size == Int64(original.count))
            var received = Data()
            var chunks = 0
            for try await chunk in download.chunks {
                received.append(contentsOf: chunk)
                chunks += 1
            }
            #expect(received == original)
            #expect(chunks > 1)
            let reads = try await service.events(officer, itemID: item.id, types: ["item.read"])
            #expect(reads.events.count == 1)

            // A client that goes away after one chunk: the reader stops, nothing hangs, and the
            // read stays recorded (it was, before the first byte).
            let early = try await service.openContent(officer, itemID: item.id, destination: "HTTP download", reason: "preview")
            var iterator = early.chunks.makeAsyncIterator()
            #expect(try await iterator.next() != nil)
            early.chunks.cancel()
            #expect(try await iterator.next() == nil)
            #expect(try await service.events(officer, itemID: item.id, types: ["item.read"]).events.count == 2)
        }
    }

    @Test("a damaged object: the stream ends with an integrity error, never a normal end")
    func damagedObject() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            let service = try bed.service()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let item = try #require(try await service.add(officer, AddRequest(caseReference: "CR-1",
                                                                             paths: [try bed.write("in/a.bin", randomData(300_000))])).items.first)
            let objects = bed.objectFiles()
            try #require(objects.count == 1, "\(objects)")
            let object = objects[0]
            var bytes = try bed.read(object)
            bytes[bytes.count / 2] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: object))
            let download = try await service.openContent(officer, itemID: item.id, destination: "HTTP download", reason: "checking")
            var failure: ServiceError?
            do {
                for try await _ in download.chunks {}
            } catch let error as ServiceError {
                failure = error
            }
            #expect(failure?.kind == .integrity, "\(String(describing: failure))")
            #expect(failure?.message.contains("failed its integrity check") == true)
            // Missing or unreadable: refused before anything is recorded.
            let missing = await serviceError {
                try await service.openContent(officer, itemID: "itm_00000000000000000000000000", destination: "x")
            }
            #expect(missing?.kind == .notFound)
        }
    }
}
