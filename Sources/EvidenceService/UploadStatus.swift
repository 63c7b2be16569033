import Foundation

/// Where an upload stands (a server's answer to `HEAD` or `PATCH`): the bytes stored so far
/// (the offset the next append must give), the size the client declared, and when the upload
/// is removed if nothing more arrives.
public struct UploadStatus: Sendable, Codable, Equatable {
    /// Unguessable, and meaningful only to the user who started the upload.
    public let id: String
    /// Bytes received and made durable: the next append starts here.
    public let offset: Int64
    public let declaredSize: Int64?
    /// The upload and its bytes are removed after this unless an append moves it on.
    public let expiresAt: Date
}
