/// The sentence of an `EvidenceError`, written once and rendered two ways: as the CLI says
/// it (naming its flags, "give --reason TEXT") and plainly for any other front end
/// ("give a reason"). It is built by string interpolation, where `\(option: .reason)` and
/// `\(name: .reason)` name a field and `\(cli: ..., plain: ...)` words a hint per front end,
/// so a flag never sits in a message as literal text (a test holds the library to this).
public struct ErrorText: Sendable, Equatable, ExpressibleByStringInterpolation {
    /// One piece of the sentence.
    indirect enum Segment: Sendable, Equatable {
        /// Said the same by every front end.
        case text(String)
        /// A request field, spelled per front end.
        case field(EvidenceError.Field, Mention)
        /// Wording that differs per front end (a hint that names a flag, say).
        case alternative(cli: [Segment], plain: [Segment])
    }

    /// How a sentence mentions a field.
    enum Mention: Sendable, Equatable {
        /// As something to supply: "--reason TEXT" / "a reason".
        case option
        /// As the thing itself: "--reason" / "the reason".
        case name
    }

    let segments: [Segment]

    init(segments: [Segment]) { self.segments = segments }

    public init(stringLiteral value: String) { segments = [.text(value)] }

    public init(stringInterpolation: StringInterpolation) { segments = stringInterpolation.segments }

    /// The sentence as the CLI prints it, flags and all (exactly as before fields existed).
    public var cli: String { Self.render(segments, cli: true) }

    /// The sentence with no CLI flag in it, for the service and the server.
    public var plain: String { Self.render(segments, cli: false) }

    private static func render(_ segments: [Segment], cli: Bool) -> String {
        var out = ""
        append(segments, cli: cli, to: &out)
        return out
    }

    private static func append(_ segments: [Segment], cli: Bool, to out: inout String) {
        for segment in segments {
            switch segment {
            case .text(let text):
                out += text
            case .field(let field, let mention):
                let spelled = cli ? field.cliSpelling(mention) : field.plainSpelling(mention)
                // A plain name that opens the sentence ("The reason is ...") takes a capital;
                // a flag never does, so the CLI sentence stays as it always was.
                out += !cli && startsSentence(out) ? spelled.prefix(1).uppercased() + spelled.dropFirst() : spelled
            case .alternative(let cliSegments, let plainSegments):
                append(cli ? cliSegments : plainSegments, cli: cli, to: &out)
            }
        }
    }

    private static func startsSentence(_ text: String) -> Bool {
        text.isEmpty || text.hasSuffix(". ")
    }
}
