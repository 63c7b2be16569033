import Foundation

/// An object file named without keeping its path: the SHA-256 of the path (the path itself only
/// if hashing failed), for the sets `verify` keeps of every item's object.
enum ObjectPathKey: Hashable, Sendable {
    case digest(Digest32)
    case path(String)

    init(_ path: String) {
        self = Digest32(hashing: path).map(ObjectPathKey.digest) ?? .path(path)
    }
}

/// What decrypting an object showed, kept for every object checked (another item may share
/// it): the plaintext digest inline, a failure only when there is one.
struct CheckedObject: Sendable {
    var sha256: Digest32?
    var size: UInt64?
    var keyID: UInt32?
    var failure: String?

    init(_ check: ObjectCheck) {
        sha256 = check.sha256.flatMap { Hex.decodeCanonical($0, count: 32) }.flatMap(Digest32.init)
        size = check.size
        keyID = check.keyID
        failure = check.failure
    }
}

extension Session {
    /// Items whose objects are decrypted together: what the second pass holds of them at a time.
    static let objectChunkSize = 2048

    /// One live item to check against its object.
    struct ItemCheck {
        let itemID: String
        let object: LedgerEntry.ObjectRef
        let path: String
        let caseID: String
        let sealed: [String: JSONValue]?
        let state: AuthorityState.Item?
    }

    /// The second pass: each live item's object, against the sealed part of its entry (or of
    /// its newest re-sealing), and, when `comparingCatalog`, the catalog projected afresh from
    /// the same entries. Returns the catalog's problems (the caller reports them after the objects').
    func verifyObjectsAndCatalog(_ result: LedgerVerifier.Result, facts: LedgerItemFacts,
                                 restated: [String: [String: JSONValue]?], comparingCatalog: Bool,
                                 into report: inout VerificationReport, progress: ((UInt64) -> Void)?) -> [String] {
        // What needs no entry: counts, malformed and disposed items, and which objects are whose.
        var live: [UInt64] = []
        var referenced = ObjectPathSet()
        // A disposed item's object is destroyed on purpose (unless a live item shares it).
        var disposedObjects: [String: String] = [:]
        for added in facts.added {
            switch added {
            case .problem(let problem):
                report.problems.append(problem)
            case .physical:
                // A physical exhibit has no object: its entry is the whole of what there is to check.
                report.itemsChecked += 1
            case .item(let seq, let itemID, let caseID, let addedObject):
                guard let object = LedgerItemFacts.object(of: result.authority.items.readableItem(itemID), added: addedObject) else { continue }
                let path = repository.objectPath(caseID: caseID, name: object.name)
                if let disposedAt = facts.disposals[itemID] {
                    report.itemsChecked += 1
                    report.itemsDisposed += 1
                    report.notes.append("item \(itemID) was disposed of (ledger entry \(disposedAt)); its object and wrapped data key are gone on purpose")
                    disposedObjects[path] = itemID
                    continue
                }
                referenced.insert(ObjectPathKey(path))
                live.append(seq)
            }
        }

        // Objects more than one live item has (deduplication, §6): their checks are kept for
        // the later items; every other object's check is dropped once its item is evaluated.
        let shared = referenced.seal()
        var objects = ObjectChunks(session: self, shared: shared, progress: progress)
        var projection: CatalogProjection?
        var catalogFailure: Error?
        if comparingCatalog {
            do { projection = try CatalogProjection(session: self, ledger: result) } catch { catalogFailure = error }
        }
        let ledger = LedgerVerifier(store: repository.ledger, origin: repository.config.origin)
        let count = max(live.last.map { $0 + 1 } ?? 0, projection?.fromLedgerPass ?? 0)
        var next = 0
        func pass(_ writer: CatalogWriter?) {
            // A bundle that cannot be read now was reported by the first pass.
            _ = ledger.forEachBatch(count: count, treeSize: result.treeSize) { batch in
                for decoded in batch {
                    guard let entry = decoded.entry else { continue }
                    var opened: OpenedEntry?
                    if let writer, let current = projection, catalogFailure == nil {
                        do { opened = try current.project(entry, leafHash: decoded.leafHash, into: writer) } catch { catalogFailure = error }
                    }
                    guard next < live.count, live[next] == entry.seq else { continue }
                    next += 1
                    objects.add(itemCheck(entry, leafHash: decoded.leafHash, opened: opened, restated: restated,
                                          authority: result.authority), into: &report)
                }
            }
        }
        if let projection, catalogFailure == nil {
            do { try projection.scratch.catalog.write { writer in pass(writer) } } catch { catalogFailure = error }
        } else {
            pass(nil)
        }
        objects.finish(into: &report)
        report.bytesVerified = objects.bytesDone
        reportUnreferencedObjects(referenced: referenced, disposedObjects: disposedObjects,
                                  authority: result.authority, into: &report)

        guard comparingCatalog else { return [] }
        do {
            if let catalogFailure { throw catalogFailure }
            guard let projection else { throw FormatError("the catalog was not projected") }
            return try projection.compare()
        } catch {
            return ["catalog: could not be compared with the ledger: \(error)"]
        }
    }

