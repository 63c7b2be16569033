/// Why a hold was placed or released.
public struct HoldReason: EventPart, Codable {
    public var reason: String
}
