// The harness the end-to-end tests share: it finds the built `evidence` binary, gives every
// test its own temporary folder (repository, state folder, inputs), runs the binary there
// with an explicit environment, and captures exit status, stdout and stderr.
//
// Nothing here is shared mutable state: each test builds its own `CLITestbed` through
// `CLITestbed.run { bed in … }`, which removes the folder (and unmounts anything mounted
// under it) when the body returns, so tests may run in parallel.

import EvidenceStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Locating the binary

enum EvidenceBinary {
    /// The `evidence` executable next to the test bundle, or the reason it was not found.
    static let location: (path: String?, searched: [String]) = {
        let found = locate()
        print("[evidence-cli] binary under test: \(found.path ?? "not found")")
        return found
    }()

    static func path() throws -> String {
        if let path = location.path { return path }
        throw HarnessError(
            "The built `evidence` executable was not found. Build it first (swift build --build-tests, "
                + "or let swift test build it), or name it in EVIDENCE_CLI_BINARY. Looked in: "
                + location.searched.joined(separator: ", "))
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    private static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    private static func locate() -> (path: String?, searched: [String]) {
        var searched: [String] = []
        func check(_ candidate: String) -> String? {
            searched.append(candidate)
            return isExecutableFile(candidate) ? candidate : nil
        }
        // 1. An explicit override.
        if let explicit = ProcessInfo.processInfo.environment["EVIDENCE_CLI_BINARY"], !explicit.isEmpty,
           let found = check(explicit) {
            return (found, searched)
        }
        // 2. The build products folder that holds this test bundle: the test runner is
        //    `<products>/evidencePackageTests.xctest` on Linux, and on macOS the bundle's
        //    executable sits in `<products>/….xctest/Contents/MacOS/`. Walk up a few levels.
        var starts: [String] = []
        if let first = CommandLine.arguments.first, !first.isEmpty {
            starts.append(resolved(first))
        }
        if let executable = Bundle.main.executableURL?.path { starts.append(resolved(executable)) }
        starts.append(resolved(Bundle.main.bundleURL.path))
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            starts.append(resolved(bundle.bundlePath))
        }
        for start in starts {
            var directory = (start as NSString).deletingLastPathComponent
            for _ in 0..<4 {
                if let found = check((directory as NSString).appendingPathComponent("evidence")) {
                    return (found, searched)
                }
                let parent = (directory as NSString).deletingLastPathComponent
                if parent == directory { break }
                directory = parent
            }
        }
        // 3. The package's build folders (any --scratch-path beside Package.swift), newest first.
        // #filePath is <package>/Tests/EvidenceCLITests/CLIHarness.swift.
        let testsFolder = ((#filePath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        let root = (testsFolder as NSString).deletingLastPathComponent
        var found: [(String, Date)] = []
        let fileManager = FileManager.default
        for scratch in (try? fileManager.contentsOfDirectory(atPath: root)) ?? [] where scratch.hasPrefix(".build") {
            let scratchPath = (root as NSString).appendingPathComponent(scratch)
            var products = ["debug", "release"].map { (scratchPath as NSString).appendingPathComponent($0) }
            for triple in (try? fileManager.contentsOfDirectory(atPath: scratchPath)) ?? [] where triple.contains("-") {
                let triplePath = (scratchPath as NSString).appendingPathComponent(triple)
                products += ["debug", "release"].map { (triplePath as NSString).appendingPathComponent($0) }
            }
            for directory in products {
                let candidate = (directory as NSString).appendingPathComponent("evidence")
                if check(candidate) != nil,
                   let modified = (try? fileManager.attributesOfItem(atPath: candidate))?[.modificationDate] as? Date {
                    found.append((candidate, modified))
                }
            }
        }
        if let newest = found.max(by: { $0.1 < $1.1 }) { return (newest.0, searched) }
        return (nil, searched)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Results

/// One finished run of the binary.
struct RunResult: CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stdout: Data
    let stderr: Data
    let seconds: Double
    /// True when the process was killed by a signal (status then holds the signal number).
    let signalled: Bool

    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }
    var outLines: [String] { out.split(separator: "\n").map(String.init) }
    var errLines: [String] { err.split(separator: "\n").map(String.init) }

    /// The one-sentence error: stderr's lines that are not warnings.
    var errorLine: String? {
        errLines.last(where: { !$0.hasPrefix("warning: ") })
    }

    /// stdout parsed as one JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: stdout) as? [String: Any] else {
            throw HarnessError("stdout of evidence \(arguments.joined(separator: " ")) is not a JSON object: \(out)")
        }
        return object
    }

