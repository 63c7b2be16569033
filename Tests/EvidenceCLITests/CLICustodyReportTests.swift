import EvidenceStore
import Foundation
import Testing

/// `evidence custody report ITEM -o FILE.html`: one self-contained printable page
/// whose proofs an expert can check by hand (here: by the outsider's verifier).
@Suite("CLI: custody report")
struct CLICustodyReportTests {
    /// The text between `open` and the next `close` after it, for each occurrence.
    static func all(_ html: String, between open: String, and close: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let start = rest.range(of: open) {
            guard let end = rest[start.upperBound...].range(of: close) else { break }
            found.append(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// Undoes the five entities the report writes.
    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The proofs marked up as docs/VERIFICATION.md §4 says, read back out of the page.
    static func proofs(_ html: String) throws -> [PrintedInclusion] {
        try all(html, between: "<section class=\"proof\"", and: "</section>").map { section in
            let seq = try #require(UInt64(all(section, between: "data-seq=\"", and: "\"").first ?? ""))
            let leafIndex = try #require(UInt64(all(section, between: "<td class=\"leaf-index\">", and: "<").first ?? ""))
            let treeSize = try #require(UInt64(all(section, between: "<td class=\"tree-size\">", and: "<").first ?? ""))
            let leafHash = try ProofTextParser.hex(all(section, between: "<code class=\"leaf-hash\">", and: "<").first ?? "")
            let entry = try #require(Base64.decode(all(section, between: "<code class=\"entry\">", and: "<").first ?? ""))
            let path = all(section, between: "<ol class=\"audit-path\">", and: "</ol>").first ?? ""
            let hashes = try all(path, between: "<li><code>", and: "</code></li>").map(ProofTextParser.hex)
            return PrintedInclusion(seq: seq, leafIndex: leafIndex, treeSize: treeSize, leafHash: leafHash, entry: entry,
                                    auditPath: hashes)
        }
    }

    @Test("the report shows identity, SHA-256, continuity, every event with its proof, the checkpoint and the key")
    func report() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.ok(["checkpoint", "--verifier-key"]).out.trimmingCharacters(in: .newlines)
            // Text chosen by whoever seized or described the exhibit must not become markup.
            let hostile = "<script>alert(\"x\")</script> & 'quoted' <b>bold</b>"
            let content = Data("CCTV still, frame 1207".utf8)
            let item = try bed.addOne(try bed.write("in/still.txt", content),
                                      extra: ["--exhibit-ref", "CCTV/<1>", "--description", hostile, "--seal", "EV9&9"])
            try bed.ok(["custody", "transfer", item, "--to", "DC \"Jonesy\" <Jones>", "--reason", "Review & analysis"])
            _ = try bed.get(item)
            let output = bed.path("out/report.html")
            try FileManager.default.createDirectory(atPath: bed.path("out"), withIntermediateDirectories: true)
            let wrote = try bed.ok(["custody", "report", item, "-o", output])
            #expect(wrote.out.contains("3 ledger entries"), "\(wrote)")
            let html = String(decoding: try bed.read(output), as: UTF8.self)

            // Self-contained and inert: no scripts, no external resources, every value escaped.
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            for forbidden in ["<script", "<b>bold", "src=", "http://", "https://", "<link", "@import"] {
                #expect(!html.contains(forbidden), "the report contains \(forbidden)")
            }
            #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;"))
            #expect(html.contains("CCTV/&lt;1&gt;") && html.contains("EV9&amp;9") && html.contains("DC &quot;Jonesy&quot; &lt;Jones&gt;"))

            // Identity: the SHA-256 examiners write on labels, and the commitment that binds it.
            let sha = SHA256Hex.of(content)
            #expect(html.contains(sha), "the report lacks the SHA-256")
            let salt = try #require(Self.row(html, "Commitment salt"), "the report lacks the commitment salt")

            // Every custody and access event, each with its proof against the signed checkpoint.
            let proofs = try Self.proofs(html)
            let note = Self.unescape(try #require(Self.all(html, between: "<pre class=\"checkpoint\">", and: "</pre>").first))
            let checkpoint = try OutsiderMerkle.openCheckpoint(Array(note.utf8), key: key)
            let entries = try proofs.map { proof in
                #expect(proof.treeSize == checkpoint.size)
                return try proof.verify(root: checkpoint.rootHash)
            }
            #expect(entries.compactMap { $0["type"] as? String } == ["item.added", "custody.transferred", "item.read"])
            #expect(entries.allSatisfy { $0["item"] as? String == item })
            // The proven item.added entry commits to SHA-256(salt ‖ SHA-256 of the file).
            let commitment = try #require(entries.first?["commitment"] as? String)
            #expect(html.contains(commitment))
            #expect(Hex.encode(try SHA256.hash(try #require(Hex.decode(salt)) + (try #require(Hex.decode(sha))))) == commitment)
            #expect(Self.all(html, between: "<code class=\"verifier-key\">", and: "</code>").first.map(Self.unescape) == key)
            for heading in ["1. The exhibit", "2. Continuity", "3. Every ledger entry about this exhibit", "4. Proofs of inclusion",
                            "5. The signed checkpoint", "6. How to check this report by hand"] {
                #expect(html.contains(heading), "no section \(heading)")
            }
            #expect(html.contains("Handed over by officer to DC &quot;Jonesy&quot; &lt;Jones&gt;"))
            #expect(html.contains("Content read (decrypted and checked)"))

            // To standard output, the same page (but for the time it was produced).
            let piped = try bed.ok(["custody", "report", item, "-o", "-"])
            #expect(try Self.proofs(piped.out).count == 3)
        }
    }

    @Test("a physical exhibit's report has no SHA-256; an impossible destination is refused before anything is read")
    func physicalAndBadDestination() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let knife = try CLICustodyTests.addKnife(bed)
            try bed.ok(["custody", "transfer", knife, "--to", "Forensic lab", "--reason", "examination", "--seal", "EV2"])
            let output = bed.path("knife.html")
            try bed.ok(["custody", "report", knife, "-o", output])
            let html = String(decoding: try bed.read(output), as: UTF8.self)
            #expect(html.contains("Physical exhibit: no digital content is held, so there is no SHA-256."))
            #expect(html.contains("Seized by PC 2417 SHAW at rear garden, 27 Wrenfield Road."))
            #expect(html.contains("seal EV2 (was EV123456)"))
            #expect(try Self.proofs(html).count == 2)

            let checkpoint = try bed.ok(["checkpoint"]).out
            try bed.fails(74, ["custody", "report", knife, "-o", bed.path("no/such/folder/r.html")])
            try bed.fails(74, ["custody", "report", knife, "-o", bed.root])
            try bed.usageError(["custody", "report", knife])
            #expect(try bed.ok(["checkpoint"]).out == checkpoint, "a report records nothing")
        }
    }

    /// The value of a row of the identity table.
    static func row(_ html: String, _ label: String) -> String? {
        all(html, between: "<tr><th>\(label)</th><td><code>", and: "</code>").first
    }
}

/// Hex SHA-256 of test data.
enum SHA256Hex {
    static func of(_ data: Data) -> String { (try? SHA256.hash([UInt8](data))).map { Hex.encode($0) } ?? "" }
}
