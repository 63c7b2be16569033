import Foundation
@testable import SearchIndex

/// Helpers for the ZIP, office and PDF extraction tests: running tools (python3, pdftotext),
/// temporary folders, a seeded random generator for the fuzz tests.
enum ZipTestTools {
    struct ProcessFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a program (found on PATH), returns its standard output; throws on a non-zero exit
    /// or after `timeout` seconds.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], timeout: TimeInterval = 120,
                    environment: [String: String]? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if let environment { process.environment = environment }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs, so a full pipe cannot block it.
        let collected = DataBox()
        let group = DispatchGroup()
        for (pipe, isOutput) in [(output, true), (errors, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOutput: isOutput)
                group.leave()
            }
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw ProcessFailure(description: "\(program) timed out after \(timeout) s")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: collected.errors, as: UTF8.self)
            throw ProcessFailure(description: "\(program) exited with \(process.terminationStatus): \(message.prefix(2000))")
        }
        return collected.output
    }

    /// Runs a Python 3 script with arguments.
    @discardableResult
    static func python(_ script: String, _ arguments: [String] = [], timeout: TimeInterval = 120) throws -> Data {
        try run("python3", ["-c", script] + arguments, timeout: timeout)
    }

    static let hasPython: Bool = (try? run("python3", ["-c", "import zipfile, zlib"], timeout: 30)) != nil

    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("evidence-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    final class DataBox: @unchecked Sendable {
        private let lock = NSLock()
        private var outputData = Data()
        private var errorData = Data()
        func set(_ data: Data, isOutput: Bool) {
            lock.lock(); defer { lock.unlock() }
            if isOutput { outputData = data } else { errorData = data }
        }
        var output: Data { lock.lock(); defer { lock.unlock() }; return outputData }
        var errors: Data { lock.lock(); defer { lock.unlock() }; return errorData }
    }
}

/// SplitMix64: a small deterministic generator, so a fuzz failure can be replayed.
struct ZipTestRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A copy of `sample` with a few random changes: flipped bytes, a truncation, a run of
    /// bytes duplicated or removed, or a ZIP signature planted.
    mutating func mutate(_ sample: [UInt8]) -> [UInt8] {
        var bytes = sample
        let changes = Int.random(in: 1...4, using: &self)
        for _ in 0..<changes {
            guard !bytes.isEmpty else { break }
            let position = Int.random(in: 0..<bytes.count, using: &self)
            switch Int.random(in: 0..<7, using: &self) {
            case 0, 1:
                bytes[position] = UInt8.random(in: 0...255, using: &self)
            case 2:
                bytes.removeSubrange(position...)
            case 3:
                let length = min(bytes.count - position, Int.random(in: 1...64, using: &self))
                bytes.insert(contentsOf: bytes[position..<(position + length)], at: position)
            case 4:
                let length = min(bytes.count - position, Int.random(in: 1...64, using: &self))
                bytes.removeSubrange(position..<(position + length))
            case 5:
                let signatures: [[UInt8]] = [[0x50, 0x4B, 0x05, 0x06], [0x50, 0x4B, 0x01, 0x02], [0x50, 0x4B, 0x03, 0x04],
                                             [0x50, 0x4B, 0x06, 0x07], [0xFF, 0xFF, 0xFF, 0xFF]]
                let signature = signatures[Int.random(in: 0..<signatures.count, using: &self)]
                for (offset, byte) in signature.enumerated() where position + offset < bytes.count {
                    bytes[position + offset] = byte
                }
            default:
                // Flip one bit: the kind of damage a CRC must catch.
                bytes[position] ^= UInt8(1) << UInt8.random(in: 0...7, using: &self)
            }
        }
        return bytes
    }

    mutating func bytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}

extension ZipTestTools {
    /// A ZIP of stored (uncompressed) entries, written here so the fuzz tests can repackage
    /// mutated XML parts without Python.
    static func storedZip(_ entries: [(name: String, data: [UInt8])]) -> [UInt8] {
        var output: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ value: Int, _ target: inout [UInt8]) { target += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: UInt32, _ target: inout [UInt8]) { for shift in [0, 8, 16, 24] { target.append(UInt8(value >> UInt32(shift) & 0xFF)) } }
        for entry in entries {
            let name = Array(entry.name.utf8)
            let crc = ZipInflater.crc32(entry.data)
            let offset = UInt32(output.count)
            u32(0x0403_4b50, &output); u16(20, &output); u16(0x0800, &output); u16(0, &output); u16(0, &output); u16(0x21, &output)
            u32(crc, &output); u32(UInt32(entry.data.count), &output); u32(UInt32(entry.data.count), &output)
            u16(name.count, &output); u16(0, &output)
            output += name + entry.data
            u32(0x0201_4b50, &central); u16(20, &central); u16(20, &central); u16(0x0800, &central); u16(0, &central)
            u16(0, &central); u16(0x21, &central); u32(crc, &central); u32(UInt32(entry.data.count), &central)
            u32(UInt32(entry.data.count), &central); u16(name.count, &central); u16(0, &central); u16(0, &central)
            u16(0, &central); u16(0, &central); u32(0, &central); u32(offset, &central)
            central += name
        }
        let directoryOffset = UInt32(output.count)
        output += central
        u32(0x0605_4b50, &output); u16(0, &output); u16(0, &output); u16(entries.count, &output); u16(entries.count, &output)
        u32(UInt32(central.count), &output); u32(directoryOffset, &output); u16(0, &output)
        return output
    }

    /// A small DOCX built without any tool, for tests that need no corpus file.
    static let minimalDocx: [UInt8] = storedZip([
        ("[Content_Types].xml", Array(#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.utf8)),
        ("_rels/.rels", Array(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.utf8)),
        ("word/document.xml", Array(#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hello &amp; goodbye</w:t></w:r><w:r><w:tab/><w:t>world</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#.utf8)),
    ])
}
