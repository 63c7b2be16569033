import EvidenceStore

/// An upload to begin (a server's `POST` of a new upload): the case and what is recorded
/// about the item, as an add takes them, with the file's name as the client gives it, and
/// what the client says of its bytes.
public struct UploadRequest: Sendable, Codable, Equatable {
    /// The case and the item's metadata. Its paths stay empty: the bytes come through
    /// `appendUpload`. Its `expectedSHA256`, when set, is checked at `finishUpload`.
    public var item: AddRequest
    /// The name recorded for the item (the client's file name; never a name on disk).
    public var fileName: String
    /// The whole upload's size in bytes, when the client knows it: an append beyond it is
    /// refused, and finishing requires it.
    public var declaredSize: Int64?

    public init(_ item: AddRequest, fileName: String, declaredSize: Int64? = nil) {
        self.item = item
        self.fileName = fileName
        self.declaredSize = declaredSize
    }

    public init(caseReference: String, fileName: String, declaredSize: Int64? = nil) {
        self.init(AddRequest(caseReference: caseReference, paths: []), fileName: fileName, declaredSize: declaredSize)
    }

    /// The longest name accepted, in bytes of UTF-8 (what most file systems allow).
    static let maxNameBytes = 255

    /// Refuses a name that could not be a file's own name: empty, `.` or `..`, holding `/`,
    /// NUL or another control character, or longer than 255 bytes. It is recorded, shown and
    /// offered as a download's name, never used on this host's disk.
    static func validate(fileName: String) throws {
        guard !fileName.isEmpty, fileName != ".", fileName != ".." else {
            throw ServiceError(.invalidRequest, "The file name must name a file: it is empty, or a dot name.", field: "fileName")
        }
        guard fileName.utf8.count <= maxNameBytes else {
            throw ServiceError(.invalidRequest, "The file name is limited to \(maxNameBytes) bytes of UTF-8.", field: "fileName")
        }
        guard !fileName.unicodeScalars.contains(where: { $0 == "/" || $0.properties.generalCategory == .control }) else {
            throw ServiceError(.invalidRequest, "The file name must not contain a slash or control characters.",
                               field: "fileName")
        }
    }
}