    /// stdout parsed as JSON Lines.
    func jsonLines() throws -> [[String: Any]] {
        try outLines.map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw HarnessError("a stdout line of evidence \(arguments.joined(separator: " ")) is not a JSON object: \(line)")
            }
            return object
        }
    }

    var description: String {
        let shownOut = out.count > 4000 ? String(out.prefix(4000)) + "…" : out
        return "evidence \(arguments.joined(separator: " ")) → \(signalled ? "signal" : "exit") \(status) "
            + "in \(String(format: "%.2f", seconds)) s\n--- stdout:\n\(shownOut)--- stderr:\n\(err)"
    }
}

/// A run still in progress (for the crash tests).
final class RunningProcess {
    let process: Process
    let arguments: [String]
    let stdoutPath: String
    let stderrPath: String
    let started = Date()

    init(process: Process, arguments: [String], stdoutPath: String, stderrPath: String) {
        self.process = process
        self.arguments = arguments
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// What the process has written to stdout so far.
    var stdoutSoFar: Data { FileManager.default.contents(atPath: stdoutPath) ?? Data() }

    /// Complete lines written to stdout so far (a line being written is left out).
    var completeLinesSoFar: [String] {
        let text = String(decoding: stdoutSoFar, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // after the last newline: empty, or a partial line
        return lines.filter { !$0.isEmpty }
    }

    func kill(_ signal: Int32 = SIGKILL) {
        if process.isRunning { sendSignal(process.processIdentifier, signal) }
    }

    /// Waits for the process to end (killing it after `timeout`) and collects its output.
    func finish(timeout: Double = 180) -> RunResult {
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill()
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        if timedOut { Issue.record("evidence \(arguments.joined(separator: " ")) did not finish within \(timeout) s") }
        let signalled = process.terminationReason == .uncaughtSignal
        return RunResult(arguments: arguments, status: process.terminationStatus,
                         stdout: FileManager.default.contents(atPath: stdoutPath) ?? Data(),
                         stderr: FileManager.default.contents(atPath: stderrPath) ?? Data(),
                         seconds: Date().timeIntervalSince(started), signalled: signalled)
    }
}

// MARK: - The per-test folder

/// One test's world: a temporary folder holding the repository, the state folder and
/// the test's input files, and the environment the binary runs with.
final class CLITestbed {
    let root: String
    /// The repository folder (not created until `init`).
    var repo: String
    /// The per-host state folder (`EVIDENCE_STATE`).
    var state: String
    var user = "admin"
    /// The first user of `init`, the administrator.
    var adminName = "admin"
    var passphrase: String
    /// Extra environment for every run; a nil value removes the variable.
    var environment: [String: String?] = [:]
    private(set) var runCounter = 0
    private var cleanups: [() -> Void] = []

    /// Runs `body` with a fresh testbed and removes the testbed afterwards, whatever happens.
    static func run<T>(_ name: String = #function, _ body: (CLITestbed) throws -> T) throws -> T {
        let bed = try CLITestbed(name: name)
        let started = Date()
        defer {
            bed.tearDown()
            print(String(format: "[evidence-cli] %@: %.1f s, %d runs", name, Date().timeIntervalSince(started), bed.runCounter))
        }
        return try body(bed)
    }

    /// `run` for a body that awaits (the service-layer tests).
    static func runAsync<T>(_ name: String = #function, _ body: (CLITestbed) async throws -> T) async throws -> T {
        let bed = try CLITestbed(name: name)
        let started = Date()
        defer {
            bed.tearDown()
            print(String(format: "[evidence-cli] %@: %.1f s, %d runs", name, Date().timeIntervalSince(started), bed.runCounter))
        }
        return try await body(bed)
    }

    private init(name: String) throws {
        let safe = String(name.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.prefix(40))
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("evidence-cli-\(safe)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw HarnessError("mkdtemp failed: \(String(cString: strerror(errno)))") }
        root = String(cString: made)
        repo = (root as NSString).appendingPathComponent("repo")
        state = (root as NSString).appendingPathComponent("state")
        // A distinctive passphrase, so the secrets test can look for it anywhere.
        passphrase = "pass-\(UUID().uuidString)-phrase"
        try FileManager.default.createDirectory(atPath: path("io"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: path("in"), withIntermediateDirectories: true)
    }

    /// Registers work for the end of the test (run in reverse order, before the folder is removed).
    func atEnd(_ cleanup: @escaping () -> Void) { cleanups.append(cleanup) }

    private func tearDown() {
        for cleanup in cleanups.reversed() { cleanup() }
        try? FileManager.default.removeItem(atPath: root)
    }

    /// A path inside the test folder.
    func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    /// A path inside the repository.
    func repoPath(_ relative: String) -> String { (repo as NSString).appendingPathComponent(relative) }

    // MARK: Running the binary

    /// The complete environment of a run: PATH and HOME from the test process, the
    /// repository, state folder, user and passphrase of this testbed, and `extra`.
    func processEnvironment(_ extra: [String: String?] = [:]) -> [String: String] {
        var result: [String: String] = [:]
        let inherited = ProcessInfo.processInfo.environment
        for key in ["PATH", "HOME"] { if let value = inherited[key] { result[key] = value } }
        if result["PATH"] == nil { result["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        result["EVIDENCE_REPO"] = repo
        result["EVIDENCE_STATE"] = state
        result["EVIDENCE_USER"] = user
        result["EVIDENCE_PASSPHRASE"] = passphrase
        // The default policy wants a reason for reading content and searching.
        result["EVIDENCE_REASON"] = "end-to-end test"
        for (key, value) in environment.merging(extra, uniquingKeysWith: { $1 }) { result[key] = value }
        return result
    }

    /// Starts the binary without waiting for it.
    func start(_ arguments: [String], environment extra: [String: String?] = [:], stdin: String? = nil) throws -> RunningProcess {
        runCounter += 1
        let stdoutPath = path("io/\(runCounter).out")
        let stderrPath = path("io/\(runCounter).err")
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try EvidenceBinary.path())
        process.arguments = arguments
        process.environment = processEnvironment(extra)
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.standardInput = stdin.map { FileHandle(forReadingAtPath: $0)! } ?? FileHandle.nullDevice
        guard let out = FileHandle(forWritingAtPath: stdoutPath), let err = FileHandle(forWritingAtPath: stderrPath) else {
            throw HarnessError("could not open the capture files in \(root)")
        }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        try? out.close()
        try? err.close()
        return RunningProcess(process: process, arguments: arguments, stdoutPath: stdoutPath, stderrPath: stderrPath)
    }

    /// Runs the binary to completion; `stdin` names a file to give it on standard input.
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String?] = [:], stdin: String? = nil,
             timeout: Double = 180) throws -> RunResult {
        try start(arguments, environment: extra, stdin: stdin).finish(timeout: timeout)
    }

    /// Runs the binary and records a test failure unless it exits with `status`.
    @discardableResult
    func expect(_ status: Int32, _ arguments: [String], environment extra: [String: String?] = [:],
                sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try run(arguments, environment: extra)
        #expect(result.status == status && !result.signalled, "expected exit \(status)\n\(result)",
                sourceLocation: sourceLocation)
        return result
    }

    /// Runs the binary and stops the test unless it exits 0.
    @discardableResult
    func ok(_ arguments: [String], environment extra: [String: String?] = [:], stdin: String? = nil,
            sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try run(arguments, environment: extra, stdin: stdin)
        try #require(result.status == 0 && !result.signalled, "expected success\n\(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Expects a failure with `status`, one sentence on stderr (besides warnings) and nothing on stdout.
    @discardableResult
    func fails(_ status: Int32, _ arguments: [String], environment extra: [String: String?] = [:], stdin: String? = nil,
               sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try run(arguments, environment: extra, stdin: stdin)
        #expect(result.status == status && !result.signalled, "expected exit \(status)\n\(result)",
                sourceLocation: sourceLocation)
        let lines = result.errLines.filter { !$0.hasPrefix("warning: ") }
        #expect(lines.count == 1, "expected one sentence on stderr\n\(result)", sourceLocation: sourceLocation)
        if let line = lines.first {
            #expect(line.hasPrefix("evidence: ") || line.hasPrefix("Error: "), "unexpected error form\n\(result)",
                    sourceLocation: sourceLocation)
            #expect(line.hasSuffix(".") || line.hasSuffix(")") || line.contains("Usage"),
                    "the error is not a sentence\n\(result)", sourceLocation: sourceLocation)
        }
        #expect(result.stdout.isEmpty, "errors belong on stderr only\n\(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Expects a usage error (64) from the argument parser or the command: nothing on stdout,
    /// and stderr led by one sentence ("Error: …" from the parser may be followed by the usage).
    @discardableResult
    func usageError(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try run(arguments)
        #expect(result.status == 64 && !result.signalled, "expected exit 64\n\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "errors belong on stderr only\n\(result)", sourceLocation: sourceLocation)
        let first = result.errLines.first ?? ""
        #expect(first.hasPrefix("evidence: ") || first.hasPrefix("Error: "), "unexpected error form\n\(result)",
                sourceLocation: sourceLocation)
        if first.hasPrefix("evidence: ") {
            #expect(result.errLines.count == 1, "expected one sentence on stderr\n\(result)", sourceLocation: sourceLocation)
        }
        return result
    }

