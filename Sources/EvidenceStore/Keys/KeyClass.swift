/// The key classes of a case (docs/FORMAT.md §5.4): class 0, the case key, seals what belongs to
/// the case as a whole (its creation, memberships, statuses, holds on the case); classes 1-6,
/// one per visibility class of material (classification and sensitivity), seal items, their
/// objects and every entry about them, and the record of a search by the class of what it found.
/// A member holds the case key and the keys of the classes they may see, nothing more.
public struct KeyClass: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let index: UInt8

    public static let caseKey = KeyClass(index: 0)
    /// Every class, case key first.
    public static let all: [KeyClass] = (0...6).map { KeyClass(index: $0) }

    init(index: UInt8) { self.index = index }

    public init?(exactly index: Int64) {
        guard (0...6).contains(index) else { return nil }
        self.index = UInt8(index)
    }

    /// The class of material of this classification and sensitivity: 1 + 2 × the
    /// classification's rank (OFFICIAL 0, OFFICIAL-SENSITIVE 1, SECRET 2) + 1 if sensitive.
    public init(classification: Classification, sensitive: Bool) {
        let rank = Classification.allCases.firstIndex(of: classification) ?? 0
        index = UInt8(1 + 2 * rank + (sensitive ? 1 : 0))
    }

    /// The classification and sensitivity of a material class (nil for the case key).
    public var material: (classification: Classification, sensitive: Bool)? {
        guard index > 0 else { return nil }
        let rank = Int(index - 1) / 2
        guard rank < Classification.allCases.count else { return nil }
        return (Classification.allCases[rank], (index - 1) % 2 == 1)
    }

    public var description: String {
        guard let (classification, sensitive) = material else { return "case" }
        return sensitive ? "\(classification.rawValue) sensitive" : classification.rawValue
    }

    public static func < (a: KeyClass, b: KeyClass) -> Bool { a.index < b.index }

    // MARK: - Key ids

    /// Key generations stay below 2^24, so that a key id (class << 24 | generation) fits the
    /// u32 that sealed boxes and object headers carry.
    public static let maxGeneration: UInt32 = (1 << 24) - 1

    /// The key id of this class's key of a generation.
    public func keyID(generation: UInt32) -> UInt32 { UInt32(index) << 24 | (generation & Self.maxGeneration) }

    /// The class and generation a key id names (nil for a class beyond 6).
    public static func split(keyID: UInt32) -> (keyClass: KeyClass, generation: UInt32)? {
        guard let keyClass = KeyClass(exactly: Int64(keyID >> 24)) else { return nil }
        return (keyClass, keyID & maxGeneration)
    }
}
