import COCR

/// A decoded image (leptonica's), freed with its owner.
final class OCRImage {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    deinit { cocr_image_free(handle) }
}
