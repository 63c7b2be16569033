import COCR

/// Strings from the COCR shim: taken over and freed.
enum OCRText {
    static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { cocr_free(pointer) }
        return String(cString: pointer)
    }

    static func take(_ pointer: UnsafeMutablePointer<CChar>, length: Int) -> String {
        defer { cocr_free(pointer) }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: max(length, 1)) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    static func free(_ pointer: UnsafeMutablePointer<CChar>?) {
        if let pointer { cocr_free(pointer) }
    }
}
