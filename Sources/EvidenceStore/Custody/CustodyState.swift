/// Where an exhibit is now: who holds it, under which seal, and where it is kept.
///
/// The holder starts as whoever seized the exhibit (`seizedBy`), or, when no seizure was
/// recorded, the user who added the item; each hand-over names the next holder. The seal
/// and location start as recorded when the item was added and change when a hand-over
/// gives new ones (docs/FORMAT.md §7.5).
public struct CustodyState: Sendable, Equatable, Codable {
    public var holder: String
    public var seal: String?
    public var location: String?

    public init(holder: String, seal: String?, location: String?) {
        self.holder = holder
        self.seal = seal
        self.location = location
    }

    /// Shown in place of a name, seal or place that is sealed under a key this reader lacks.
    public static let unreadable = "(sealed: no key)"

    /// The state before any hand-over.
    public static func initial(of item: ItemRecord, names: [String: String]) -> CustodyState {
        CustodyState(holder: item.seizedBy ?? names[item.addedBy] ?? item.addedBy, seal: item.seal,
                     location: item.storageLocation)
    }

    /// The state after `transfer`: its holder, and its seal and location where it gives them.
    public func after(_ transfer: CustodyTransferRecord) -> CustodyState {
        CustodyState(holder: transfer.toHolder ?? Self.unreadable, seal: transfer.seal ?? seal,
                     location: transfer.location ?? location)
    }

    /// One line: "in the custody of X, seal S, at L".
    public var summary: String {
        var parts = ["in the custody of \(holder)"]
        if let seal { parts.append("seal \(seal)") }
        if let location { parts.append("at \(location)") }
        return parts.joined(separator: ", ")
    }
}
