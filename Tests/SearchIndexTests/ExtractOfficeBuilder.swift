import Foundation
@testable import SearchIndex

/// Builds office packages for the tests with Python's zipfile, from parts given as text.
enum ExtractOfficeBuilder {
    struct Part: Encodable {
        var name: String
        var content: String
        /// ODF's mimetype entry must be stored, not deflated.
        var stored = false
    }

    static let script = #"""
import json, sys, zipfile
parts = json.load(open(sys.argv[1]))
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    for part in parts:
        z.writestr(part["name"], part["content"].encode("utf-8"),
                   zipfile.ZIP_STORED if part["stored"] else zipfile.ZIP_DEFLATED)
"""#

    /// The package's bytes; `encrypting` parts are added afterwards with zip(1) -P, so they
    /// carry real traditional PKWARE encryption.
    static func package(_ parts: [Part], encrypting: [Part] = []) throws -> [UInt8] {
        let directory = try ZipTestTools.temporaryDirectory("office")
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appendingPathComponent("parts.json")
        try JSONEncoder().encode(parts).write(to: json)
        let output = directory.appendingPathComponent("package.zip")
        try ZipTestTools.python(script, [json.path, output.path])
        for part in encrypting {
            let file = directory.appendingPathComponent("plain").appendingPathComponent(part.name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(part.content.utf8).write(to: file)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["zip", "-q", "-P", "secret", output.path, part.name]
            process.currentDirectoryURL = directory.appendingPathComponent("plain")
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw ZipTestTools.ProcessFailure(description: "zip -P failed") }
        }
        return try ZipTestTools.bytes(output)
    }

    static let hasZipTool: Bool = (try? ZipTestTools.run("zip", ["-v"], timeout: 30)) != nil

    static let xmlHeader = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let officeRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(_ overrides: [(String, String)]) -> Part {
        let entries = overrides.map { #"<Override PartName="\#($0.0)" ContentType="\#($0.1)"/>"# }.joined()
        return Part(name: "[Content_Types].xml", content: xmlHeader + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\(entries)</Types>
        """)
    }

    /// A .rels part: (id, type's last segment, target), types in the transitional namespace
    /// (core-properties has its own).
    static func relationships(_ name: String, _ relationships: [(String, String, String)], external: [String] = []) -> Part {
        var body = relationships.map { id, type, target in
            let base = type == "core-properties" ? "http://schemas.openxmlformats.org/package/2006/relationships/metadata"
                : officeRelationship
            return #"<Relationship Id="\#(id)" Type="\#(base)/\#(type)" Target="\#(target)"/>"#
        }.joined()
        for (index, url) in external.enumerated() {
            body += #"<Relationship Id="ext\#(index)" Type="\#(officeRelationship)/hyperlink" Target="\#(url)" TargetMode="External"/>"#
        }
        return Part(name: name, content: xmlHeader + #"<Relationships xmlns="\#(relationshipsNamespace)">\#(body)</Relationships>"#)
    }

    static func coreProperties(title: String, creator: String, created: String) -> Part {
        Part(name: "docProps/core.xml", content: xmlHeader + """
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>\(title)</dc:title>\
        <dc:creator>\(creator)</dc:creator><cp:keywords>burglary, exhibit</cp:keywords>\
        <dcterms:created xsi:type="dcterms:W3CDTF">\(created)</dcterms:created></cp:coreProperties>
        """)
    }

    static let wordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// A DOCX whose main part (word/main.xml, found through _rels/.rels) has `body` inside w:body,
    /// with the w namespace bound to the prefix `x` to show prefixes do not matter.
    static func docx(body: String, doctype: String = "", extraParts: [Part] = [],
                     extraRelationships: [(String, String, String)] = [], encrypting: [Part] = []) throws -> [UInt8] {
        let document = xmlHeader + doctype + """
        <x:document xmlns:x="\(wordNamespace)" \
        xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" \
        xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><x:body>\(body)</x:body></x:document>
        """
        return try package([
            contentTypes([("/word/main.xml", wordMain)]),
            relationships("_rels/.rels", [("rId1", "officeDocument", "word/main.xml"),
                                          ("rId2", "core-properties", "docProps/core.xml")]),
            Part(name: "word/main.xml", content: document),
            relationships("word/_rels/main.xml.rels", extraRelationships, external: ["http://example.org/"]),
            coreProperties(title: "Statement of witness", creator: "PC 1234 Smith", created: "2024-03-05T10:11:12Z"),
        ] + extraParts, encrypting: encrypting)
    }

    static func wordPart(_ name: String, root: String, _ paragraphs: String) -> Part {
        Part(name: name, content: xmlHeader + #"<w:\#(root) xmlns:w="\#(wordNamespace)">\#(paragraphs)</w:\#(root)>"#)
    }

    static func paragraph(_ text: String) -> String {
        "<w:p><w:r><w:t>\(text)</w:t></w:r></w:p>"
    }
}
