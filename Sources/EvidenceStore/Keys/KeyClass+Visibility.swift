extension KeyClass {
    /// The classes whose keys a member may hold: the case key and each material class they
    /// would see in the case (the visibility step of the decision of FORMAT §7.10 for
    /// `view-metadata`, the member taken as enabled and holding `role` in the case). Keys are
    /// sealed to a holder by this rule and by no other, so no code on their machine opens the rest.
    public static func visible(to subject: AccessSubject, role: String, caseID: String,
                               caseClassification: Classification, policy: Policy) -> Set<KeyClass> {
        var member = subject
        member.disabled = false
        member.caseRoles[caseID] = role
        var classes: Set<KeyClass> = [.caseKey]
        for keyClass in all {
            guard let (classification, sensitive) = keyClass.material else { continue }
            let target = AccessTarget.item(id: "(any item)", caseID: caseID, caseReference: caseID,
                                           caseClassification: caseClassification, classification: classification,
                                           sensitive: sensitive)
            if Authorizer.decide(member, .viewMetadata, target, policy: policy).outcome != .invisible {
                classes.insert(keyClass)
            }
        }
        return classes
    }

    /// The public form of a set of classes: their indexes, ascending.
    public static func publicList(_ classes: some Sequence<KeyClass>) -> JSONValue {
        .array(publicIndices(classes).map { .int(Int64($0)) })
    }

    /// The same list as the typed events carry it.
    public static func publicIndices(_ classes: some Sequence<KeyClass>) -> [Int] {
        classes.sorted().map { Int($0.index) }
    }
}