    // MARK: Common steps

    /// `evidence init --kdf-cost 10 --json` (its first user is the administrator, who reads no
    /// content), then an officer invited and enrolled with the same passphrase, who acts from
    /// then on. Returns the init answer.
    @discardableResult
    func initRepository(extra: [String] = []) throws -> [String: Any] {
        adminName = user == "officer" ? "admin" : user
        user = adminName
        let result = try ok(["init", "--kdf-cost", "10", "--json"] + extra)
        try addOfficer("officer", roles: ["senior-investigating-officer", "investigator", "disclosure-officer"],
                       clearance: "SC")
        user = "officer"
        return try result.json()
    }

    /// Invites and enrols a user (as the administrator), with this testbed's passphrase.
    func addOfficer(_ name: String, roles: [String], clearance: String = "SC") throws {
        let invited = try ok(["user", "add", name, "--role"] + roles + ["--clearance", clearance, "--kdf-cost", "10", "--json"],
                             environment: ["EVIDENCE_USER": adminName])
        let code = try #require(try invited.json()["enrolmentCode"] as? String, "user add gave no code: \(invited)")
        try enrol(name, code: code)
    }

    /// `evidence user enrol` as `name`, the code given on standard input as a user pipes it,
    /// with this testbed's passphrase (or `passphrase`).
    @discardableResult
    func enrol(_ name: String, code: String, passphrase chosen: String? = nil, extra: [String] = [],
               sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        try ok(["user", "enrol", "--kdf-cost", "10"] + extra, environment: enrolEnvironment(name, chosen),
               stdin: try codeFile(code), sourceLocation: sourceLocation)
    }

