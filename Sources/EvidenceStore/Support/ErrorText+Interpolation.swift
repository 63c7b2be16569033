extension ErrorText {
    /// Builds the segments of an `ErrorText` literal. Ordinary values read the same in both
    /// renderings; fields and per-front-end wording get labelled interpolations.
    public struct StringInterpolation: StringInterpolationProtocol {
        var segments: [Segment] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            guard !literal.isEmpty else { return }
            segments.append(.text(literal))
        }

        public mutating func appendInterpolation<T>(_ value: T) {
            segments.append(.text(String(describing: value)))
        }

        /// Another sentence part, kept two-way (e.g. why a disposal is blocked).
        public mutating func appendInterpolation(_ text: ErrorText) {
            segments += text.segments
        }

        /// A field as something to supply: "--reason TEXT" for the CLI, "a reason" otherwise.
        public mutating func appendInterpolation(option field: EvidenceError.Field) {
            segments.append(.field(field, .option))
        }

        /// A field as the thing itself: "--reason" for the CLI, "the reason" otherwise.
        public mutating func appendInterpolation(name field: EvidenceError.Field) {
            segments.append(.field(field, .name))
        }

        /// Wording that differs per front end; the plain side defaults to saying nothing
        /// (for a hint that only makes sense on a command line).
        public mutating func appendInterpolation(cli: ErrorText, plain: ErrorText = "") {
            segments.append(.alternative(cli: cli.segments, plain: plain.segments))
        }
    }
}
