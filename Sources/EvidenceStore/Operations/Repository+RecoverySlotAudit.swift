import Foundation

extension Repository {
    /// Recovery slots, as far as anyone can check them without a passphrase: each file under
    /// `keys/` is a slot of this repository named by its file name, in canonical JSON (§1,
    /// §5.1: readers reject other bytes), with passphrase-box parameters a reader may run. A
    /// damaged slot would otherwise only show when someone needs it, in an emergency.
    func checkRecoverySlots(into report: inout VerificationReport) {
        let folder = file("keys")
        for name in ((try? FileSystem.list(folder)) ?? []).sorted() where !name.hasPrefix(".") {
            let what = "keys/\(name)"
            do {
                guard ULID.isValid(name, prefix: "slot") else { throw FormatError("\(what) is not named by a slot id") }
                let bytes = try FileSystem.read(file(what), limit: 64 * 1024)
                let fields = try JSONFields(bytes: bytes, magic: RecoverySlot.magic, what: what)
                guard try fields.string("slot") == name, try fields.string("repository") == repositoryID else {
                    throw FormatError("\(what) belongs to another slot or repository")
                }
                _ = try fields.string("label")
                _ = try fields.timestamp("created")
                _ = try PassphraseBox.parameters(of: fields)
            } catch let error as FormatError {
                report.problems.append("\(error.description): the recovery key slot was altered or planted")
            } catch {
                report.problems.append("\(what) could not be read: \(error)")
            }
        }
    }
}
