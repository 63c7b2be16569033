import ArgumentParser
import EvidenceService
import EvidenceStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Invite, enrol, list and disable users.",
        subcommands: [UserAddCommand.self, UserEnrolCommand.self, UserListCommand.self, UserDisableCommand.self]
    )
}

struct UserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Invite a user (administrators): prints a one-time enrolment code to hand to them.",
        discussion: "The new user runs `evidence user enrol --user NAME`, types the code when asked (or gives it on standard input or with --code-file FILE) and chooses their own passphrase; the administrator never knows it."
    )

    @Argument(help: "The new user's name (lowercase letters, digits, '.', '-', '_').")
    var name: String

    @Option(name: .long, parsing: .upToNextOption, help: "One or more roles of the policy in force.")
    var role: [String] = []

    @Option(name: .long, help: "BPSS, SC or DV.")
    var clearance: String = "BPSS"

    @Option(name: .long, help: ArgumentHelp("log2 of scrypt's N protecting the enrolment.", valueName: "N"))
    var kdfCost: Int = 16

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            let roles = role.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            let (name, clearance, kdfCost, reason, wait) = (name, clearance.uppercased(), kdfCost, user.reasonText(),
                                                            try user.waitSeconds())
            let invitation = try user.signIn(repository).run {
                try await $0.inviteUser($1, name: name, roles: roles, clearance: clearance, kdfCost: kdfCost, reason: reason,
                                        wait: wait)
            }
            let (id, code) = (invitation.userID, invitation.enrolmentCode)
            if output.json {
                Output.json(["user": .string(id), "name": .string(name), "enrolmentCode": .string(code)])
            } else {
                Output.line("Invited \(name) (\(id)) as \(roles.joined(separator: ", ")), clearance \(clearance.uppercased()).")
                Output.line("Enrolment code (shown only now; hand it to \(name) in person):")
                Output.line("  \(code)")
                Output.line("They run: evidence user enrol --user \(name)   (and type the code when asked)")
            }
        }
    }
}

struct UserEnrolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrol",
        abstract: "Accept an invitation: create your keys under a passphrase only you know.",
        discussion: "The enrolment code your administrator gave you is asked for on the terminal, or read from the first line of standard input or of --code-file FILE; never from the command line, where ps and the shell's history would keep it.")

    /// Only to refuse it with a sentence saying how to give the code instead.
    @Argument(help: .hidden)
    var codeArgument: String?

    @Option(name: .long, help: ArgumentHelp("Read the enrolment code from the first line of FILE.", valueName: "FILE"))
    var codeFile: String?

    @Option(name: .long, help: ArgumentHelp("Your user name (or EVIDENCE_USER).", valueName: "NAME"))
    var user: String?

    @Option(name: .long, help: ArgumentHelp("Read your new passphrase from FILE (or EVIDENCE_NEW_PASSPHRASE).", valueName: "FILE"))
    var newPassphraseFile: String?

    @Option(name: .long, help: ArgumentHelp("log2 of scrypt's N protecting your keys.", valueName: "N"))
    var kdfCost: Int = 16

    @Option(name: .long, help: ArgumentHelp("Wait up to SECONDS for another writer to finish.", valueName: "SECONDS"))
    var wait: Double = 0

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
        try CommandRunner.run {
            guard codeArgument == nil else {
                throw EvidenceError(.usage, "The enrolment code is not taken on the command line, where ps and the shell's history would keep it: type it when asked, give it on standard input, or use --code-file FILE.")
            }
            let name = user ?? ProcessInfo.processInfo.environment["EVIDENCE_USER"] ?? ""
            guard !name.isEmpty else { throw EvidenceError(.usage, "Name yourself with --user NAME or EVIDENCE_USER.") }
            let code = try enrolmentCode()
            let passphrase = try Passphrase.read(file: newPassphraseFile, environment: "EVIDENCE_NEW_PASSPHRASE",
                                                 prompt: "New passphrase for \(name)", confirm: true)
            let service = try repository.service()
            let (kdfCost, wait) = (kdfCost, wait)
            let userID = try ServiceCall.wait {
                try await service.enrol(userName: name, code: code, passphrase: passphrase, kdfCost: kdfCost, wait: wait)
            }
            Output.line("Enrolled \(name) (\(userID)); your keys are sealed under your passphrase.")
        }
    }

    /// The code from --code-file, a prompt on the terminal, or the first line of standard input.
    private func enrolmentCode() throws -> String {
        let code: String
        if let codeFile {
            code = try Passphrase.firstLine(of: codeFile)
        } else if isatty(STDIN_FILENO) == 1 {
            code = try Passphrase.promptHidden("Enrolment code: ")
        } else {
            code = Swift.readLine(strippingNewline: true) ?? ""
        }
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw EvidenceError(.usage, "No enrolment code was given: type it when asked, give it on standard input, or use --code-file FILE.")
        }
        return trimmed
    }
}

struct UserListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users and pending invitations.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CommandRunner.run {
            for summary in try user.signIn(repository).run({ try await $0.users($1) }) {
                if output.json {
                    Output.json(.object([
                        "id": .string(summary.id), "name": .string(summary.name),
                        "roles": .array(summary.roles.map(JSONValue.string)),
                        "clearance": summary.clearance.map(JSONValue.string) ?? .null, "state": .string(summary.state),
                    ]))
                } else {
                    Output.line("\(summary.id)  \(summary.name)  \(summary.roles.joined(separator: ","))  \(summary.clearance ?? "-")  \(summary.state)")
                }
            }
        }
    }
}

struct UserDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Stop a user from acting (administrators).")

    @Argument(help: "The user's name.")
    var name: String

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var user: UserOptions

    func run() throws {
        try CommandRunner.run {
            let (name, reason, wait) = (name, user.reasonText(), try user.waitSeconds())
            try user.signIn(repository).run { try await $0.disableUser($1, name: name, reason: reason, wait: wait) }
            Output.line("Disabled \(name).")
        }
    }
}
