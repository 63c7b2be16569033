import EvidenceStore
import Foundation
import SearchIndex

/// An index holds only what its user may see: it is built from the catalog, whose rows of
/// items they may not see have no metadata to index, and it carries the stamp of what they
/// could see when it was committed. When that changes (a revocation, a reclassified item, a
/// policy; a grant or a wider policy too), the index is deleted at the user's next command
/// and built again by the next catch-up: deleting is the one way to be sure that no word of a
/// removed document stays in a database file's free blocks.
extension CaseIndexer {
    /// Deletes the indexes this host should no longer keep for the user: of cases they may no
    /// longer search, and of cases where what they may see differs from the index's stamp.
    /// An index another process is writing is left to the next command.
    public func prune() {
        let searchable: Set<String>
        do {
            searchable = Set(try session.searchableCases().map(\.id))
        } catch {
            logger.warning("the search indexes were not checked against what this user may see", metadata: ["error": "\(error)"])
            return
        }
        let visibility = Visibility(state: session.authority, userID: session.user.id)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        var computed: [UInt64: [String: String]] = [:]
        for caseID in names.sorted() where !caseID.hasPrefix(".") {
            if searchable.contains(caseID), stampHolds(caseID: caseID, visibility: visibility, computed: &computed) { continue }
            do {
                if try !discard(caseID: caseID) {
                    logger.notice("an index to delete is being written by another process", metadata: ["case": "\(caseID)"])
                }
            } catch {
                logger.warning("an index this user may no longer keep could not be removed", metadata: ["case": "\(caseID)"])
            }
        }
    }

    /// The stamp recorded with a commit: the ledger size the session's authority state is at,
    /// and the case's visibility fingerprint as of it (`Visibility.fingerprints`).
    func visibilityStamp(caseID: String) -> String? {
        let size = session.authority.size
        guard let fingerprint = Visibility(state: session.authority, userID: session.user.id)
            .fingerprints(before: size)[caseID] else { return nil }
        return "\(size) \(fingerprint)"
    }

    /// Whether the index of a case was built under what the user may see now. An index
    /// without a stamp (or an unreadable one) does not hold; one stamped at a ledger size this
    /// session has not reached (another process, further on) is left to that process.
    /// `computed`: fingerprints already computed, by ledger size (indexes committed together
    /// share one; each computation looks at every case of the repository).
    func stampHolds(caseID: String, visibility: Visibility, computed: inout [UInt64: [String: String]]) -> Bool {
        guard let stamp = try? CaseIndex.committedVisibility(path: indexPath(caseID: caseID)) else { return false }
        let parts = stamp.split(separator: " ")
        guard parts.count == 2, let size = UInt64(parts[0]) else { return false }
        if size > session.authority.size { return true }
        let fingerprints = computed[size] ?? visibility.fingerprints(before: size)
        computed[size] = fingerprints
        return fingerprints[caseID] == String(parts[1])
    }

    /// Deletes a case's index unless another process is writing it (false then).
    @discardableResult
    func discard(caseID: String) throws -> Bool {
        let path = indexPath(caseID: caseID)
        guard FileManager.default.fileExists(atPath: path) else { return true }
        // An index of an older format cannot be opened to find out whether it is busy.
        if try !CaseIndex.isOutdated(path: path) {
            do {
                let index = try CaseIndex.open(path: path)
                try index.close()
            } catch IndexError.busy {
                return false
            }
        }
        try CaseIndex.destroy(path: path)
        return true
    }
}
