import ArgumentParser
import EvidenceStore
import Foundation

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add files (folders recursively) to a case as items, or a physical exhibit.",
        discussion: """
            Each file is streamed, hashed (SHA-256 of the original bytes) and encrypted; an item is \
            reported only once the ledger checkpoint covering it is on disk. Symbolic links are not \
            followed; other non-regular files (FIFOs, sockets, devices) are skipped with a warning naming them, \
            and an add that finds no regular file at all exits 66. A file that changes while it is read \
            (its size, times or byte count differ) is refused and nothing is stored for it; the other \
            files are stored, and the exit code is 65. With --physical, no file is \
            named: the item is an exhibit without digital content (a knife in a sealed bag), recorded \
            with --exhibit-ref, --description and its continuity (--seized-by, --seized-at, --location, \
            --seal, --storage-location); hand-overs are then recorded with evidence custody transfer.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The case (reference or id).", valueName: "REF"))
    var `case`: String

    @Option(name: .long, help: "exhibit, statement, document, email, image, video or other.")
    var kind: String = "exhibit"

    @OptionGroup var metadata: ItemMetadataOptions

    @Option(name: .long, help: "OFFICIAL, OFFICIAL-SENSITIVE or SECRET (default: the case's).")
    var classification: String?

    @Flag(name: .long, help: "Mark the items as sensitive material (MG6D).")
    var sensitive = false

    @Flag(name: .long, help: "Add a physical exhibit, which has no file (needs --exhibit-ref and --description).")
    var physical = false

    @Option(name: .long, help: ArgumentHelp("Refuse the file unless its SHA-256 is HEX (the hash taken at acquisition).", valueName: "HEX"))
    var expectSha256: String?

    @Option(name: .long, help: ArgumentHelp("Review the items' retention on this day (YYYY-MM-DD); see evidence retention due.", valueName: "DATE"))
    var reviewDate: String?

    @Flag(name: .long, help: "Leave indexing for search to the next search (which catches up), e.g. for a large batch.")
    var noIndex = false

    @Argument(help: "Files or folders to add.")
    var paths: [String] = []

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    /// The bytes the user actually passed for `argument`: Swift decodes arguments as UTF-8,
    /// replacing bytes that are not, which would lose a Latin-1 file name from seized media.
    static func rawArgument(_ argument: String) -> RawPath {
        for index in 0..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                                                  count: strlen(pointer)))
            if String(decoding: bytes, as: UTF8.self) == argument { return RawPath(bytes: bytes) }
        }
        return RawPath(argument)
    }

    /// Indexes what was just committed, for this user's searches on this host. The items
    /// are stored whatever happens here: a failure is a warning, and the next search retries.
    static func index(_ session: Session, caseReference: String, wait: Double) {
        do {
            if let derived = try Indexing.indexer(session).catchUp(caseReference: caseReference, wait: wait), derived > 0 {
                Output.note("Recorded \(derived) part\(derived == 1 ? "" : "s") (attachments, messages) as items of their own; see evidence list.")
            }
        } catch {
            Output.warn("The items are stored, but indexing them for search failed (\(error)); the next search tries again.")
        }
    }

    func run() throws {
        try CommandRunner.run {
            var options = AddOptions(caseReference: `case`)
            options.kind = kind
            options.exhibitRef = metadata.exhibitRef
            options.description = metadata.description
            options.seizedBy = metadata.seizedBy
            options.location = metadata.location
            options.seal = metadata.seal
            options.storageLocation = metadata.storageLocation
            options.seizedAt = try metadata.seizedAtTime()
            options.sensitive = sensitive
            options.reason = user.reasonText()
            options.wait = try user.waitSeconds()
            if let classification {
                guard let level = Classification(rawValue: classification.uppercased()) else {
                    throw EvidenceError(.usage, "--classification must be OFFICIAL, OFFICIAL-SENSITIVE or SECRET.")
                }
                options.classification = level
            }
            options.reviewDate = try reviewDate.map { try DateArgument.parse($0, flag: "--review-date") }
            if let expectSha256 {
                guard let bytes = Hex.decode(expectSha256), bytes.count == 32 else {
                    throw EvidenceError(.usage, "--expect-sha256 takes 64 hexadecimal digits.")
                }
                options.expectedSHA256 = bytes
            }
            if physical {
                try addPhysical(options)
                return
            }
            guard !paths.isEmpty else { throw EvidenceError(.usage, "Name at least one file or folder to add.") }
            let session = try user.openSession(repository)
            let progress = ProgressLine("adding")
            var count = 0
            let outcome = try session.add(paths: paths.map(Self.rawArgument), options: options, warn: { Output.warn($0) },
                            progress: { path, bytes in progress.update("\(path): \(Output.size(Int64(bytes)))") }) { item in
                progress.finish()
                count += 1
                if output.json {
                    var object: [String: JSONValue] = [
                        "id": .string(item.id), "case": .string(item.caseID), "sha256": .string(item.sha256),
                        "size": .int(Int64(item.size)), "path": .string(item.path),
                    ]
                    if let duplicate = item.duplicateOf { object["duplicateOf"] = .string(duplicate) }
                    Output.json(.object(object))
                } else {
                    let duplicate = item.duplicateOf.map { "  (same content as \($0))" } ?? ""
                    Output.line("\(item.id)  \(item.sha256)  \(item.size)  \(item.path)\(duplicate)")
                }
            }
            progress.finish()
            if count > 0 && !noIndex { Self.index(session, caseReference: `case`, wait: options.wait) }
            // Files refused for changing while read: the others are committed (and indexed) first.
            if let failure = outcome.failure { throw failure }
        }
    }
}
