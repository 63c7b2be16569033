import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The store's side: hands files to a long-lived extraction child process and waits at
/// most `timeout` for each answer. A child that crashes, exceeds its memory limit or
/// stalls is killed and replaced; the file it was working on gets outcome failed with the
/// reason, and nothing else is affected.
public final class ExtractionClient {
    public struct Configuration: Sendable {
        /// The program to run (the `evidence` binary itself) and its arguments.
        public var executable: String
        public var arguments: [String]
        public var timeout: TimeInterval
        public init(executable: String, arguments: [String], timeout: TimeInterval = 60) {
            self.executable = executable
            self.arguments = arguments
            self.timeout = timeout
        }
    }

    private let configuration: Configuration
    private var child: Process?
    private var toChild: FileHandle?
    private var fromChild: Int32 = -1

    public init(_ configuration: Configuration) { self.configuration = configuration }

    deinit { stop() }

    /// Extracts one file in the child. Never throws: every failure is an outcome.
    public func extract(_ bytes: [UInt8], name: String?, mediaType: String?) -> ExtractedDocument {
        do {
            if child == nil { try start() }
            guard let toChild else { return failure("the extractor could not be started") }
            let request = try ExtractionWire.encodeRequest(name: name, mediaType: mediaType, body: bytes)
            try toChild.write(contentsOf: Data(request))
            let deadline = Date().addingTimeInterval(configuration.timeout)
            guard let lengthBytes = read(8, until: deadline) else { return restartAfterFailure() }
            let length = ExtractionWire.number(lengthBytes)
            guard length <= ExtractionWire.maxFrame, let body = read(Int(length), until: deadline) else {
                return restartAfterFailure()
            }
            return try JSONDecoder().decode(ExtractedDocument.self, from: Data(body))
        } catch {
            return restartAfterFailure()
        }
    }

    /// Whether the last failed read ran out of time (rather than meeting the end of the stream).
    private var timedOut = false

    private func failure(_ reason: String) -> ExtractedDocument { ExtractedDocument(outcome: .failed, reason: reason) }

    /// Kills the child (it crashed, stalled or broke the protocol) and says which.
    private func restartAfterFailure() -> ExtractedDocument {
        let reason: String
        if timedOut {
            reason = "the extractor did not finish within \(Int(configuration.timeout)) seconds"
        } else if let child, Self.waitForExit(child, seconds: 5), child.terminationReason == .uncaughtSignal {
            reason = "the extractor crashed (signal \(child.terminationStatus)), perhaps over its memory limit"
        } else {
            reason = "the extractor stopped unexpectedly"
        }
        stop()
        return failure(reason)
    }

    /// A child that closed its output is exiting: give it a moment, so its exit status
    /// (crashed, or killed over its memory limit) can be told apart from a clean stop.
    private static func waitForExit(_ child: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while child.isRunning && Date() < deadline { usleep(5_000) }
        return !child.isRunning
    }

    private func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: configuration.executable)
        process.arguments = configuration.arguments
        // A scrubbed environment: no passphrase, no key, nothing inherited. OMP_THREAD_LIMIT
        // keeps Tesseract's OpenMP to one thread (read when the library loads): the child
        // extracts one file at a time beside other work, where OpenMP's spinning threads
        // cost more than they give (Tesseract's own advice for several processes).
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "OMP_THREAD_LIMIT": "1"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        child = process
        toChild = input.fileHandleForWriting
        fromChild = output.fileHandleForReading.fileDescriptor
        outputHandle = output.fileHandleForReading
        // Writing to a child that died must fail, not kill this process.
        signal(SIGPIPE, SIG_IGN)
    }

    private var outputHandle: FileHandle?

    /// Stops the child, politely (closing its stdin) or not.
    public func stop() {
        try? toChild?.close()
        toChild = nil
        if let child, child.isRunning {
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
        }
        child = nil
        try? outputHandle?.close()
        outputHandle = nil
        fromChild = -1
    }

    /// Reads exactly `count` bytes from the child, or nil at the deadline or end of stream.
    private func read(_ count: Int, until deadline: Date) -> [UInt8]? {
        timedOut = false
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                timedOut = true
                return nil
            }
            var descriptor = pollfd(fd: fromChild, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 1000)))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let result = buffer.withUnsafeMutableBytes { raw in Glibc.read(fromChild, raw.baseAddress! + filled, count - filled) }
            if result < 0 && errno == EINTR { continue }
            if result <= 0 { return nil }
            filled += result
        }
        return buffer
    }
}
