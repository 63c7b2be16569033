/// The archive's bytes as libarchive's read callbacks see them: handed out in blocks, with
/// a count of everything handed out, which measures the input a member's reading consumed
/// (its compressed size, in any format) for the ratio limit.
final class ArchiveInput {
    /// The most handed to libarchive at once: small enough that a member's consumed input
    /// tracks its compressed size, large enough not to cost a call per few bytes.
    static let blockSize = 16 << 10

    let base: UnsafePointer<UInt8>
    let count: Int
    private(set) var position = 0
    /// Bytes handed to libarchive so far (re-reads after a seek count again).
    private(set) var handedOut = 0

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    /// The next block, or an empty one at the end.
    func read(_ buffer: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        let length = min(Self.blockSize, count - position)
        guard length > 0 else {
            buffer.pointee = nil
            return 0
        }
        buffer.pointee = UnsafeRawPointer(base + position)
        position += length
        handedOut += length
        return length
    }

    /// The new position, or nil for one outside the bytes (whence: SEEK_SET 0, SEEK_CUR 1, SEEK_END 2).
    func seek(offset: Int64, whence: Int32) -> Int64? {
        let origin: Int64
        switch whence {
        case 0: origin = 0
        case 1: origin = Int64(position)
        case 2: origin = Int64(count)
        default: return nil
        }
        let (target, overflow) = origin.addingReportingOverflow(offset)
        guard !overflow, target >= 0, target <= Int64(count) else { return nil }
        position = Int(target)
        return target
    }

    /// Moves on by up to `request` bytes without handing them out; how far it moved.
    func skip(_ request: Int64) -> Int64 {
        guard request > 0 else { return 0 }
        let length = min(request, Int64(count - position))
        position += Int(length)
        return length
    }
}