    /// The environment of an enrolment as `name` choosing `chosen` (default: this testbed's passphrase).
    func enrolEnvironment(_ name: String, _ chosen: String? = nil) -> [String: String?] {
        ["EVIDENCE_USER": name, "EVIDENCE_NEW_PASSPHRASE": chosen ?? passphrase]
    }

    /// A file holding an enrolment code on one line, to give on standard input or to --code-file.
    func codeFile(_ code: String) throws -> String {
        runCounter += 1
        return try write("secrets/code-\(runCounter)", code + "\n")
    }

    /// The environment that makes a run act as the administrator.
    var asAdmin: [String: String?] { ["EVIDENCE_USER": adminName] }

    /// `evidence case create REF --title …` and returns the case id.
    @discardableResult
    func createCase(_ reference: String, title: String = "Test case", extra: [String] = []) throws -> String {
        let result = try ok(["case", "create", reference, "--title", title, "--json"] + extra)
        let object = try result.json()
        return try #require(object["id"] as? String, "case create --json gave no id: \(result)")
    }

    /// A repository with one case, ready for items.
    @discardableResult
    func repositoryWithCase(_ reference: String = "CR-1") throws -> String {
        try initRepository()
        return try createCase(reference)
    }

    /// `evidence add --json …`: the lines it printed.
    @discardableResult
    func add(_ arguments: [String], case reference: String = "CR-1",
             sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let result = try ok(["add", "--case", reference, "--json"] + arguments, sourceLocation: sourceLocation)
        return try result.jsonLines()
    }

