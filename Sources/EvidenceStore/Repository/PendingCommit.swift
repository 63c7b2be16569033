import Foundation

/// This host's record of a commit it has begun and not finished (FORMAT §10,
/// `<state>/<repository id>/pending-commit`): the tree size the batch starts from, the leaf
/// hash of each of its entries and, once signed, the checkpoint that commits it.
///
/// It is the only thing that lets a writer set aside entries beyond the newest checkpoint:
/// entries that no record of this host's describes exactly may be another host's commit or
/// signed entries whose checkpoint was removed, and are never dropped.
public struct PendingCommit: Equatable, Sendable {
    public var from: UInt64
    public var leafHashes: [[UInt8]]
    /// The signed checkpoint of size `from + leafHashes.count`, recorded just before it is
    /// written to `ledger/checkpoint`.
    public var signedCheckpoint: [UInt8]?

    public init(from: UInt64, leafHashes: [[UInt8]], signedCheckpoint: [UInt8]? = nil) {
        self.from = from
        self.leafHashes = leafHashes
        self.signedCheckpoint = signedCheckpoint
    }

    /// `<from>\n`, one `<hex leaf hash>\n` per entry, then, once signed, `\n` and the
    /// signed checkpoint exactly as it is written to `ledger/checkpoint`.
    public var serialised: [UInt8] {
        var text = "\(from)\n"
        for hash in leafHashes { text += Hex.encode(hash) + "\n" }
        var bytes = Array(text.utf8)
        if let signedCheckpoint { bytes += [0x0A] + signedCheckpoint }
        return bytes
    }

    /// Nil for anything but exactly the form `serialised` writes.
    public init?(parsing bytes: [UInt8]) {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var rest: [UInt8]?
        for index in bytes.indices where bytes[index] == 0x0A {
            if index == start {
                rest = Array(bytes[(index + 1)...])
                break
            }
            lines.append(bytes[start..<index])
            start = index + 1
        }
        guard rest != nil || start == bytes.count, let first = lines.first,
              let from = UInt64(String(decoding: first, as: UTF8.self)), String(from) == String(decoding: first, as: UTF8.self)
        else { return nil }
        var hashes: [[UInt8]] = []
        for line in lines.dropFirst() {
            let text = String(decoding: line, as: UTF8.self)
            guard line.count == 64, let hash = Hex.decode(text), Hex.encode(hash) == text else { return nil }
            hashes.append(hash)
        }
        guard !hashes.isEmpty, rest.map({ !$0.isEmpty }) ?? true else { return nil }
        self.init(from: from, leafHashes: hashes, signedCheckpoint: rest)
    }

    /// Whether `tail` (the leaf hashes of the entries found beyond a checkpoint of size
    /// `size`) is this commit's batch, or the first part of it: a writer stopped while writing
    /// its tiles leaves only some.
    public func describes(tail: [[UInt8]], after size: UInt64) -> Bool {
        size == from && !tail.isEmpty && tail.count <= leafHashes.count && Array(leafHashes.prefix(tail.count)) == tail
    }
}

extension HostState {
    var pendingCommitPath: String { (directory as NSString).appendingPathComponent("pending-commit") }

    /// This host's unfinished commit, or nil when there is none. A file that does not parse
    /// describes nothing, so no tail matches it.
    public func pendingCommit() throws -> PendingCommit? {
        try FileSystem.readIfPresent(pendingCommitPath, limit: 1 << 26).flatMap(PendingCommit.init(parsing:))
    }

    /// Durable before the first tile of the batch is written, and again once the checkpoint
    /// is signed, before it is written.
    public func recordPendingCommit(_ commit: PendingCommit) throws {
        try prepare()
        try FileSystem.writeAtomically(pendingCommitPath, commit.serialised)
    }

    public func clearPendingCommit() throws { try FileSystem.remove(pendingCommitPath) }
}
