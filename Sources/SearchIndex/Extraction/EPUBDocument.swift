/// EPUB (2 and 3): META-INF/container.xml names the package document (OPF), whose spine
/// lists the XHTML content documents in reading order; each is read by the HTML extractor.
/// Title, author and the other Dublin Core properties come from the OPF's metadata.
enum EPUBDocument {
    static let mediaType = "application/epub+zip"
    static let opf = ["http://www.idpf.org/2007/opf"]
    /// Content documents the HTML extractor reads (EPUB 2 also allowed DTBook and plain XML,
    /// rare enough to be read the same way).
    static let readableTypes: Set<String> = ["application/xhtml+xml", "text/html", "application/x-dtbook+xml", "text/x-oeb1-document"]

    static func extract(_ reader: inout OfficeReader) -> ExtractedDocument {
        guard let packagePath = packageDocument(&reader) else {
            return ExtractedDocument(outcome: .failed, reason: reader.problems.first
                ?? "The EPUB has no package document (META-INF/container.xml names none that exists).")
        }
        let folder = OOXMLPackage.directory(of: packagePath)
        let elements = reader.elements(packagePath, localNames: ["item", "itemref"])
        var manifest: [String: (href: String, type: String)] = [:]
        var manifestOrder: [String] = []
        var spine: [String] = []
        for element in elements {
            if element.name.local == "item", let id = element.attributes.value("id"), let href = element.attributes.value("href") {
                let type = (element.attributes.value("media-type") ?? "").lowercased()
                if manifest[id] == nil { manifestOrder.append(id) }
                manifest[id] = (OOXMLPackage.resolve(href, from: folder), type)
            } else if element.name.local == "itemref", let idref = element.attributes.value("idref") {
                spine.append(idref)
            }
        }
        // Without a spine (a broken package), the manifest's documents in manifest order.
        let order = spine.isEmpty ? manifestOrder : spine
        let parts = order.compactMap { manifest[$0] }.filter { readableTypes.contains($0.type) }.map(\.href)
        let encrypted = encryptedParts(&reader)
        if let locked = parts.first(where: { encrypted.contains($0.lowercased()) }) {
            return ExtractedDocument(outcome: .failed,
                                     reason: "The EPUB is DRM-protected: its content (\(locked)) is encrypted and cannot be read.")
        }
        var seen = Set<String>()
        let context = TextExtractionContext(limits: reader.limits)
        for part in parts where seen.insert(part.lowercased()).inserted {
            guard !reader.buffer.isTruncated else { break }
            guard let bytes = reader.bytes(of: part) else {
                if !reader.hasPart(part) { reader.note("the spine names \(part), which the EPUB does not hold") }
                continue
            }
            let chapter = HTMLExtractor.extract(bytes[...], context: context, charsetLabel: nil)
            if chapter.outcome == .partial, let reason = chapter.reason { reader.note("\(part): \(reason)") }
            reader.buffer.appendBlock(chapter.text)
        }
        let properties = metadata(&reader, packagePath: packagePath)
        return reader.document(title: properties.title, fields: properties.fields, date: properties.dateMilliseconds)
    }

    /// The first rootfile of container.xml that is an OPF (the media type is optional in
    /// practice: the first rootfile is the default rendition).
    private static func packageDocument(_ reader: inout OfficeReader) -> String? {
        let rootfiles = reader.elements("META-INF/container.xml", localNames: ["rootfile"])
        let paths = rootfiles.compactMap { element -> (String, String)? in
            guard let path = element.attributes.value("full-path") else { return nil }
            return (OOXMLPackage.normalized(path), element.attributes.value("media-type") ?? "")
        }
        let chosen = paths.first { $0.1 == "application/oebps-package+xml" }?.0 ?? paths.first?.0
        if let chosen, reader.hasPart(chosen) { return chosen }
        // A package without a usable container.xml: its only .opf, if it has one.
        let opfs = reader.archive.entries.filter { $0.name.lowercased().hasSuffix(".opf") }
        return opfs.count == 1 ? opfs[0].name : nil
    }

    /// Parts META-INF/encryption.xml lists as encrypted (lowercased), but for fonts: EPUB's
    /// font obfuscation uses the same file and hides no text.
    private static func encryptedParts(_ reader: inout OfficeReader) -> Set<String> {
        guard reader.hasPart("META-INF/encryption.xml") else { return [] }
        var parts = Set<String>()
        for element in reader.elements("META-INF/encryption.xml", localNames: ["CipherReference"]) {
            if let uri = element.attributes.value("URI") { parts.insert(OOXMLPackage.resolve(uri, from: "").lowercased()) }
        }
        return parts
    }

    private static func metadata(_ reader: inout OfficeReader, packagePath: String) -> OfficeProperties {
        let dc = OOXMLNamespace.dublinCore
        let wanted = XMLTextRules.names(dc, ["title", "creator", "publisher", "subject", "description", "date", "language", "contributor"])
        let values = reader.fields(packagePath, wanted: wanted)
        func value(_ local: String) -> String? {
            dc.lazy.compactMap { values[XMLName(namespace: $0, local: local)] }.first
        }
        var properties = OfficeProperties()
        properties.title = value("title")
        properties.set("author", value("creator"))
        properties.set("contributor", value("contributor"))
        properties.set("publisher", value("publisher"))
        properties.set("subject", value("subject"))
        properties.set("description", value("description"))
        properties.set("language", value("language"))
        properties.setDate("published", value("date"))
        return properties
    }
}
