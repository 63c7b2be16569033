import EvidenceService
import EvidenceStore
import Foundation
import Testing

/// Holds, disposal, custody and access trimming decided in the service layer, called as a
/// server would call it (the repository set up with the binary).
@Suite("Service: holds, disposal, custody, access")
struct ServiceCaseworkTests {
    @Test("a hold blocks disposal until released; the case page lists the holds; disposal then destroys the content")
    func holdsAndDisposal() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.disposalCase()
            let service = try bed.service()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let exo = try await service.signIn(userName: "exo", passphrase: bed.passphrase)
            let added = try await service.add(officer, AddRequest(caseReference: "CR-1", paths: [try bed.write("in/a.txt", "held content")]))
            let item = try #require(added.items.first).id

            let hold = try await service.placeHold(officer, on: "CR-1", reason: "civil claim pending")
            #expect(hold.isActive && hold.reason == "civil claim pending")
            #expect(try await service.caseDetail(officer, reference: "CR-1").holds.map(\.id) == [hold.id])
            #expect(try await service.item(officer, id: item).holds.map(\.id) == [hold.id])
            let blocked = await serviceError { try await service.dispose(exo, itemID: item, reason: "retention period over") }
            #expect(blocked?.message.contains("case CR-1 is under legal hold \(hold.id)") == true, "\(String(describing: blocked))")
            #expect(blocked?.kind == .conflict)

            let released = try await service.releaseHold(officer, on: "CR-1", reason: "claim settled")
            #expect(released.id == hold.id && !released.isActive)
            #expect(try await service.caseDetail(officer, reference: "CR-1").holds.isEmpty)
            #expect(try await service.caseDetail(officer, reference: "CR-1", includingReleasedHolds: true).holds.map(\.id) == [hold.id])

            let disposal = try await service.dispose(exo, itemID: item, reason: "retention period over")
            #expect(disposal.items == [item] && disposal.objectsRemoved == 1)
            let gone = await serviceError {
                try await service.download(officer, itemID: item, to: bed.path("io/a.txt"), reason: "checking")
            }
            #expect(gone?.kind == .notFound && gone?.message.contains("was disposed of") == true)
            #expect(try await service.item(officer, id: item).item.isDisposed)
            try bed.ok(["verify"])
        }
    }

    @Test("custody hand-overs through the service, and nothing of a case a user is not in: same answer as for what does not exist")
    func custodyAndTrimming() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.disposalCase()
            let otherCase = try bed.createCase("CR-2")
            let service = try bed.service()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let exo = try await service.signIn(userName: "exo", passphrase: bed.passphrase)
            var request = AddRequest(caseReference: "CR-1", paths: [try bed.write("in/phone.bin", "extraction")])
            request.seizedBy = "PC 123 Smith"
            request.seal = "S-1"
            let exhibit = try #require(try await service.add(officer, request).items.first).id
            let hidden = try #require(try await service.add(officer, AddRequest(caseReference: "CR-2",
                                                                               paths: [try bed.write("in/b.txt", "other case")])).items.first).id

            let moved = try await service.transferCustody(exo, itemID: exhibit, to: "Forensic lab", reason: "for analysis",
                                                          seal: "S-2", location: "Lab store 4")
            #expect(moved.from == "PC 123 Smith" && moved.now == CustodyState(holder: "Forensic lab", seal: "S-2", location: "Lab store 4"))
            let history = try await service.custodyHistory(officer, itemID: exhibit)
            #expect(history.current.holder == "Forensic lab" && history.steps.map(\.kind).contains(.transferred))
            #expect(history.steps.first { $0.kind == .transferred }?.seq == Int64(moved.seq))

            // exo is not a member of CR-2: its item is "not there" by every route, worded as a made-up id is.
            let madeUp = "itm_01ZZZZZZZZZZZZZZZZZZZZZZZZ"
            let routes: [(String, @Sendable (String) async throws -> Void)] = [
                ("item", { _ = try await service.item(exo, id: $0) }),
                ("custody history", { _ = try await service.custodyHistory(exo, itemID: $0) }),
                ("hold", { _ = try await service.placeHold(exo, on: $0, reason: "x") }),
                ("dispose", { _ = try await service.dispose(exo, itemID: $0, reason: "x") }),
                ("transfer", { _ = try await service.transferCustody(exo, itemID: $0, to: "me", reason: "x") }),
            ]
            for (name, route) in routes {
                let real = await serviceError { try await route(hidden) }
                let fake = await serviceError { try await route(madeUp) }
                #expect(real?.kind == .notFound && fake?.kind == .notFound, "\(name)")
                #expect(real?.message.replacingOccurrences(of: hidden, with: "ID") == fake?.message.replacingOccurrences(of: madeUp, with: "ID"),
                        "\(name): \(String(describing: real)) / \(String(describing: fake))")
            }
            #expect(try await service.items(exo).items.map(\.id) == [exhibit])
            #expect(try await service.cases(exo).map(\.reference) == ["CR-1"])
            let page = try await service.events(exo, limit: 1000)
            #expect(!page.events.isEmpty && !page.events.contains { $0.itemID == hidden || $0.caseID == otherCase })
        }
    }
}
