/// The object files verify's live items name, as the SHA-256 of each path (`ObjectPathKey`) in
/// one sorted array: every item of the repository has one, and a hash set of the same keys
/// took three times the memory (its table doubles as it grows, and is never more than 3/4 full).
/// Filled first, then `seal`ed once, then asked.
struct ObjectPathSet {
    private var digests: [Digest32] = []
    /// The paths whose hashing failed (the crypto library out of memory), kept whole.
    private var paths: Set<String> = []
    private var duplicatePaths: Set<String> = []

    mutating func insert(_ key: ObjectPathKey) {
        switch key {
        case .digest(let digest): digests.append(digest)
        case .path(let path): if !paths.insert(path).inserted { duplicatePaths.insert(path) }
        }
    }

    /// Sorts the keys and returns those inserted more than once (objects several items share).
    mutating func seal() -> Set<ObjectPathKey> {
        digests.sort()
        var repeated: Set<ObjectPathKey> = Set(duplicatePaths.map(ObjectPathKey.path))
        var index = 1
        while index < digests.count {
            if digests[index] == digests[index - 1] { repeated.insert(.digest(digests[index])) }
            index += 1
        }
        return repeated
    }

    /// Whether the key was inserted; only after `seal`.
    func contains(_ key: ObjectPathKey) -> Bool {
        switch key {
        case .path(let path): return paths.contains(path)
        case .digest(let digest):
            var low = 0, high = digests.count
            while low < high {
                let middle = low + (high - low) / 2
                if digests[middle] < digest { low = middle + 1 } else { high = middle }
            }
            return low < digests.count && digests[low] == digest
        }
    }
}
