extension EvidenceError {
    /// The request field a failure is about, named the two ways a sentence can name it: as
    /// the CLI's flag ("--reason TEXT") and as a plain noun ("a reason"), so one message
    /// serves the CLI and any other front end; `key` is the stable name a structured
    /// response carries (the service's request field, e.g. "expectedSHA256").
    public struct Field: Sendable, Hashable {
        /// Stable lower camel-case name ("reason", "expectedSHA256").
        public let key: String
        /// The CLI's option ("--reason").
        public let flag: String
        /// The CLI's placeholder for its value ("TEXT"); nil for a switch such as --force.
        public let placeholder: String?
        /// What it is in plain words ("reason", "release date").
        public let noun: String
        /// "a" or "an", for the noun as something to supply.
        public let article: String

        public init(key: String, flag: String, placeholder: String?, noun: String, article: String = "a") {
            self.key = key
            self.flag = flag
            self.placeholder = placeholder
            self.noun = noun
            self.article = article
        }

        func cliSpelling(_ mention: ErrorText.Mention) -> String {
            switch mention {
            case .option: return placeholder.map { "\(flag) \($0)" } ?? flag
            case .name: return flag
            }
        }

        func plainSpelling(_ mention: ErrorText.Mention) -> String {
            switch mention {
            case .option: return "\(article) \(noun)"
            case .name: return "the \(noun)"
            }
        }
    }
}
