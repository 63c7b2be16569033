/// An item's content is sealed under the key of the item's class (FORMAT §6): a member who
/// may not see the class holds no key that opens it. The key id in an object's header is
/// readable without any key, so anyone can check that each live item's object is sealed
/// under its class: an object left under another class (a reclassification that did not
/// re-seal it, an object swapped in from another item) would let the wrong members read it.
extension Repository {
    /// `keyID`: the key id the object's header names (read with its digest or its content).
    static func keyClassProblem(keyID: UInt32?, itemID: String, item: AuthorityState.Item) -> String? {
        guard let keyID, let (found, _) = KeyClass.split(keyID: keyID) else { return nil }
        let expected = KeyClass(classification: item.classification, sensitive: item.sensitive)
        guard found != expected else { return nil }
        return "item \(itemID) is \(expected) material, but its object is sealed under the \(found) key (key id 0x\(String(keyID, radix: 16))): members who may not see the item could read it"
    }

    /// Objects that items had before a reclassification re-sealed them, and that no live
    /// item of the case references: they are destroyed on purpose, by path.
    static func supersededObjects(_ authority: AuthorityState, path: (String, String) -> String) throws -> [String: String] {
        var superseded: [String: String] = [:]
        try authority.items.forEach { itemID, item in
            for name in item.superseded where try !authority.objectIsLive(caseID: item.caseID, name: name) {
                superseded[path(item.caseID, name)] = itemID
            }
        }
        return superseded
    }
}
