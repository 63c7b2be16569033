/// Renders a `CustodyReport` as one self-contained, printable HTML page: no scripts, no
/// external style sheets, fonts or images, every value escaped. The classes named in
/// docs/VERIFICATION.md §4 (`proof`, `leaf-hash`, `audit-path`, `entry`, `checkpoint`,
/// `verifier-key`, …) let a program read the proofs back out of the page.
public enum CustodyReportHTML {
    public static func render(_ report: CustodyReport) -> String {
        let item = report.item
        let label = item.exhibitRef ?? item.id
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Continuity and integrity report: exhibit \(e(label))</title>
            <style>
            body { font-family: Georgia, "Times New Roman", serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #000; line-height: 1.4; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #000; margin-top: 2em; } h3 { font-size: 1em; }
            table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
            th, td { border: 1px solid #777; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
            th { background: #eee; width: 12em; }
            code, pre { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.85em; overflow-wrap: anywhere; word-break: break-all; white-space: pre-wrap; }
            section.proof { border: 1px solid #999; padding: 0 1em; margin: 1em 0; break-inside: avoid; }
            ol.audit-path { margin: 0; padding-left: 1.5em; }
            @media print { body { margin: 0; max-width: none; } h2, h3 { break-after: avoid; } }
            </style>
            </head>
            <body>
            <h1>Continuity and integrity report</h1>
            <p>Exhibit <strong>\(e(label))</strong> (item <code>\(e(item.id))</code>) in case <strong>\(e(report.caseReference))</strong>\(report.caseTitle.map { ": \(e($0))" } ?? "").</p>
            <p>Produced by \(e(report.generatedBy)) on \(e(ContinuityStep.displayTime(report.generatedAt.description))) from the evidence repository <code>\(e(report.repositoryID))</code>, whose ledger held \(report.checkpoint.size) entries.</p>

            """
        html += identitySection(report)
        html += continuitySection(report)
        html += eventsSection(report)
        html += proofsSection(report)
        html += checkpointSection(report)
        html += howToCheckSection(report)
        html += "</body>\n</html>\n"
        return html
    }

    private static func e(_ text: String) -> String { HTMLText.escape(text) }

    private static func row(_ label: String, _ value: String?, code: Bool = false) -> String {
        guard let value else { return "" }
        let shown = code ? "<code>\(e(value))</code>" : e(value)
        return "<tr><th>\(e(label))</th><td>\(shown)</td></tr>\n"
    }

    private static func identitySection(_ report: CustodyReport) -> String {
        let item = report.item
        var rows = row("Item", item.id, code: true) + row("Exhibit reference", item.exhibitRef)
            + row("Description", item.description) + row("Kind", item.kind)
        if item.physical {
            rows += row("Content", "Physical exhibit: no digital content is held, so there is no SHA-256.")
        } else {
            rows += row("File", item.path ?? item.name) + row("Size", item.size.map { "\($0) bytes" })
                + row("SHA-256", item.sha256, code: true) + row("Media type", item.mediaType)
                + row("Commitment salt", item.salt, code: true) + row("Commitment", item.commitment, code: true)
        }
        rows += row("Seized by", item.seizedBy) + row("Seized at", item.seizedAt.map { ContinuityStep.displayTime($0) })
            + row("Place of seizure", item.location) + row("Seal at booking in", item.seal)
            + row("Stored at booking in", item.storageLocation) + row("Classification", item.classification)
            + row("Recorded", "\(ContinuityStep.displayTime(item.addedAt)), ledger entry \(item.addedSeq)")
        return """
            <h2>1. The exhibit</h2>
            <table class="identity">
            \(rows)</table>

            """
    }

    private static func continuitySection(_ report: CustodyReport) -> String {
        var rows = ""
        for step in report.continuity.steps {
            rows += "<tr><td>\(e(step.displayTime))</td><td>\(step.seq.map { "<a href=\"#entry-\($0)\">\($0)</a>" } ?? "–")</td>"
                + "<td>\(e(step.recordedBy ?? "–"))</td><td>\(e(step.text))</td></tr>\n"
        }
        return """
            <h2>2. Continuity</h2>
            <p class="current">Now \(e(report.continuity.current.summary)).</p>
            <table class="continuity">
            <tr><th>When (UTC)</th><th>Ledger entry</th><th>Recorded by</th><th>What happened</th></tr>
            \(rows)</table>

            """
    }

    private static func eventsSection(_ report: CustodyReport) -> String {
        var rows = ""
        for event in report.events {
            rows += "<tr><td><a href=\"#entry-\(event.entry.seq)\">\(event.entry.seq)</a></td>"
                + "<td>\(e(ContinuityStep.displayTime(event.entry.time)))</td><td><code>\(e(event.entry.type))</code></td>"
                + "<td>\(e(event.actorName))</td><td>\(e(event.summary))</td></tr>\n"
        }
        return """
            <h2>3. Every ledger entry about this exhibit</h2>
            <p>Custody and access events, as recorded and signed by the user named. Refused attempts to reach the exhibit are recorded too, in the audit parts of the ledger, which an auditor opens.</p>
            <table class="events">
            <tr><th>Entry</th><th>Recorded (UTC)</th><th>Type</th><th>By</th><th>What</th></tr>
            \(rows)</table>

            """
    }

    private static func proofsSection(_ report: CustodyReport) -> String {
        var html = """
            <h2>4. Proofs of inclusion</h2>
            <p>Each proof below shows (RFC 9162, section 2.1.3) that the entry given is entry number <em>leaf index</em> of the ledger whose tree of \(report.checkpoint.size) entries the checkpoint in section 5 signs. Hashes are hexadecimal; the audit path is listed lowest level first.</p>

            """
        for event in report.events {
            let proof = event.proof
            let path = proof.auditPath.isEmpty
                ? "<ol class=\"audit-path\"></ol>(empty: the entry is the whole tree)"
                : "<ol class=\"audit-path\">" + proof.auditPath.map { "<li><code>\(Hex.encode($0))</code></li>" }.joined() + "</ol>"
            html += """
                <section class="proof" id="entry-\(event.entry.seq)" data-seq="\(event.entry.seq)">
                <h3>Entry \(event.entry.seq): \(e(event.entry.type)), recorded \(e(ContinuityStep.displayTime(event.entry.time)))</h3>
                <table>
                <tr><th>Leaf index</th><td class="leaf-index">\(proof.leafIndex)</td></tr>
                <tr><th>Tree size</th><td class="tree-size">\(proof.treeSize)</td></tr>
                <tr><th>Leaf hash</th><td><code class="leaf-hash">\(Hex.encode(proof.leafHash))</code></td></tr>
                <tr><th>Audit path</th><td>\(path)</td></tr>
                <tr><th>Entry (base64)</th><td><code class="entry">\(Base64.encode(proof.entry))</code></td></tr>
                </table>
                </section>

                """
        }
        return html
    }

    private static func checkpointSection(_ report: CustodyReport) -> String {
        let checkpoint = report.checkpoint
        return """
            <h2>5. The signed checkpoint</h2>
            <p>The ledger's signed checkpoint (a C2SP tlog-checkpoint signed note), exactly as the repository holds it:</p>
            <pre class="checkpoint">\(e(report.signedCheckpoint))</pre>
            <table>
            <tr><th>Origin</th><td><code>\(e(checkpoint.origin))</code></td></tr>
            <tr><th>Tree size</th><td class="checkpoint-size">\(checkpoint.size)</td></tr>
            <tr><th>Root hash (hex)</th><td><code class="root-hash">\(Hex.encode(checkpoint.rootHash))</code></td></tr>
            </table>
            <p>The log's verifier key: <code class="verifier-key">\(e(report.verifierKey.encoded))</code></p>
            \(chainParagraph(report))
            <p>Obtain this key from the repository's custodian independently of this report (<code>evidence init</code> and <code>evidence checkpoint --verifier-key</code> print it) and compare: the proofs are only as trustworthy as a key that did not come from the report itself.</p>

            """
    }

    /// After a rotation: the keys in order, so that an expert holding an earlier key can
    /// follow the `log-key.rotated` entries (each signed by the key before it) to this one.
    private static func chainParagraph(_ report: CustodyReport) -> String {
        guard !report.logKeyChain.isEmpty else { return "" }
        let items = report.logKeyChain.map { link in
            "<li>from tree size \(link.fromSize): <code>\(e(link.key.encoded))</code></li>"
        }.joined()
        return """
            <p>The log's signing key was rotated. Each rotation is a <code>log-key.rotated</code> ledger entry signed by the key before it; the checkpoint of a tree of a given size is signed by the last key whose first size is not above it:</p>
            <ul class="log-keys">\(items)</ul>

            """
    }

    private static func howToCheckSection(_ report: CustodyReport) -> String {
        let commitmentStep = report.item.physical ? "" : """
            <li><strong>The exhibit's SHA-256.</strong> Hash the original file (<code>sha256sum FILE</code>) and compare with section 1. The ledger entry that added the file (its <code>item.added</code> entry, proven above) holds the member <code>commitment</code> = SHA-256(salt ‖ SHA-256 of the file), with both taken as bytes: <code>(echo SALT; echo SHA256) | xxd -r -p | sha256sum</code> must print the commitment. The salt makes the commitment reveal nothing until it is disclosed, as here.</li>

            """
        return """
            <h2>6. How to check this report by hand</h2>
            <ol class="how-to-check">
            <li><strong>The key.</strong> The verifier key is <code>NAME+KEYID+KEY</code>. KEY is base64 of the byte 0x01 followed by the 32-byte Ed25519 public key; KEYID is the first four bytes, in hexadecimal, of SHA-256(NAME ‖ 0x0A ‖ 0x01 ‖ public key). NAME is the ledger's origin.</li>
            <li><strong>The checkpoint.</strong> Its first three lines, each with its newline, are the signed text: the origin, the tree size and the root hash in base64. After the blank line, the line beginning with an em dash, the origin and a space carries base64 of the 4-byte key id followed by the 64-byte Ed25519 signature of the signed text. The key id must be KEYID and the signature must verify with the public key (for example <code>openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in text -sigfile sig</code>).</li>
            <li><strong>Each entry.</strong> Decode the entry from base64; its leaf hash is SHA-256(0x00 ‖ entry): <code>base64 -d entry.b64 &gt; entry.bin; (printf '\\000'; cat entry.bin) | sha256sum</code> must print the leaf hash shown. The entry is canonical JSON: its <code>seq</code> equals the leaf index, and its <code>time</code>, <code>type</code>, <code>item</code> and <code>actor</code> can be read directly (the descriptive details are encrypted in its <code>sealed</code> member).</li>
            <li><strong>Each audit path</strong> (RFC 9162, section 2.1.3.2). Let fn = leaf index, sn = tree size − 1 and r = leaf hash. For each hash p of the audit path, in order: if fn is odd or fn = sn, set r = SHA-256(0x01 ‖ p ‖ r) and then, if fn is even, halve fn and sn (rounding down) until fn is odd or 0; otherwise set r = SHA-256(0x01 ‖ r ‖ p). Then halve fn and sn. At the end sn must be 0 and r must equal the checkpoint's root hash. One step in a shell: <code>(printf '\\001'; echo LEFT | xxd -r -p; echo RIGHT | xxd -r -p) | sha256sum</code>.</li>
            \(commitmentStep)<li><strong>Later.</strong> Keep the checkpoint. With a later one, <code>evidence prove --consistency</code> gives the RFC 9162 consistency proof that the ledger only grew since, so these proofs stay valid; a ledger that was rewritten cannot produce it.</li>
            </ol>

            """
    }
}