    /// What to check an item's object against is in the entry sealed under the object's own
    /// class: one who holds only an older class key checks the ciphertext digest.
    private func itemCheck(_ entry: LedgerEntry, leafHash: [UInt8], opened: OpenedEntry?,
                           restated: [String: [String: JSONValue]?], authority: AuthorityState) -> ItemCheck? {
        guard let caseID = entry.caseID, let itemID = entry.itemID,
              let object = LedgerItemFacts.object(of: authority.items.readableItem(itemID), added: entry.object) else { return nil }
        let sealed: [String: JSONValue]?
        if let resealed = restated[itemID] {
            sealed = resealed
        } else if let opened, opened.sealedState != .hidden {
            // Opened already for the catalog, with every key this user holds.
            sealed = opened.sealed
        } else {
            sealed = open(entry, leafHash: leafHash)
        }
        return ItemCheck(itemID: itemID, object: object, path: repository.objectPath(caseID: caseID, name: object.name),
                         caseID: caseID, sealed: sealed, state: authority.items.readableItem(itemID))
    }

    /// Objects no committed entry references: left by an interrupted add (harmless), or the
    /// object of a disposed item or of one re-sealed since, still present (an interrupted
    /// disposal or reclassification).
    private func reportUnreferencedObjects(referenced: ObjectPathSet, disposedObjects: [String: String],
                                           authority: AuthorityState, into report: inout VerificationReport) {
        let superseded: [String: String]
        do {
            superseded = try Repository.supersededObjects(authority) { repository.objectPath(caseID: $0, name: $1) }
        } catch {
            superseded = [:]
            report.problems.append("the items' state could not be read to look for superseded objects: \(error)")
        }
        let objectsRoot = repository.file("objects")
        var orphans = 0
        for caseDirectory in (try? FileSystem.list(objectsRoot)) ?? [] {
            let casePath = (objectsRoot as NSString).appendingPathComponent(caseDirectory)
            for prefix in (try? FileSystem.list(casePath)) ?? [] {
                let prefixPath = (casePath as NSString).appendingPathComponent(prefix)
                for name in (try? FileSystem.list(prefixPath)) ?? [] {
                    let path = (prefixPath as NSString).appendingPathComponent(name)
                    if referenced.contains(ObjectPathKey(path)) { continue }
                    if let itemID = disposedObjects[path] {
                        report.notes.append("the object of item \(itemID), which the ledger records as disposed of, is still present (its disposal was interrupted); run evidence dispose \(itemID) to destroy it")
                    } else if let itemID = superseded[path] {
                        report.notes.append("the object item \(itemID) had before it was re-sealed under its new class is still present (the reclassification was interrupted before it was destroyed), and opens for members of the old class; amend item \(itemID) again to destroy it")
                    } else {
                        orphans += 1
                    }
                }
            }
        }
        if orphans > 0 {
            report.notes.append("\(orphans) object file\(orphans == 1 ? " is" : "s are") not referenced by any committed ledger entry (left by an interrupted add; never reported as stored)")
        }
    }

    func decryptAndHash(path: String, caseID: String, checks: ObjectChecks) -> ObjectCheck {
        do {
            var headerKeyID: UInt32?
            let result = try ObjectReader.read(path: path, caseID: caseID, keys: { keyID in
                headerKeyID = keyID
                return try self.keys.caseKeys(caseID: caseID, keyID: keyID)
            }) { chunk in
                checks.advance(UInt64(chunk.count))
            }
            return ObjectCheck(sha256: Hex.encode(result.sha256), size: result.size, keyID: headerKeyID)
        } catch let error as ObjectIntegrityError {
            return ObjectCheck(failure: error.description)
        } catch {
            return ObjectCheck(failure: "\(error)")
        }
    }
}

