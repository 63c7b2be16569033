import EvidenceService
import EvidenceStore
import Foundation
import Testing

/// Proofs, retention, amendments, users, membership and the policy, called as a server would
/// call them (the repository set up with the binary); what the CLI prints of them is the
/// CLI tests' business.
@Suite("Service: proofs, retention, amendments, users and policy")
struct ServiceRecordsTests {
    @Test("item proofs check against the checkpoint they name; a consistency proof runs from an older checkpoint without a sign-in")
    func proofs() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            let older = try bed.write("older-checkpoint", try bed.ok(["checkpoint"]).stdout)
            let service = try bed.service()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let item = try #require(try await service.add(officer, AddRequest(caseReference: "CR-1",
                                                                             paths: [try bed.write("in/a.txt", "proof me")])).items.first).id
            _ = try await service.item(officer, id: item)

            let proofs = try await service.itemProofs(officer, itemID: item)
            #expect(proofs.item == item && !proofs.proofs.isEmpty)
            let root = try #require(Hex.decode(proofs.checkpoint.rootHash))
            for proof in proofs.proofs {
                let entry = try #require(Base64.decode(proof.entry))
                #expect(Hex.encode(try Merkle.leafHash(entry)) == proof.leafHash)
                try Merkle.verifyInclusion(leafIndex: proof.leafIndex, treeSize: proof.treeSize,
                                           leafHash: try Merkle.leafHash(entry),
                                           proof: proof.auditPath.compactMap(Hex.decode), root: root)
            }
            #expect(proofs.checkpoint.signedNote.contains("\n\(proofs.checkpoint.treeSize)\n"))

            let report = try await service.consistencyProof(checkpointFile: older)
            #expect(report.oldSize < report.newSize && report.newSize == proofs.checkpoint.treeSize)
            #expect(report.oldVerifierKey == report.checkpoint.verifierKey)
            let tampered = try bed.write("tampered-checkpoint", String(decoding: try bed.read(older), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: "\nx", options: [], range: nil))
            let refused = await serviceError { try await service.consistencyProof(checkpointFile: tampered) }
            #expect(refused?.kind == .integrity, "\(String(describing: refused))")
            // A hidden item's proofs are refused as if it did not exist.
            let missing = await serviceError { try await service.itemProofs(officer, itemID: "itm_00000000000000000000000000") }
            #expect(missing?.kind == .notFound)
        }
    }

    @Test("retention dates, reviews and what is due; an amendment keeps the original; a disposal a hold blocks is a conflict")
    func retentionAndAmendments() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.disposalCase()
            let service = try bed.service()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let exo = try await service.signIn(userName: "exo", passphrase: bed.passphrase)
            let item = try #require(try await service.add(officer, AddRequest(caseReference: "CR-1",
                                                                             paths: [try bed.write("in/a.txt", "review me")])).items.first).id
            let day = try #require(CalendarDate(parsing: "2025-06-01"))
            let set = try await service.setReviewDate(officer, target: item, date: day, reason: "policy review")
            #expect(set.item?.id == item && set.reviewDate == day)
            let due = try await service.retentionDue(officer, asOf: try #require(CalendarDate(parsing: "2025-06-02")))
            #expect(due.contains { $0.itemID == item && $0.reviewDate == "2025-06-01" })
            #expect(try await service.retentionDue(officer, asOf: try #require(CalendarDate(parsing: "2025-05-31"))).isEmpty)
            let reviewed = try await service.reviewRetention(exo, itemID: item, decision: "dispose", reason: "no longer needed")
            #expect(reviewed.reviewDecision == "dispose")

            var amendment = ItemAmendment()
            amendment.exhibitRef = "JS/1"
            amendment.description = "Printed note"
            let amended = try await service.amend(officer, itemID: item, amendment, reason: "exhibit label")
            #expect(amended.exhibitRef == "JS/1" && amended.description == "Printed note")
            var bad = ItemAmendment()
            bad.classification = "TOP-SECRET"
            let refused = await serviceError { try await service.amend(officer, itemID: item, bad) }
            #expect(refused?.kind == .invalidRequest && refused?.field == "classification")
            // Checks made before any work starts are the service's errors too, worded without flags.
            var badDate = AddRequest(caseReference: "CR-1", paths: [try bed.write("in/b.txt", "b")])
            badDate.reviewDate = "soon"
            let dated = await serviceError { try await service.add(officer, badDate) }
            #expect(dated?.kind == .invalidRequest && dated?.field == "reviewDate")
            #expect(dated?.message == "The review date takes a date as YYYY-MM-DD, not soon.")
            let unexplained = await serviceError { try await service.transferCustody(exo, itemID: item, to: "Lab", reason: nil) }
            #expect(unexplained?.kind == .invalidRequest && unexplained?.field == "reason")
            #expect(unexplained?.message.contains("--") == false)
            let events = try await service.events(officer, itemID: item, types: ["item.amended"])
            #expect(events.events.count == 1)

            _ = try await service.placeHold(officer, on: item, reason: "appeal lodged")
            let blocked = await serviceError { try await service.dispose(exo, itemID: item, reason: "review said dispose") }
            #expect(blocked?.kind == .conflict, "\(String(describing: blocked))")
            #expect(blocked?.message.contains("under legal hold") == true)
            let created = try await service.createCase(officer, reference: "CR-9", title: "Burglary", classification: .official)
            #expect(created.reference == "CR-9" && created.status == nil)
            let status = try await service.setCaseStatus(officer, reference: "CR-9", status: .charged,
                                                         date: try #require(CalendarDate(parsing: "2024-03-01")), reason: "charged")
            #expect(status.status == "charged" && status.statusDate == "2024-03-01")
        }
    }

    @Test("users are invited, listed and disabled; membership and the policy through the service, refused to whom the policy refuses")
    func usersMembershipAndPolicy() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            let service = try bed.service()
            let admin = try await service.signIn(userName: bed.adminName, passphrase: bed.passphrase)
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)

            let invitation = try await service.inviteUser(admin, name: "analyst", roles: ["investigator"], clearance: "SC",
                                                          kdfCost: 10, reason: "new starter")
            #expect(invitation.name == "analyst" && !invitation.enrolmentCode.isEmpty)
            #expect(try await service.users(admin).first { $0.name == "analyst" }?.state == "invited")
            let notAdmin = await serviceError {
                try await service.inviteUser(officer, name: "mallory", roles: ["investigator"], clearance: "SC", kdfCost: 10)
            }
            #expect(notAdmin?.kind == .denied)
            try bed.enrol("analyst", code: invitation.enrolmentCode)

            try await service.grant(officer, caseReference: "CR-1", userName: "analyst", role: "investigator")
            let analyst = try await service.signIn(userName: "analyst", passphrase: bed.passphrase)
            #expect(try await service.cases(analyst).map(\.reference) == ["CR-1"])
            let explained = try await service.explain(analyst, userName: "analyst", action: .readContent, target: "CR-1")
            #expect(explained.outcome == "allowed" && !explained.rule.isEmpty)
            let otherUser = await serviceError { try await service.explain(analyst, userName: "officer", action: .readContent, target: "CR-1") }
            #expect(otherUser?.kind == .denied)

            try await service.revoke(officer, caseReference: "CR-1", userName: "analyst", reason: "left the team")
            #expect(try await service.rekey(officer, caseReference: "CR-1", reason: "after revocation") == 2)
            #expect(try await service.cases(analyst).isEmpty)

            let policy = try await service.policy(admin)
            #expect(policy.seq > 0 && policy.sha256.count == 64 && policy.text?.isEmpty == false)
            let hash = try await service.applyPolicy(admin, text: try #require(policy.text), reason: "re-applied")
            #expect(hash == policy.sha256)
            #expect(try await service.policy(admin).seq > policy.seq)

            try await service.disableUser(admin, name: "analyst", reason: "left the force")
            let disabled = await serviceError { try await service.cases(analyst) }
            #expect(disabled?.kind == .denied || disabled?.kind == .unauthenticated, "\(String(describing: disabled))")
            #expect(try await service.users(admin).first { $0.name == "analyst" }?.state == "disabled")
        }
    }
}
