// The concurrent-adders benchmark (scripts/bench-concurrent-add.sh): N tasks in one process
// add small files through the service, one add per file, as a server's uploads would, and the
// items committed per second are printed as one JSON line. Not a product: it is not shipped.
//
//   ServiceBench --repo PATH --state DIR --user NAME --case REF --adders N FOLDER
// The passphrase comes from EVIDENCE_PASSPHRASE.

import EvidenceService
import Foundation

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
}

func arguments() throws -> (repo: String, state: String, user: String, caseReference: String, adders: Int, folder: String) {
    var values: [String: String] = [:]
    var positional: [String] = []
    var iterator = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = iterator.next() {
        if argument.hasPrefix("--") {
            guard let value = iterator.next() else { throw BenchFailure(description: "\(argument) needs a value") }
            values[String(argument.dropFirst(2))] = value
        } else {
            positional.append(argument)
        }
    }
    guard let repo = values["repo"], let state = values["state"], let user = values["user"],
          let caseReference = values["case"], let adders = values["adders"].flatMap(Int.init), adders >= 1,
          positional.count == 1 else {
        throw BenchFailure(description: "usage: ServiceBench --repo PATH --state DIR --user NAME --case REF --adders N FOLDER")
    }
    return (repo, state, user, caseReference, adders, positional[0])
}

func run() async throws {
    let options = try arguments()
    guard let passphrase = ProcessInfo.processInfo.environment["EVIDENCE_PASSPHRASE"] else {
        throw BenchFailure(description: "set EVIDENCE_PASSPHRASE")
    }
    let files = try FileManager.default.contentsOfDirectory(atPath: options.folder).sorted()
        .map { (options.folder as NSString).appendingPathComponent($0) }
    guard !files.isEmpty else { throw BenchFailure(description: "\(options.folder) holds no files") }
    let service = try EvidenceService(.init(repositoryPath: options.repo, stateRoot: options.state, indexing: .atNextSearch))
    let context = try await service.signIn(userName: options.user, passphrase: passphrase)
    let started = ContinuousClock.now
    let added = try await withThrowingTaskGroup(of: Int.self) { group in
        for adder in 0..<options.adders {
            let mine = stride(from: adder, to: files.count, by: options.adders).map { files[$0] }
            group.addTask {
                for file in mine {
                    _ = try await service.add(context, AddRequest(caseReference: options.caseReference, paths: [file]), wait: 600)
                }
                return mine.count
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let counts = service.commitGroup.counts
    service.signOut(context)
    print("{\"adders\": \(options.adders), \"items\": \(added), \"seconds\": \(String(format: "%.3f", seconds)), "
          + "\"itemsPerSecond\": \(String(format: "%.1f", Double(added) / seconds)), \"checkpoints\": \(counts.checkpoints)}")
}

do {
    try await run()
} catch {
    FileHandle.standardError.write(Data("ServiceBench: \(error)\n".utf8))
    exit(1)
}
