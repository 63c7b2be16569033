import EvidenceStore
import Foundation

// Every failure leaves as one sentence on stderr and a sysexits code; see CommandRunner.
EvidenceCommand.main()
