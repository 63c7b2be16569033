// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "evidence",
    // Linux only, hence no `platforms` (SwiftPM has no entry for Linux, and a macOS one would
    // claim a port that does not exist): durability, speed and the care of secrets rest on
    // syncfs(2), O_DIRECT, O_TMPFILE with linkat(AT_EMPTY_PATH), memfd_create(2),
    // posix_fadvise(2) and prctl(PR_SET_DUMPABLE), and most sources import Glibc alone.
    products: [
        .executable(name: "evidence", targets: ["evidence"]),
        .library(name: "EvidenceStore", targets: ["EvidenceStore"]),
        .library(name: "EvidenceService", targets: ["EvidenceService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // uchardet guesses the charset of undeclared non-UTF-8 text (CharsetDetection).
        .systemLibrary(name: "CUchardet", pkgConfig: "uchardet", providers: [.apt(["libuchardet-dev"])]),
        .target(name: "CSystemCalls"),
        // C++ shims with plain C headers: translation of calls and errors only.
        .target(name: "CXapian", linkerSettings: [.linkedLibrary("xapian")]),
        // poppler-cpp is a C++ API and our Swift does not use C++ interoperability, so no Swift
        // imports CPopplerCpp (its module requires cplusplus). The C++ shim depends on it because
        // SwiftPM then compiles the shim with pkg-config's cflags (poppler's include folders, which
        // differ between distributions) and links pkg-config's libs into every product that uses
        // the shim, with no unsafe flags (which would keep other packages from depending on ours).
        .systemLibrary(name: "CPopplerCpp", pkgConfig: "poppler-cpp", providers: [.apt(["libpoppler-cpp-dev"])]),
        .target(name: "CPoppler", dependencies: ["CPopplerCpp"]),
        // poppler-glib, for PDF annotations (poppler-cpp has no API for them), in a C shim of its
        // own: its headers share names with poppler-cpp's and cannot be on the same include path.
        .systemLibrary(name: "CPopplerGlib", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        .target(name: "CPDFAnnotations", dependencies: ["CPopplerGlib"]),
        // libexif, for the EXIF metadata of photos (date taken, camera, GPS), in a C shim of its
        // own that loads the block with libexif's specification fix-ups off.
        .systemLibrary(name: "CLibExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),
        .target(name: "CExif", dependencies: ["CLibExif"]),
        // libarchive, for the members of ZIP, tar, 7z and RAR archives and lone gzip/bzip2/xz
        // files: a plain C API, so Swift calls it directly through this module map.
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        // OCR: Tesseract's C API for recognition and leptonica for decoding images, in a C shim
        // (COCR) that takes both modules' cflags and libraries from pkg-config, as above.
        .systemLibrary(name: "CTesseract", pkgConfig: "tesseract", providers: [.apt(["libtesseract-dev"])]),
        .systemLibrary(name: "CLeptonica", pkgConfig: "lept", providers: [.apt(["libleptonica-dev"])]),
        .target(name: "COCR", dependencies: ["CTesseract", "CLeptonica"]),
        // libpff, for Outlook PST/OST mailboxes: a plain C API, called from Swift directly, and
        // libbfio for its memory-range handle (the extraction child holds bytes, not a path).
        .systemLibrary(name: "CPFF", pkgConfig: "libpff", providers: [.apt(["libpff-dev", "libbfio-dev"])]),
        // The calendar arithmetic the store's timestamps and the index's dates share (the index
        // does not depend on the store).
        .target(name: "CivilCalendar"),
        // The bounded hand-over between the threads of the store's and the index's pipelines.
        .target(name: "PipelineQueue"),
        .target(
            name: "SearchIndex",
            dependencies: [
                "CXapian", "CPoppler", "CPDFAnnotations", "CExif", "CArchive", "COCR", "CPFF", "CZlib", "CUchardet", "CivilCalendar", "PipelineQueue",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "EvidenceStore",
            dependencies: [
                "COpenSSL", "CZlib", "CSystemCalls", "CivilCalendar", "PipelineQueue",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The glue between the store and the index: keeps each user's per-case indexes
        // caught up with the ledger and runs searches over what the user may see.
        .target(
            name: "EvidenceSearch",
            dependencies: [
                "EvidenceStore", "SearchIndex",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The application layer under the CLI and the server: sign-in, operations as methods
        // returning Codable values, concurrent requests sharing group commits.
        .target(
            name: "EvidenceService",
            dependencies: [
                "EvidenceStore", "SearchIndex", "EvidenceSearch",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "evidence",
            dependencies: [
                "EvidenceStore", "SearchIndex", "EvidenceSearch", "EvidenceService", "CSystemCalls",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The search benchmark (scripts/bench-search.sh): quality on Cranfield, indexing rate
        // and query latency of SearchIndex. Not a product: it is not shipped. The measures and
        // the Cranfield reader are a library of their own so that the tests can check them.
        .target(name: "SearchBenchKit"),
        .executableTarget(name: "SearchBench", dependencies: ["SearchIndex", "SearchBenchKit", "CivilCalendar"]),
        // The concurrent-adders benchmark (scripts/bench-concurrent-add.sh). Not a product.
        .executableTarget(name: "ServiceBench", dependencies: ["EvidenceService"]),
        .testTarget(name: "EvidenceStoreTests", dependencies: ["EvidenceStore", "CivilCalendar", "PipelineQueue"]),
        .testTarget(name: "SearchIndexTests", dependencies: ["SearchIndex", "SearchBenchKit"]),
        // End-to-end tests of the binary, and of the service layer in this process (the
        // repositories they use are set up with the binary, as a user would).
        .testTarget(name: "EvidenceCLITests", dependencies: ["EvidenceStore", "SearchIndex", "EvidenceSearch", "EvidenceService", "evidence"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
