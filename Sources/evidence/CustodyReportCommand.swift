import ArgumentParser
import EvidenceService
import EvidenceStore
import Foundation

struct CustodyReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a printable HTML report of one exhibit: identity, continuity, every event and its proof.",
        discussion: """
            The report is one self-contained HTML file: the exhibit's identity and SHA-256, its continuity, \
            every ledger entry about it with its RFC 9162 inclusion proof, the signed checkpoint they are \
            proven against, the log's verifier key, and how to check all of it by hand.
            """
    )

    @Argument(help: "The item id.")
    var item: String

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The HTML file to write, or - for standard output.", valueName: "FILE"))
    var file: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            // An impossible destination is refused before anyone signs in.
            if file != "-" { try Self.checkDestination(file) }
            let wait = try user.waitSeconds()
            let id = item
            let report = try user.signIn(repository).run { try await $0.custodyReport($1, itemID: id, wait: wait) }
            let html = report.html
            if file == "-" {
                FileHandle.standardOutput.write(Data(html.utf8))
                return
            }
            try FileSystem.writeAtomically(FileSystem.absolute(file), Array(html.utf8))
            if output.json {
                Output.json(.object([
                    "item": .string(report.itemID), "output": .string(file), "events": .int(Int64(report.events)),
                    "treeSize": .int(Int64(report.treeSize)),
                ]))
            } else {
                Output.line("Wrote the custody report of \(report.itemID) to \(file): \(report.events) ledger entries, each proven against the checkpoint of \(report.treeSize) entries.")
            }
        }
    }

    static func checkDestination(_ path: String) throws {
        let absolute = FileSystem.absolute(path)
        let folder = (absolute as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw EvidenceError(.io, "Cannot write \(path): the folder \(folder) does not exist.")
        }
        guard !(FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) && isFolder.boolValue) else {
            throw EvidenceError(.io, "Cannot write \(path): it is a folder; name a file.")
        }
    }
}
