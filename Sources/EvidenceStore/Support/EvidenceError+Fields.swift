// The request fields library messages name. The flags are the CLI's (kept here so that
// a message names one only through a field); the keys are the service's request fields.
extension EvidenceError.Field {
    public static let reason = Self(key: "reason", flag: "--reason", placeholder: "TEXT", noun: "reason")
    public static let wait = Self(key: "wait", flag: "--wait", placeholder: "SECONDS", noun: "wait")
    public static let kind = Self(key: "kind", flag: "--kind", placeholder: "KIND", noun: "kind")
    public static let expectedSHA256 = Self(key: "expectedSHA256", flag: "--expect-sha256", placeholder: "HEX",
                                            noun: "expected SHA-256", article: "an")
    public static let to = Self(key: "to", flag: "--to", placeholder: "NAME", noun: "recipient")
    public static let seal = Self(key: "seal", flag: "--seal", placeholder: "TEXT", noun: "seal")
    public static let location = Self(key: "location", flag: "--location", placeholder: "TEXT", noun: "location")
    /// Replacing an existing output file (the service's `replacing`).
    public static let force = Self(key: "replacing", flag: "--force", placeholder: nil, noun: "permission to replace")
    public static let kdfCost = Self(key: "kdfCost", flag: "--kdf-cost", placeholder: "N", noun: "key-derivation cost")
    public static let chunkSize = Self(key: "chunkSize", flag: "--chunk-size", placeholder: "BYTES", noun: "chunk size")
    public static let label = Self(key: "label", flag: "--label", placeholder: "TEXT", noun: "label")
    public static let clearance = Self(key: "clearance", flag: "--clearance", placeholder: "LEVEL", noun: "clearance")
    public static let role = Self(key: "role", flag: "--role", placeholder: "ROLE", noun: "role")
    public static let date = Self(key: "date", flag: "--date", placeholder: "DATE", noun: "date")
    public static let released = Self(key: "released", flag: "--released", placeholder: "DATE", noun: "release date")
    public static let decision = Self(key: "decision", flag: "--decision", placeholder: "DECISION", noun: "decision")
    public static let nextReview = Self(key: "nextReview", flag: "--next-review", placeholder: "DATE", noun: "next review date")
    public static let hold = Self(key: "hold", flag: "--hold", placeholder: "ID", noun: "hold")
    public static let verifierKey = Self(key: "verifierKey", flag: "--verifier-key", placeholder: "KEY", noun: "verifier key")
    public static let exhibitRef = Self(key: "exhibitRef", flag: "--exhibit-ref", placeholder: "REF",
                                        noun: "exhibit reference", article: "an")
    public static let description = Self(key: "description", flag: "--description", placeholder: "TEXT", noun: "description")
    public static let seizedBy = Self(key: "seizedBy", flag: "--seized-by", placeholder: "NAME", noun: "name of who seized it")
    public static let classification = Self(key: "classification", flag: "--classification", placeholder: "LEVEL",
                                            noun: "classification")
    public static let seizedAt = Self(key: "seizedAt", flag: "--seized-at", placeholder: "ISO8601", noun: "seizure time")
    public static let reviewDate = Self(key: "reviewDate", flag: "--review-date", placeholder: "DATE", noun: "review date")
    public static let storageLocation = Self(key: "storageLocation", flag: "--storage-location", placeholder: "TEXT",
                                             noun: "storage location")
}