/// The live items' objects, checked a chunk at a time in ledger order: each object the user
/// can open is decrypted and re-hashed once (two at a time, each read and decrypted on one core
/// while hashed on the other), the others checked against their ciphertext digest.
struct ObjectChunks {
    let session: Session
    let checks: ObjectChecks
    private var pending: [Session.ItemCheck] = []
    /// The objects several items share: kept once decrypted, for the items after the first.
    private let shared: Set<ObjectPathKey>
    /// The objects decrypted: those of the chunk being evaluated, and every shared one so far
    /// (holding every object's check would grow with the repository).
    private var decrypted: [ObjectPathKey: CheckedObject] = [:]

    init(session: Session, shared: Set<ObjectPathKey>, progress: ((UInt64) -> Void)?) {
        self.session = session
        self.shared = shared
        checks = ObjectChecks(progress: progress)
    }

    var bytesDone: UInt64 { checks.bytesDone }

    mutating func add(_ item: Session.ItemCheck?, into report: inout VerificationReport) {
        guard let item else { return }
        pending.append(item)
        if pending.count >= Session.objectChunkSize { finish(into: &report) }
    }

    /// Checks the items added since the last chunk.
    mutating func finish(into report: inout VerificationReport) {
        defer { pending.removeAll(keepingCapacity: true) }
        var toDecrypt: [(path: String, caseID: String)] = []
        var seen: Set<String> = []
        for item in pending where item.sealed?["sha256"] != nil && decrypted[ObjectPathKey(item.path)] == nil
            && !seen.contains(item.path) {
            seen.insert(item.path)
            toDecrypt.append((item.path, item.caseID))
        }
        let targets = toDecrypt
        let checks = self.checks
        let session = self.session
        _ = checks.startChunk()
        if !targets.isEmpty {
            // Ask the kernel to start reading the next objects while these are decrypted, so
            // the disk never waits for the CPU or the CPU for the disk between objects.
            let prefetcher = Prefetcher(paths: targets.map(\.path), checks: checks)
            DispatchQueue.concurrentPerform(iterations: min(2, targets.count)) { _ in
                while let index = checks.claim(below: targets.count) {
                    let target = targets[index]
                    checks.record(target.path, session.decryptAndHash(path: target.path, caseID: target.caseID, checks: checks))
                }
            }
            prefetcher.stop()
        }
        var chunk: [ObjectPathKey] = []
        for (path, check) in checks.startChunk() {
            let key = ObjectPathKey(path)
            decrypted[key] = CheckedObject(check)
            if !shared.contains(key) { chunk.append(key) }
        }
        for item in pending { evaluate(item, into: &report) }
        for key in chunk { decrypted[key] = nil }
    }

    private func evaluate(_ item: Session.ItemCheck, into report: inout VerificationReport) {
        report.itemsChecked += 1
        if let recordedSHA = item.sealed?["sha256"]?.stringValue, let recordedSize = item.sealed?["size"]?.intValue {
            let check = decrypted[ObjectPathKey(item.path)] ?? CheckedObject(ObjectCheck(failure: "the object was not checked"))
            let sha256 = check.sha256.map { Hex.encode($0.bytes) }
            if let failure = check.failure {
                report.problems.append("item \(item.itemID) (\(item.sealed?["path"]?.stringValue ?? item.object.name)): \(failure)")
            } else if sha256 != recordedSHA || check.size != UInt64(exactly: recordedSize) {
                report.problems.append("item \(item.itemID): its content hashes to \(sha256 ?? "?") (\(check.size ?? 0) bytes), not the recorded \(recordedSHA) (\(recordedSize) bytes)")
            } else {
                report.objectsDecrypted += 1
                if let state = item.state, let problem = Repository.keyClassProblem(keyID: check.keyID, itemID: item.itemID, item: state) {
                    report.problems.append(problem)
                }
            }
        } else {
            // No key for this case: what anyone can check is the ciphertext digest.
            do {
                let digest = try ObjectReader.ciphertextDigest(path: item.path)
                if digest.sha256 != item.object.ciphertextSHA256 || digest.size != item.object.ciphertextSize {
                    report.problems.append("item \(item.itemID): its object's ciphertext digest is not the one recorded at ingest (object altered or replaced)")
                } else {
                    report.objectsWithoutKeys += 1
                    if let state = item.state, let problem = Repository.keyClassProblem(keyID: digest.keyID, itemID: item.itemID, item: state) {
                        report.problems.append(problem)
                    }
                }
            } catch {
                report.problems.append("item \(item.itemID): \(error)")
            }
        }
    }
}