    /// Adds one file and returns its item id.
    @discardableResult
    func addOne(_ file: String, case reference: String = "CR-1", extra: [String] = [],
                sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let lines = try add(extra + [file], case: reference, sourceLocation: sourceLocation)
        try #require(lines.count == 1, "expected one item from add \(file), got \(lines)", sourceLocation: sourceLocation)
        return try #require(lines[0]["id"] as? String, sourceLocation: sourceLocation)
    }

    /// `evidence list --json`: the items, in order.
    func listItems(case reference: String? = nil) throws -> [[String: Any]] {
        try ok(["list", "--json"] + (reference.map { ["--case", $0] } ?? [])).jsonLines()
    }

    func itemIDs(case reference: String? = nil) throws -> [String] {
        try listItems(case: reference).compactMap { $0["id"] as? String }
    }

    /// `evidence verify --json`, expected to pass.
    @discardableResult
    func verifyIntact(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let result = try run(["verify", "--json"])
        #expect(result.status == 0, "verify should pass\n\(result)", sourceLocation: sourceLocation)
        let report = try result.json()
        #expect(report["intact"] as? Bool == true, "verify should report intact\n\(result)", sourceLocation: sourceLocation)
        return report
    }

    /// `evidence get ITEM -o -`: the bytes.
    func get(_ item: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Data {
        try ok(["get", item, "-o", "-"], sourceLocation: sourceLocation).stdout
    }

    /// `evidence verify` (text), expected to find problems: exit 65, and stdout+stderr returned.
    func verifyFails(sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try run(["verify"])
        #expect(result.status == 65 && !result.signalled, "verify should exit 65\n\(result)", sourceLocation: sourceLocation)
        #expect(!result.out.contains("Intact."), "verify must not say Intact\n\(result)", sourceLocation: sourceLocation)
        return result
    }

    // MARK: Files

    /// Writes `data` at `relative` inside the test folder (creating folders) and returns the path.
    @discardableResult
    func write(_ relative: String, _ data: Data) throws -> String {
        let full = path(relative)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: full))
        return full
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String { try write(relative, Data(text.utf8)) }

    /// Writes `count` random bytes at `relative`.
    @discardableResult
    func writeRandom(_ relative: String, count: Int) throws -> String { try write(relative, randomData(count)) }

    /// A file holding one line, e.g. a passphrase file.
    func secretFile(_ name: String, _ text: String) throws -> String { try write(name, text + "\n") }

