import CZlib

/// Raw deflate (RFC 1951, no zlib header, as inside ZIP entries) and CRC-32 through zlib.
/// Output is produced in small chunks and never allowed past the size the caller expects, so a
/// stream that lies about its size costs at most that size plus one chunk.
enum ZipInflater {
    enum Failure: Error, Equatable {
        /// The stream would produce more than the declared size.
        case longerThanDeclared
        /// The input ended before the end of the deflate stream.
        case truncated
        /// zlib found invalid deflate data.
        case damaged
    }

    static let chunkSize = 64 << 10
    /// zlib counts in 32-bit `uInt`s; larger inputs are fed in slices.
    static let maxFeed = 1 << 30

    static func inflateRaw(_ input: ArraySlice<UInt8>, expectedSize: Int) -> Result<[UInt8], Failure> {
        var stream = z_stream()
        guard evidence_inflate_init_raw(&stream) == Z_OK else { return .failure(.damaged) }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        // Reserve what was declared, but no more than a modest amount up front: a false
        // declaration then costs only what the stream really produces.
        output.reserveCapacity(min(expectedSize, 16 << 20))
        var scratch = [UInt8](repeating: 0, count: chunkSize)
        return input.withUnsafeBufferPointer { source -> Result<[UInt8], Failure> in
            var fed = 0
            while true {
                if stream.avail_in == 0, fed < source.count, let base = source.baseAddress {
                    let feed = min(source.count - fed, maxFeed)
                    stream.next_in = UnsafeMutablePointer(mutating: base + fed)
                    stream.avail_in = uInt(feed)
                    fed += feed
                }
                let inputBefore = stream.avail_in
                let status = scratch.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunkSize - Int(stream.avail_out)
                if produced > expectedSize - output.count { return .failure(.longerThanDeclared) }
                output.append(contentsOf: scratch[0..<produced])
                switch status {
                case Z_STREAM_END:
                    return .success(output)
                case Z_OK, Z_BUF_ERROR:
                    // No progress with input exhausted: the stream is cut short.
                    let stalled = produced == 0 && stream.avail_in == inputBefore
                    if stalled && stream.avail_in == 0 && fed >= source.count { return .failure(.truncated) }
                    if stalled && stream.avail_in != 0 { return .failure(.damaged) }
                default:
                    return .failure(.damaged)
                }
            }
        }
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        data.withUnsafeBufferPointer { buffer in
            var crc: uLong = CZlib.crc32(0, nil, 0)
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let length = min(buffer.count - offset, maxFeed)
                crc = CZlib.crc32(crc, base + offset, uInt(length))
                offset += length
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}
