@testable import EvidenceService
import EvidenceStore
import Foundation
import Testing

/// Sign-in through the service: one scrypt, keys held for a bounded time and let go (and so
/// wiped) on sign-out or expiry, the same refusal for a wrong passphrase and an unknown user,
/// and a user disabled meanwhile shut out at their next request.
@Suite("Service: sign-in")
struct ServiceSignInTests {
    @Test("sign-out and expiry drop the keys: the secrets are released (wiped), and the context no longer works")
    func keysAreDropped() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase("CR-1")
            let clock = TestClock()
            let service = try bed.service(lifetime: 600, clock: clock)

            // Sign-out.
            let first = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            #expect(first.userName == "officer" && first.token.count == 64)
            _ = try await service.items(first, caseReference: "CR-1")
            weak var sealing: SecretBytes?
            weak var signing: SecretBytes?
            do {
                let held = try service.signedIn(first).keyMaterial
                try #require(held.count == 2)
                sealing = held[0]
                signing = held[1]
            }
            #expect(sealing != nil && signing != nil)
            service.signOut(first)
            #expect(sealing == nil && signing == nil, "the keys outlived the sign-out")
            let afterSignOut = await serviceError { try await service.items(first, caseReference: "CR-1") }
            #expect(afterSignOut?.kind == .unauthenticated)

            // Expiry.
            let second = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            _ = try await service.item(second, id: try bed.addOne(try bed.write("in/a.txt", "alpha")))
            weak var expiring: SecretBytes?
            do { expiring = try service.signedIn(second).keyMaterial.first }
            clock.advance(599)
            _ = try await service.items(second, caseReference: "CR-1")
            #expect(expiring != nil)
            clock.advance(2)
            let expired = await serviceError { try await service.items(second, caseReference: "CR-1") }
            #expect(expired?.kind == .unauthenticated && expired?.message == "This sign-in has ended or expired; sign in again.")
            #expect(expiring == nil, "the keys outlived the expiry")
            #expect(service.signedInCount == 0)

            // A context made up or altered is no sign-in.
            let third = try await service.signIn(userName: "officer", passphrase: bed.passphrase)
            let forged = UserContext(token: String(repeating: "0", count: 64), userID: third.userID, userName: "officer",
                                     expiresAt: third.expiresAt)
            #expect(await serviceError { try await service.cases(forged) }?.kind == .unauthenticated)
            let stretched = UserContext(token: third.token, userID: third.userID, userName: "officer",
                                        expiresAt: third.expiresAt.addingTimeInterval(86_400))
            #expect(await serviceError { try await service.cases(stretched) }?.kind == .unauthenticated)
            #expect(try await service.cases(third).map(\.reference) == ["CR-1"])
        }
    }

    @Test("a wrong passphrase and an unknown user are refused alike; a user disabled after signing in is shut out")
    func refusals() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase("CR-1")
            try bed.addUser("ann", roles: ["investigator"])
            try bed.grant("CR-1", "ann")
            let service = try bed.service()
            let wrong = await serviceError { try await service.signIn(userName: "ann", passphrase: "not her passphrase") }
            let unknown = await serviceError { try await service.signIn(userName: "nobody", passphrase: bed.passphrase) }
            #expect(wrong?.kind == .unauthenticated && wrong == unknown && wrong?.message == "Wrong passphrase or unknown user.")

            let ann = try await service.signIn(userName: "ann", passphrase: bed.passphrase)
            #expect(try await service.items(ann, caseReference: "CR-1").items.isEmpty)
            try bed.ok(["user", "disable", "ann", "--reason", "suspended"], environment: bed.asAdmin)
            let disabled = await serviceError { try await service.items(ann, caseReference: "CR-1") }
            #expect(disabled?.kind == .denied && disabled?.message == "ann is disabled and may not use this repository.")
            // And the sign-in is over.
            #expect(await serviceError { try await service.cases(ann) }?.kind == .unauthenticated)
            #expect(await serviceError { try await service.signIn(userName: "ann", passphrase: bed.passphrase) }?.kind == .denied)
        }
    }
}