    func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw HarnessError("cannot read \(path)") }
        return data
    }

    /// Every regular file under `directory`, relative paths sorted.
    func files(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var info = stat()
            let full = (directory as NSString).appendingPathComponent(relative)
            if lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { result.append(relative) }
        }
        return result.sorted()
    }

    /// The object files of the repository (`objects/<case>/<xx>/<name>`), full paths.
    func objectFiles() -> [String] {
        let objects = repoPath("objects")
        return files(under: objects).filter { $0.split(separator: "/").count == 3 && !$0.contains(".tmp") }
            .map { (objects as NSString).appendingPathComponent($0) }
    }

    /// The repository id (from `config`).
    func repositoryID() throws -> String {
        let config = try JSONSerialization.jsonObject(with: try read(repoPath("config"))) as? [String: Any]
        return try #require(config?["repository"] as? String, "config has no repository id")
    }

    /// The acting user's catalog on this host (`STATE/<repository id>/<user id>/catalog.sqlite`).
    func catalogPath() throws -> String {
        let users = try ok(["user", "list", "--json"]).jsonLines()
        let id = try #require(users.first { $0["name"] as? String == user }?["id"] as? String, "no user \(user)")
        return (state as NSString).appendingPathComponent("\(try repositoryID())/\(id)/catalog.sqlite")
    }

    /// Runs `sql` on the SQLite database at `database` with the sqlite3 program, as someone
    /// editing a catalog by hand would; a statement that fails fails the test.
    @discardableResult
    func sqlite(_ database: String, _ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let program = try #require(["/usr/bin/sqlite3", "/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                   "sqlite3 is not installed", sourceLocation: sourceLocation)
        let result = try tool(program, [database, sql])
        try #require(result.status == 0 && result.err.isEmpty, "sqlite3 failed\n\(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Runs another program (sqlite3, flock, mount…) with the same clean environment.
    @discardableResult
    func tool(_ executable: String, _ arguments: [String]) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment: [String: String] = [:]
        for key in ["PATH", "HOME"] { environment[key] = ProcessInfo.processInfo.environment[key] }
        process.environment = environment
        runCounter += 1
        let stdoutPath = path("io/tool-\(runCounter).out")
        let stderrPath = path("io/tool-\(runCounter).err")
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return RunningProcess(process: process, arguments: [executable] + arguments, stdoutPath: stdoutPath,
                              stderrPath: stderrPath).finish(timeout: 60)
    }
}

// MARK: - Helpers

/// kill(2), outside any type that has a `kill` method of its own.
func sendSignal(_ pid: Int32, _ signal: Int32) { _ = kill(pid, signal) }

/// write(2) of a whole buffer.
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if written <= 0 { return false }
        offset += written
    }
    return true
}

/// Random (incompressible) bytes from /dev/urandom, or from the system generator if it is unavailable.
func randomData(_ count: Int) -> Data {
    if count > 0, let handle = FileHandle(forReadingAtPath: "/dev/urandom") {
        defer { try? handle.close() }
        var data = Data()
        while data.count < count, let chunk = try? handle.read(upToCount: count - data.count), !chunk.isEmpty {
            data.append(chunk)
        }
        if data.count == count { return data }
    }
    var generator = SystemRandomNumberGenerator()
    var words = [UInt64](repeating: 0, count: (count + 7) / 8)
    for index in words.indices { words[index] = generator.next() }
    return words.withUnsafeBytes { Data($0.prefix(count)) }
}

/// SHA-256 as lowercase hex.
func sha256Hex(_ data: Data) throws -> String {
    Hex.encode(try EvidenceStore.SHA256.hash(Array(data)))
}

/// The byte offset of `needle` in `haystack`, if present.
func offset(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if Array(haystack[start..<(start + needle.count)]) == needle { return start }
    }
    return nil
}

/// Whether this process may mount a small tmpfs (root with CAP_SYS_ADMIN, mount(8) present).
enum TmpfsSupport {
    static let available: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/mount") ||
            FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        let probe = (NSTemporaryDirectory() as NSString).appendingPathComponent("evidence-tmpfs-probe-\(getpid())")
        try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard mountTmpfs(at: probe, bytes: 1 << 20) else { return false }
        unmount(probe)
        return true
    }()

    static func mountTmpfs(at path: String, bytes: Int) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/usr/bin/mount")
                                    ? "/usr/bin/mount" : "/bin/mount")
        process.arguments = ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static func unmount(_ path: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/usr/bin/umount")
                                    ? "/usr/bin/umount" : "/bin/umount")
        process.arguments = ["-l", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return }
        process.waitUntilExit()
    }
}
