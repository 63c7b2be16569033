import Foundation
import Testing

/// Runs the independent reader (docs/reference/evidence_reader.py, written from
/// docs/FORMAT.md alone) over the worked example: two implementations must agree.
@Suite struct ReferenceReaderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// python3 with the `cryptography` package, which the reader needs; absent on some machines.
    static let pythonReady: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import cryptography"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("docs/reference/evidence_reader.py").path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: pythonReady, "python3 with the cryptography package is not installed"))
    func independentReaderVerifiesTheWorkedExample() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let passphrase = folder.appendingPathComponent("alice").path
        let recovery = folder.appendingPathComponent("recovery").path
        try "example passphrase\n".write(toFile: passphrase, atomically: true, encoding: .utf8)
        try "example recovery passphrase\n".write(toFile: recovery, atomically: true, encoding: .utf8)
        let example = Self.root.appendingPathComponent("docs/example/repository").path
        let result = try run(["verify", example, "--user", "alice", "--passphrase-file", passphrase,
                              "--recovery-passphrase-file", recovery])
        #expect(result.status == 0, "the independent reader rejects the worked example:\n\(result.output)")
    }
}
