import ArgumentParser
import EvidenceService
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

    /// Says what indexing after a commit did: the items are stored whatever happened there,
    /// so a failure is a warning, and the next search tries again.
    static func reportIndexing(derivedParts: Int, failure: ServiceError?) {
        if let failure {
            Output.warn("The items are stored, but indexing them for search failed (\(failure.storeError?.message ?? failure.message)); the next search tries again.")
        } else if derivedParts > 0 {
            Output.note("Recorded \(derivedParts) part\(derivedParts == 1 ? "" : "s") (attachments, messages) as items of their own; see evidence list.")
        }
    }

    /// The request, with every argument checked here first so that a mistake is named by its
    /// flag before the passphrase is asked for.
    func makeRequest() throws -> AddRequest {
        var request = AddRequest(caseReference: `case`, rawPaths: paths.map(Self.rawArgument))
        request.kind = kind
        request.exhibitRef = metadata.exhibitRef
        request.description = metadata.description
        request.seizedBy = metadata.seizedBy
        request.location = metadata.location
        request.seal = metadata.seal
        request.storageLocation = metadata.storageLocation
        request.seizedAt = metadata.seizedAt
        request.sensitive = sensitive
        request.reason = user.reasonText()
        request.index = !noIndex
        request.classification = classification
        request.reviewDate = reviewDate
        request.expectedSHA256 = expectSha256
        // The service's own checks, whose sentences name the CLI's flags when thrown here.
        _ = try request.options(wait: 0)
        return request
    }

    func run() throws {
        try CommandRunner.run {
            let request = try makeRequest()
            let wait = try user.waitSeconds()
            if physical {
                try addPhysical(request, wait: wait)
                return
            }
            guard !paths.isEmpty else { throw EvidenceError(.usage, "Name at least one file or folder to add.") }
            let call = try user.signIn(repository)
            let progress = ProgressLine("adding")
            let json = output.json
            let observer = AddObserver(
                warn: { Output.warn($0) },
                progress: { path, bytes in progress.update("\(path): \(Output.size(Int64(bytes)))") },
                item: { item in
                    progress.finish()
                    if json {
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
                })
            let result = try call.run { try await $0.add($1, request, wait: wait, observer: observer) }
            progress.finish()
            Self.reportIndexing(derivedParts: result.derivedParts, failure: result.indexingFailure)
            // Files refused for changing while read: the others are committed (and indexed) first.
            if let failure = result.failure { throw failure }
        }
    }
}
