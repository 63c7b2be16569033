"""Builds the XPS, OpenXPS and XLSB fixtures by hand, per ECMA-388 (XPS), the OpenXPS
namespaces, and [MS-XLSB] (Microsoft's open specification of the binary workbook): no tool
here writes these formats (LibreOffice 7.4 has no export filter for any of them). Standard
library only; run from this folder: python3 make.py. Every word is invented."""
import struct
import zipfile

XPS_NS = "http://schemas.microsoft.com/xps/2005/06"
OXPS_NS = "http://schemas.openxps.org/oxps/v1.0"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 3, 14, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data if isinstance(data, bytes) else data.encode("utf-8"))


def core(title, creator):
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-14T12:00:00Z</dcterms:created></cp:coreProperties>')


def glyphs(x, y, text):
    return (f'<Glyphs Fill="#ff000000" FontUri="/Resources/Fonts/sans.odttf" FontRenderingEmSize="12" '
            f'OriginX="{x}" OriginY="{y}" UnicodeString="{text}"/>')


def xps(path, ns, representation, content_types):
    pages = [
        [glyphs(96, 96, "Manifest of the trawler Sea Wren"),
         glyphs(96, 120, "Cargo: twelve crates of"), glyphs(260, 120, "cardamom"),
         glyphs(96, 144, "{}{sealed} by the harbour constable")],
        ['<Canvas>' + glyphs(96, 96, "Second page: the quartermaster signed at noon") + '</Canvas>'],
    ]
    parts = [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         f'<Default Extension="fdseq" ContentType="{content_types[0]}"/>'
         f'<Default Extension="fdoc" ContentType="{content_types[1]}"/>'
         f'<Default Extension="fpage" ContentType="{content_types[2]}"/>'
         '<Default Extension="odttf" ContentType="application/vnd.ms-package.obfuscated-opentype"/>'
         '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
         '</Types>'),
        ("_rels/.rels",
         f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
         f'<Relationship Id="R0" Type="{representation}" Target="/FixedDocumentSequence.fdseq"/>'
         '<Relationship Id="R1" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
         'Target="/docProps/core.xml"/></Relationships>'),
        ("FixedDocumentSequence.fdseq",
         f'<FixedDocumentSequence xmlns="{ns}"><DocumentReference Source="/Documents/1/FixedDocument.fdoc"/></FixedDocumentSequence>'),
        ("Documents/1/FixedDocument.fdoc",
         f'<FixedDocument xmlns="{ns}"><PageContent Source="Pages/1.fpage"/><PageContent Source="Pages/2.fpage"/></FixedDocument>'),
        ("docProps/core.xml", core("Sea Wren cargo manifest", "Harbour Constable Idris Mbeki")),
    ]
    for number, page in enumerated(pages):
        parts.append((f"Documents/1/Pages/{number}.fpage",
                      f'<FixedPage xmlns="{ns}" xml:lang="en-GB" Width="816" Height="1056">{"".join(page)}</FixedPage>'))
    write_zip(path, parts)


def enumerated(items):
    return [(index + 1, item) for index, item in enumerate(items)]


def varint(value, limit):
    out = bytearray()
    for _ in range(limit):
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)
    raise ValueError("too large")


def record(kind, data=b""):
    return varint(kind, 2) + varint(len(data), 4) + data


def wide(text):
    units = text.encode("utf-16-le")
    return struct.pack("<I", len(units) // 2) + units


def cell(column):
    return struct.pack("<II", column, 0)


def row(number):
    # BrtRowHdr: rw, ixfe, miyRw, flags (2 bytes), flags (1 byte), ccolspan = 0.
    return record(0, struct.pack("<IIHHBI", number, 0, 300, 0, 0, 0))


def rk_integer(value):
    return struct.pack("<I", ((value << 2) | 0x2) & 0xFFFFFFFF)


def xlsb(path):
    strings = ["Exhibit", "Description", "Value", "JS/1", "brass sextant", "JS/2", "walnut writing slope"]
    sst = record(159, struct.pack("<II", len(strings), len(strings)))
    for text in strings:
        sst += record(19, b"\x00" + wide(text))
    sst += record(160)

    # BrtBeginSheet, BrtWsDim (rows and columns used), BrtBeginSheetData.
    sheet1 = record(129) + record(148, struct.pack("<iiii", 0, 2, 0, 2)) + record(145)
    sheet1 += row(0) + b"".join(record(7, cell(c) + struct.pack("<I", c)) for c in range(3))
    sheet1 += row(1) + record(7, cell(0) + struct.pack("<I", 3)) + record(7, cell(1) + struct.pack("<I", 4))
    sheet1 += record(2, cell(2) + rk_integer(1250))
    sheet1 += row(2) + record(7, cell(0) + struct.pack("<I", 5)) + record(7, cell(1) + struct.pack("<I", 6))
    sheet1 += record(5, cell(2) + struct.pack("<d", 87.5))
    sheet1 += record(146) + record(130)

    # Inline strings, a string formula's cached value, a boolean.
    sheet2 = record(129) + record(148, struct.pack("<iiii", 0, 1, 0, 1)) + record(145)
    sheet2 += row(0) + record(6, cell(0) + wide("Inline note: the ferryman's lantern"))
    sheet2 += row(1) + record(8, cell(0) + wide("formula said kingfisher") + struct.pack("<HII", 0, 0, 0))
    sheet2 += record(4, cell(1) + b"\x01")
    sheet2 += record(146) + record(130)

    workbook = record(131) + record(143)
    for index, (rid, name) in enumerate([("rId1", "Exhibits"), ("rId2", "Notes")]):
        workbook += record(156, struct.pack("<II", 0, index + 1) + wide(rid) + wide(name))
    workbook += record(144) + record(132)

    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
         '<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
         '<Override PartName="/xl/worksheets/sheet2.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
         '<Override PartName="/xl/sharedStrings.bin" ContentType="application/vnd.ms-excel.sharedStrings"/>'
         '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
         '</Types>'),
        ("_rels/.rels",
         f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
         f'<Relationship Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.bin"/>'
         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
         'Target="docProps/core.xml"/></Relationships>'),
        ("xl/_rels/workbook.bin.rels",
         f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
         f'<Relationship Id="rId1" Type="{office}/worksheet" Target="worksheets/sheet1.bin"/>'
         f'<Relationship Id="rId2" Type="{office}/worksheet" Target="worksheets/sheet2.bin"/>'
         f'<Relationship Id="rId3" Type="{office}/sharedStrings" Target="sharedStrings.bin"/></Relationships>'),
        ("xl/workbook.bin", workbook),
        ("xl/sharedStrings.bin", sst),
        ("xl/worksheets/sheet1.bin", sheet1),
        ("xl/worksheets/sheet2.bin", sheet2),
        ("docProps/core.xml", core("Property store exhibits", "Exhibits Officer Ruth Adeyemi")),
    ]
    write_zip(path, parts)


xps("manifest.xps", XPS_NS, "http://schemas.microsoft.com/xps/2005/06/fixedrepresentation",
    ["application/vnd.ms-package.xps-fixeddocumentsequence+xml", "application/vnd.ms-package.xps-fixeddocument+xml",
     "application/vnd.ms-package.xps-fixedpage+xml"])
xps("manifest.oxps", OXPS_NS, "http://schemas.openxps.org/oxps/v1.0/fixedrepresentation",
    ["application/vnd.ms-package.xps-fixeddocumentsequence+xml", "application/vnd.ms-package.xps-fixeddocument+xml",
     "application/vnd.ms-package.xps-fixedpage+xml"])
xlsb("exhibits.xlsb")
