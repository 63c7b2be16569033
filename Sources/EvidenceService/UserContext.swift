import Foundation

/// A signed-in user, as a front end holds them between requests: an opaque token (the
/// server keeps it in a cookie or hands it out as a bearer token) that names keys the
/// service holds, never the keys themselves.
public struct UserContext: Sendable, Hashable, Codable {
    /// 256 random bits, hex: unguessable, and meaningless once the sign-in ends.
    public let token: String
    public let userID: String
    public let userName: String
    /// When the sign-in ends whatever happens (its keys are dropped then).
    public let expiresAt: Date
}
