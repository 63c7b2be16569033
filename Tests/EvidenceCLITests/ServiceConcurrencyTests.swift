import EvidenceService
import EvidenceStore
import Foundation
import Testing

/// Many requests at once through one service, as a server makes them: concurrent adds of
/// several users share group commits, and nobody sees what their grants do not allow.
@Suite("Service: concurrent requests")
struct ServiceConcurrencyTests {
    /// One add a task made, as the service reported it.
    struct Added: Sendable {
        let user: String
        let caseReference: String
        let item: AddedItem
        let word: String
    }

    /// One add a task will make: who, where, which file, and the word only that file holds.
    struct Planned: Sendable {
        let user: String
        let caseReference: String
        let path: String
        let copy: String
        let word: String
        let text: String
    }

    static let cases: [String: [String]] = ["officer": ["CR-1", "CR-2"], "ann": ["CR-1"], "ben": ["CR-2"], "cat": ["CR-1", "CR-2"]]
    static let users = ["officer", "ann", "ben", "cat"]

    static func query(_ text: String) -> SearchQuery {
        var query = SearchQuery(text: text)
        query.reason = "checking the upload"
        return query
    }

    @Test("32 tasks as 4 users add, read back and search at once: nothing lost or corrupted, each sees only their cases, fewer checkpoints than adds")
    func thirtyTwoTasksFourUsers() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.initRepository()
            try bed.createCase("CR-1")
            try bed.createCase("CR-2")
            for name in ["ann", "ben", "cat"] { try bed.addUser(name, roles: ["investigator"]) }
            try bed.grant("CR-1", "ann")
            try bed.grant("CR-2", "ben")
            try bed.grant("CR-1", "cat")
            try bed.grant("CR-2", "cat")
            let tasks = 32, addsPerTask = 3
            var plans: [[Planned]] = []
            for task in 0..<tasks {
                let user = Self.users[task % Self.users.count]
                let allowed = try #require(Self.cases[user])
                var mine: [Planned] = []
                for index in 0..<addsPerTask {
                    let word = "tok\(task)t\(index)"
                    let text = "Statement \(task).\(index) by \(user): the word \(word) appears here only.\n"
                    mine.append(Planned(user: user, caseReference: allowed[(task + index) % allowed.count],
                                        path: try bed.write("in/t\(task)/f\(index).txt", text),
                                        copy: bed.path("io/t\(task)-f\(index).txt"), word: word, text: text))
                }
                plans.append(mine)
            }

            let service = try bed.service()
            var contexts: [String: UserContext] = [:]
            for name in Self.users { contexts[name] = try await service.signIn(userName: name, passphrase: bed.passphrase) }
            let signedIn = contexts

            let added = try await withThrowingTaskGroup(of: [Added].self) { group in
                for mine in plans {
                    let context = try #require(signedIn[mine[0].user])
                    group.addTask {
                        var reported: [Added] = []
                        for plan in mine {
                            let result = try await service.add(context, AddRequest(caseReference: plan.caseReference, paths: [plan.path]),
                                                               wait: 120)
                            #expect(result.items.count == 1 && result.refused.isEmpty, "\(result)")
                            let item = try #require(result.items.first)
                            reported.append(Added(user: plan.user, caseReference: plan.caseReference, item: item, word: plan.word))
                            let detail = try await service.item(context, id: item.id, wait: 120)
                            #expect(detail.item.sha256 == item.sha256 && detail.caseReference == plan.caseReference)
                            _ = try await service.download(context, itemID: item.id, to: plan.copy, reason: "checking the upload",
                                                           wait: 120)
                            #expect(FileManager.default.contents(atPath: plan.copy) == Data(plan.text.utf8))
                        }
                        let found = try await service.search(context, Self.query(mine[0].word), wait: 120)
                        #expect(found.result.hits.map(\.itemID) == [reported[0].item.id], "\(found.result.hits)")
                        return reported
                    }
                }
                var all: [Added] = []
                for try await reported in group { all += reported }
                return all
            }
            #expect(added.count == tasks * addsPerTask)
            #expect(Set(added.map(\.item.id)).count == added.count)
            let counts = service.commitGroup.counts
            print("[evidence-service] \(added.count) adds, \(counts.entries) entries, \(counts.checkpoints) checkpoints")
            #expect(counts.checkpoints < added.count, "checkpoints \(counts.checkpoints) for \(added.count) adds")

            // Each user sees exactly the items of their cases, and nothing of the others.
            let officer = try #require(signedIn["officer"])
            let references = Dictionary(uniqueKeysWithValues: try await service.cases(officer).map { ($0.id, $0.reference ?? $0.id) })
            for name in Self.users {
                let context = try #require(signedIn[name])
                var listed: [ItemRecord] = []
                var after: String?
                repeat {
                    let page = try await service.items(context, after: after, limit: 25)
                    listed += page.items
                    after = page.nextAfter
                } while after != nil
                let allowed = Set(try #require(Self.cases[name]))
                let expected = Set(added.filter { allowed.contains($0.caseReference) }.map(\.item.id))
                #expect(Set(listed.map(\.id)) == expected, "\(name) lists what their cases hold")
                #expect(listed.allSatisfy { allowed.contains(references[$0.caseID] ?? "?") })
                for other in added where !allowed.contains(other.caseReference) {
                    let hidden = await serviceError { try await service.item(context, id: other.item.id) }
                    #expect(hidden?.kind == .notFound && hidden?.message == "No item \(other.item.id) exists in this repository.")
                    let search = try await service.search(context, Self.query(other.word), wait: 120)
                    #expect(search.result.hits.isEmpty, "\(name) found \(other.word) of \(other.caseReference)")
                    break
                }
            }
            for context in signedIn.values { service.signOut(context) }

            // Another process, after the service is gone: every reported add is in the ledger,
            // which verifies.
            try bed.ok(["verify"])
            let listedByCLI = Set(try bed.listItems().compactMap { $0["id"] as? String })
            #expect(Set(added.map(\.item.id)).isSubset(of: listedByCLI))
        }
    }
}
