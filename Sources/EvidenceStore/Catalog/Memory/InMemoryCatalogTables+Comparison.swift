/// What `verify` reports between two in-memory catalogs, in the sentences of
/// CatalogComparison: table by table (in `Catalog.projectedTables` order), one sentence per
/// row missing, differing (naming the columns) or not backed by the ledger.
extension InMemoryCatalogTables {
    /// A table's rows by their described key, each as its columns' values (an absent value is NULL).
    typealias Rows = [String: [String: JSONValue]]

    func problems(comparedWith expected: InMemoryCatalogTables) throws -> [String] {
        let have = try projectedRows()
        let wanted = try expected.projectedRows()
        var problems: [String] = []
        for (name, _) in Catalog.projectedTables {
            let stored = have[name] ?? [:]
            let expectedRows = wanted[name] ?? [:]
            var findings: [(key: String, text: String)] = []
            for (key, row) in expectedRows {
                guard let storedRow = stored[key] else {
                    findings.append((key, "catalog: \(name) row \(key) is missing (run evidence rebuild)"))
                    continue
                }
                let differing = Set(row.keys).union(storedRow.keys)
                    .filter { (row[$0] ?? .null) != (storedRow[$0] ?? .null) }.sorted()
                if !differing.isEmpty {
                    findings.append((key, "catalog: \(name) row \(key) differs from the ledger in \(differing.joined(separator: ", ")) (edited outside evidence; run evidence rebuild)"))
                }
            }
            problems += findings.sorted { $0.key < $1.key }.map(\.text)
            let unbacked = stored.keys.filter { expectedRows[$0] == nil }.sorted()
            problems += unbacked.map { "catalog: \(name) row \($0) is not backed by any ledger entry (run evidence rebuild)" }
        }
        return problems
    }

    /// Every projected table's rows, under the SQLite catalog's table and column names.
    func projectedRows() throws -> [String: Rows] {
        let encoder = JSONValueEncoder()
        func key(_ values: JSONValue...) -> String { values.map(Self.describe).joined(separator: "/") }
        var tables: [String: Rows] = [:]
        tables["entries"] = try Dictionary(uniqueKeysWithValues: entries.values.map { entry -> (String, [String: JSONValue]) in
            var columns = try encoder.encodeObject(entry.record)
            columns["sealed_key"] = entry.sealedKey.map { .int($0) } ?? .null
            return (key(.int(entry.record.seq)), columns)
        })
        tables["users"] = Dictionary(uniqueKeysWithValues: users.values.map { user -> (String, [String: JSONValue]) in
            (key(.string(user.id)), [
                "id": .string(user.id), "name": Self.value(user.name), "sealing_key": .string(user.sealingKey),
                "signing_key": .string(user.signingKey), "roles": Self.value(user.roles), "registered_seq": .int(user.registeredSeq),
                "registered_at": .string(user.registeredAt), "clearance": Self.value(user.clearance),
                "disabled_seq": user.disabledSeq.map { .int($0) } ?? .null,
            ])
        })
        tables["cases"] = try Dictionary(uniqueKeysWithValues: cases.values.map { (key(.string($0.id)), try encoder.encodeObject($0)) })
        tables["case_key_holders"] = Dictionary(uniqueKeysWithValues: caseKeyHolders.map { holder -> (String, [String: JSONValue]) in
            (key(.string(holder.caseID), .int(holder.generation), .string(holder.holder)),
             ["case_id": .string(holder.caseID), "generation": .int(holder.generation), "holder": .string(holder.holder)])
        })
        tables["items"] = try Dictionary(uniqueKeysWithValues: items.values.map { (key(.string($0.id)), try encoder.encodeObject($0)) })
        tables["recovery_slots"] = Dictionary(uniqueKeysWithValues: recoverySlots.map { id, slot -> (String, [String: JSONValue]) in
            (key(.string(id)), ["id": .string(id), "label": Self.value(slot.label), "added_seq": .int(slot.addedSeq),
                                "removed_seq": slot.removedSeq.map { .int($0) } ?? .null])
        })
        tables["case_members"] = Dictionary(uniqueKeysWithValues: caseMembers.map { member, row -> (String, [String: JSONValue]) in
            (key(.string(member.caseID), .string(member.userID), .int(member.grantedSeq)),
             ["case_id": .string(member.caseID), "user_id": .string(member.userID), "role": .string(row.role),
              "granted_seq": .int(member.grantedSeq), "revoked_seq": row.revokedSeq.map { .int($0) } ?? .null])
        })
        tables["policies"] = Dictionary(uniqueKeysWithValues: policies.map { seq, policy -> (String, [String: JSONValue]) in
            (key(.int(seq)), ["seq": .int(seq), "hash": .string(policy.hash), "text": Self.value(policy.text),
                              "applied_by": .string(policy.appliedBy), "applied_at": .string(policy.appliedAt)])
        })
        tables["invitations"] = Dictionary(uniqueKeysWithValues: invitations.values.map { invitation -> (String, [String: JSONValue]) in
            (key(.string(invitation.userID)), [
                "user_id": .string(invitation.userID), "name": Self.value(invitation.name), "roles": Self.value(invitation.roles),
                "clearance": Self.value(invitation.clearance), "added_seq": .int(invitation.addedSeq),
                "added_by": .string(invitation.addedBy), "enrolled_seq": invitation.enrolledSeq.map { .int($0) } ?? .null,
            ])
        })
        tables["custody"] = try Dictionary(uniqueKeysWithValues: custody.values.map { (key(.int($0.seq)), try encoder.encodeObject($0)) })
        tables["holds"] = try Dictionary(uniqueKeysWithValues: holds.values.map { (key(.string($0.id)), try encoder.encodeObject($0)) })
        return tables
    }

    static func value(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }

    /// A key value as problems name it: text quoted, numbers as they are.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): String(reflecting: text)
        case .int(let number): String(number)
        default: CanonicalJSON.encodeString(value)
        }
    }
}
