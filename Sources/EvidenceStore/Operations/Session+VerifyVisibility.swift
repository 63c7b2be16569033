import Foundation

extension Session {
    /// The authority state after the first `size` entries, for re-projecting the catalog as it
    /// was built: usually the verifier's (the whole checked ledger) or this session's (what the
    /// catalog was caught up to when it signed in); otherwise, when another process of this user
    /// moved the catalog meanwhile, replayed from the ledger.
    func stateForComparison(_ result: LedgerVerifier.Result, at size: UInt64) throws -> AuthorityState {
        if result.authority.size == size { return result.authority }
        if authority.size == size { return authority }
        var state = AuthorityState()
        var chain = result.logKeys.map { LogKeyChain(first: $0.first) } ?? LogKeyChain(first: view.logKeys.first)
        func admit(_ entry: LedgerEntry) throws {
            _ = try state.admit(entry, logKey: chain.key(forEntry: entry.seq))
            try chain.follow(entry)
        }
        for entry in result.entries.prefix(Int(min(size, UInt64(result.entries.count)))) {
            guard let entry else { throw FormatError("a ledger entry could not be read") }
            try admit(entry)
        }
        if size > result.treeSize {
            try repository.ledger.forEachEntry(in: result.treeSize..<size, treeSize: size) { index, bytes in
                try admit(try LedgerEntry.decode(bytes, index: index))
            }
        }
        return state
    }
}
