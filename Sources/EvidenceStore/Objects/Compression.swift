import CZlib

/// zlib (RFC 1950) compression of chunks, used only where it saves space.
enum Compression {
    /// Bytes of a chunk compressed to decide whether compressing the rest is worth it.
    static let sampleSize = 16 * 1024
    /// Keep compressing only when the sample shrinks to this fraction or less.
    static let worthwhileRatio = 0.9
    /// Level 1: most of the saving on text and documents at a fraction of the CPU.
    static let level: Int32 = 1

    /// True when a sample from the chunk compresses well; photos, video and archives
    /// fail this cheaply and are stored as they are.
    static func isWorthCompressing(_ chunk: UnsafeRawBufferPointer, scratch: inout [UInt8]) -> Bool {
        guard chunk.count >= 512 else { return false }
        let sample = UnsafeRawBufferPointer(rebasing: chunk.prefix(sampleSize))
        guard let size = compress(sample, into: &scratch) else { return false }
        return Double(size) <= Double(sample.count) * worthwhileRatio
    }

    /// The most zlib can produce from `size` bytes.
    static func bound(_ size: Int) -> Int { Int(compressBound(uLong(size))) }

    /// Compresses into `output` from offset `reserving` on (grown as needed); returns the
    /// compressed size, or nil if zlib fails.
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], reserving: Int = 0) -> Int? {
        let bound = Int(compressBound(uLong(input.count)))
        if output.count < bound + reserving { output = [UInt8](repeating: 0, count: bound + reserving) }
        var outputLength = uLongf(output.count - reserving)
        let status = output.withUnsafeMutableBufferPointer { out in
            CZlib.compress2(out.baseAddress.map { $0 + reserving }, &outputLength,
                            input.baseAddress?.assumingMemoryBound(to: UInt8.self), uLong(input.count), level)
        }
        return status == Z_OK ? Int(outputLength) : nil
    }

    /// Decompresses into `output`, which bounds the result: a chunk that would expand
    /// beyond it (a zlib bomb, or a tampered record) is an error, never an allocation.
    /// The input must be exactly one complete zlib stream (Adler-32 checked), nothing after it.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int? {
        var outputLength = uLongf(output.count)
        var inputLength = uLong(input.count)
        let status = CZlib.uncompress2(output.baseAddress?.assumingMemoryBound(to: UInt8.self), &outputLength,
                                       input.baseAddress?.assumingMemoryBound(to: UInt8.self), &inputLength)
        guard status == Z_OK, inputLength == uLong(input.count) else { return nil }
        return Int(outputLength)
    }
}
