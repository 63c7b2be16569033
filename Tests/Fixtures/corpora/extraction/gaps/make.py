#!/usr/bin/env python3
"""Writes the extraction-gap fixtures of this folder (see README.md there).

Python's standard library only, and deterministic: ZIP entries carry a fixed date, PDFs have no
dates or random ids. The encrypted files are made from these by real tools (see README.md).
Run from anywhere: python3 make.py
"""
import base64
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
STAMP = (2026, 12, 7, 12, 0, 0)

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
DSP = "http://schemas.microsoft.com/office/drawing/2008/diagram"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V = "urn:schemas-microsoft-com:vml"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DIAGRAM_DRAWING = "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing"


def write_zip(name, parts):
    path = os.path.join(HERE, name)
    with zipfile.ZipFile(path, "w") as archive:
        for part_name, content, stored in parts:
            info = zipfile.ZipInfo(part_name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))


def part(name, content, stored=False):
    return (name, content, stored)


def content_types(overrides):
    body = "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
    return part("[Content_Types].xml", XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>' + body + "</Types>")


def rels(name, entries):
    body = "".join(f'<Relationship Id="{i}" Type="{t if t.startswith("http") else REL + t}" Target="{target}"/>'
                   for i, t, target in entries)
    return part(name, XML + f'<Relationships xmlns="{RELS}">{body}</Relationships>')


def rich(text):
    return f'<c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:rPr lang="en-GB"/><a:t>{text}</a:t></a:r></a:p></c:rich></c:tx>'


def chart(title, axis_title, series, categories, values, sheet="Sheet1"):
    """A bar chart as Office writes it: rich title, a series named by a cell (its cached
    string), categories as a string cache and values as a number cache (not text)."""
    cats = "".join(f'<c:pt idx="{i}"><c:v>{c}</c:v></c:pt>' for i, c in enumerate(categories))
    vals = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values))
    return XML + f'''<c:chartSpace xmlns:c="{C}" xmlns:a="{A}" xmlns:r="{R}"><c:roundedCorners val="0"/><c:chart>\
<c:title>{rich(title)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>\
<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/>\
<c:tx><c:strRef><c:f>{sheet}!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>{series}</c:v></c:pt></c:strCache></c:strRef></c:tx>\
<c:cat><c:strRef><c:f>{sheet}!$A$2:$A${len(categories) + 1}</c:f><c:strCache><c:ptCount val="{len(categories)}"/>{cats}</c:strCache></c:strRef></c:cat>\
<c:val><c:numRef><c:f>{sheet}!$B$2:$B${len(values) + 1}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{len(values)}"/>{vals}</c:numCache></c:numRef></c:val>\
</c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart>\
<c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="2"/></c:catAx>\
<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>\
<c:title>{rich(axis_title)}<c:overlay val="0"/></c:title><c:numFmt formatCode="General" sourceLinked="1"/><c:crossAx val="1"/></c:valAx>\
</c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>'''


def diagram_data(texts):
    """SmartArt data: a document point, one node per text, and the presentation points that
    carry no text (as Office writes them)."""
    points = '<dgm:pt modelId="{00000000-0000-0000-0000-000000000000}" type="doc"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-GB"/></a:p></dgm:t></dgm:pt>'
    for index, text in enumerate(texts, start=1):
        points += (f'<dgm:pt modelId="{{00000000-0000-0000-0000-00000000000{index}}}"><dgm:prSet phldrT="[Text]"/><dgm:spPr/>'
                   f'<dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB"/><a:t>{text}</a:t></a:r></a:p></dgm:t></dgm:pt>')
        points += (f'<dgm:pt modelId="{{10000000-0000-0000-0000-00000000000{index}}}" type="pres"><dgm:prSet presName="node"/>'
                   '<dgm:spPr/></dgm:pt>')
    return XML + f'<dgm:dataModel xmlns:dgm="{DGM}" xmlns:a="{A}" xmlns:r="{R}"><dgm:ptLst>{points}</dgm:ptLst><dgm:cxnLst/><dgm:bg/><dgm:whole/></dgm:dataModel>'


def diagram_drawing(texts):
    """Office's cached rendering of the SmartArt: the same text again, which must not be
    indexed a second time."""
    shapes = "".join(f'<dsp:sp modelId="{{2000000{i}}}"><dsp:txBody><a:bodyPr/><a:p><a:r><a:t>{t}</a:t></a:r></a:p></dsp:txBody></dsp:sp>'
                     for i, t in enumerate(texts))
    return XML + f'<dsp:drawing xmlns:dsp="{DSP}" xmlns:a="{A}"><dsp:spTree>{shapes}</dsp:spTree></dsp:drawing>'


def docx():
    text_box = f'''<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="Text Box 1"/>\
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>\
<w:p><w:r><w:t>Margin note: Wrenfield window latch forced</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>\
</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Margin note: Wrenfield window latch forced</w:t></w:r></w:p>\
</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>'''
    vml_box = '''<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Legacy box: Cottersby garage</w:t></w:r></w:p>\
</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>'''
    chart_frame = '''<w:p><w:r><w:drawing><wp:inline><wp:docPr id="2" name="Chart 2"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">\
<c:chart r:id="rIdChart"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'''
    smart_art = '''<w:p><w:r><w:drawing><wp:inline><wp:docPr id="3" name="Diagram 3"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram">\
<dgm:relIds r:dm="rIdData" r:lo="rIdLayout" r:qs="rIdStyle" r:cs="rIdColors"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'''
    document = XML + f'''<w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:a="{A}" xmlns:c="{C}" xmlns:dgm="{DGM}" xmlns:mc="{MC}" \
xmlns:wps="{WPS}" xmlns:wp="{WP}" xmlns:v="{V}"><w:body><w:p><w:r><w:t>Statement of PC Ainsley</w:t></w:r></w:p>\
{text_box}{vml_box}{chart_frame}{smart_art}</w:body></w:document>'''
    smart = ["Arrested", "Interviewed", "Bailed"]
    write_zip("graphics.docx", [
        content_types([("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
                       ("/word/charts/chart1.xml", "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"),
                       ("/word/diagrams/data1.xml", "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml")]),
        rels("_rels/.rels", [("rId1", "officeDocument", "word/document.xml")]),
        part("word/document.xml", document),
        rels("word/_rels/document.xml.rels", [("rIdChart", "chart", "charts/chart1.xml"),
                                              ("rIdData", "diagramData", "diagrams/data1.xml"),
                                              ("rIdDrawing", DIAGRAM_DRAWING, "diagrams/drawing1.xml")]),
        part("word/charts/chart1.xml", chart("Burglaries in Wrenfield ward", "Offences recorded", "Northgate sector",
                                             ["Brambleside", "Cottersby"], [12, 7])),
        part("word/diagrams/data1.xml", diagram_data(smart)),
        part("word/diagrams/drawing1.xml", diagram_drawing(smart)),
    ])


def xlsx():
    workbook = XML + f'''<workbook xmlns="{S}" xmlns:r="{R}"><sheets><sheet name="Sightings" sheetId="1" r:id="rId1"/>\
<sheet name="Overview chart" sheetId="2" r:id="rId2"/></sheets></workbook>'''
    sheet = XML + f'''<worksheet xmlns="{S}" xmlns:r="{R}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Day</t></is></c>\
<c r="B1" t="inlineStr"><is><t>Sightings</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Monday</t></is></c><c r="B2"><v>3</v></c></row>\
</sheetData><drawing r:id="rIdDrawing"/></worksheet>'''
    drawing = XML + f'''<xdr:wsDr xmlns:xdr="{XDR}" xmlns:a="{A}" xmlns:r="{R}" xmlns:c="{C}">\
<xdr:twoCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:row>1</xdr:row></xdr:from><xdr:to><xdr:col>6</xdr:col><xdr:row>4</xdr:row></xdr:to>\
<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="TextBox 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr/>\
<xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB"/><a:t>Analyst note: Kestrel Way camera offline</a:t></a:r></a:p></xdr:txBody></xdr:sp>\
<xdr:clientData/></xdr:twoCellAnchor><xdr:twoCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:row>5</xdr:row></xdr:from><xdr:to><xdr:col>9</xdr:col><xdr:row>20</xdr:row></xdr:to>\
<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="3" name="Chart 2"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm/>\
<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rIdChart"/></a:graphicData></a:graphic>\
</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>'''
    chartsheet = XML + f'<chartsheet xmlns="{S}" xmlns:r="{R}"><sheetViews><sheetView workbookViewId="0"/></sheetViews><drawing r:id="rIdD"/></chartsheet>'
    chartsheet_drawing = XML + f'''<xdr:wsDr xmlns:xdr="{XDR}" xmlns:a="{A}" xmlns:r="{R}" xmlns:c="{C}"><xdr:absoluteAnchor>\
<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm/>\
<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rIdC"/></a:graphicData></a:graphic>\
</xdr:graphicFrame><xdr:clientData/></xdr:absoluteAnchor></xdr:wsDr>'''
    write_zip("graphics.xlsx", [
        content_types([("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")]),
        rels("_rels/.rels", [("rId1", "officeDocument", "xl/workbook.xml")]),
        part("xl/workbook.xml", workbook),
        rels("xl/_rels/workbook.xml.rels", [("rId1", "worksheet", "worksheets/sheet1.xml"),
                                            ("rId2", "chartsheet", "chartsheets/sheet1.xml")]),
        part("xl/worksheets/sheet1.xml", sheet),
        rels("xl/worksheets/_rels/sheet1.xml.rels", [("rIdDrawing", "drawing", "../drawings/drawing1.xml")]),
        part("xl/drawings/drawing1.xml", drawing),
        rels("xl/drawings/_rels/drawing1.xml.rels", [("rIdChart", "chart", "../charts/chart1.xml")]),
        part("xl/charts/chart1.xml", chart("Vehicle sightings by day", "Sightings logged", "Silver hatchback",
                                           ["Monday", "Tuesday"], [3, 5], sheet="Sightings")),
        part("xl/chartsheets/sheet1.xml", chartsheet),
        rels("xl/chartsheets/_rels/sheet1.xml.rels", [("rIdD", "drawing", "../drawings/drawing2.xml")]),
        part("xl/drawings/drawing2.xml", chartsheet_drawing),
        rels("xl/drawings/_rels/drawing2.xml.rels", [("rIdC", "chart", "../charts/chart2.xml")]),
        part("xl/charts/chart2.xml", chart("Weekly overview Harrowgate", "Count", "Tally",
                                           ["Week one"], [8], sheet="Sightings")),
    ])


def shape(text, placeholder=None, name="TextBox"):
    ph = f'<p:nvPr><p:ph type="{placeholder}"/></p:nvPr>' if placeholder else "<p:nvPr/>"
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="2" name="{name}"/><p:cNvSpPr/>{ph}</p:nvSpPr><p:spPr/>'
            f'<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB"/><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>')


def slide_part(root, shapes, attributes=""):
    return XML + f'''<p:{root} xmlns:a="{A}" xmlns:p="{P}" xmlns:r="{R}" xmlns:c="{C}" xmlns:dgm="{DGM}"{attributes}>\
<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}</p:spTree></p:cSld></p:{root}>'''


def pptx():
    presentation = XML + f'''<p:presentation xmlns:p="{P}" xmlns:r="{R}"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>\
<p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>'''
    frames = '''<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="Chart 3"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm/>\
<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rIdChart"/></a:graphicData></a:graphic></p:graphicFrame>\
<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="5" name="Diagram 4"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm/>\
<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"><dgm:relIds r:dm="rIdData" r:lo="rIdLo" r:qs="rIdQs" r:cs="rIdCs"/>\
</a:graphicData></a:graphic></p:graphicFrame>'''
    slide = slide_part("sld", shape("Operation Larkspur briefing", placeholder="title", name="Title 1") + frames)
    layout = slide_part("sldLayout", shape("Click to edit Master title style", placeholder="title", name="Title 1")
                        + shape("Layout banner Larkspur restricted"), ' type="title"')
    unused_layout = slide_part("sldLayout", shape("Unused layout Fennimore"), ' type="blank"')
    master = slide_part("sldMaster", shape("Click to edit Master title style", placeholder="title", name="Title 1")
                        + shape("Click to edit Master text styles", placeholder="body", name="Text 2")
                        + shape("Northshire Constabulary"))
    smart = ["Intelligence", "Surveillance", "Warrant"]
    write_zip("graphics.pptx", [
        content_types([("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")]),
        rels("_rels/.rels", [("rId1", "officeDocument", "ppt/presentation.xml")]),
        part("ppt/presentation.xml", presentation),
        rels("ppt/_rels/presentation.xml.rels", [("rId1", "slideMaster", "slideMasters/slideMaster1.xml"),
                                                 ("rId2", "slide", "slides/slide1.xml")]),
        part("ppt/slides/slide1.xml", slide),
        rels("ppt/slides/_rels/slide1.xml.rels", [("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
                                                  ("rIdChart", "chart", "../charts/chart1.xml"),
                                                  ("rIdData", "diagramData", "../diagrams/data1.xml"),
                                                  ("rIdDrawing", DIAGRAM_DRAWING, "../diagrams/drawing1.xml")]),
        part("ppt/charts/chart1.xml", chart("Arrests per operation", "Arrests made", "Larkspur arrests",
                                            ["Phase Alder", "Phase Birch"], [4, 9])),
        part("ppt/diagrams/data1.xml", diagram_data(smart)),
        part("ppt/diagrams/drawing1.xml", diagram_drawing(smart)),
        part("ppt/slideLayouts/slideLayout1.xml", layout),
        rels("ppt/slideLayouts/_rels/slideLayout1.xml.rels", [("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")]),
        part("ppt/slideLayouts/slideLayout2.xml", unused_layout),
        rels("ppt/slideLayouts/_rels/slideLayout2.xml.rels", [("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")]),
        part("ppt/slideMasters/slideMaster1.xml", master),
        rels("ppt/slideMasters/_rels/slideMaster1.xml.rels", [("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
                                                              ("rId2", "slideLayout", "../slideLayouts/slideLayout2.xml")]),
    ])


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
          'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" office:version="1.3"')


def odf(name, mimetype, body, master_page, manifest_extra="", content=None):
    content = content if content is not None else XML + f'<office:document-content {ODF_NS}><office:body>{body}</office:body></office:document-content>'
    styles = XML + f'<office:document-styles {ODF_NS}><office:master-styles>{master_page}</office:master-styles></office:document-styles>'
    manifest = XML + f'''<manifest:manifest {ODF_NS}><manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>\
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest_extra}</manifest:file-entry>\
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>'''
    write_zip(name, [part("mimetype", mimetype, stored=True), part("content.xml", content), part("styles.xml", styles),
                     part("META-INF/manifest.xml", manifest)])


def ods():
    # LibreOffice's defaults (sheet name and page number fields) plus text of the writer's own.
    master = '''<style:master-page style:name="Default" style:page-layout-name="Mpm1"><style:header>\
<style:region-left><text:p>Exhibit schedule Pellingham Road</text:p></style:region-left>\
<style:region-center><text:p><text:sheet-name>???</text:sheet-name></text:p></style:region-center></style:header>\
<style:header-left style:display="false"/><style:footer><text:p>Prepared by DC Okafor, page <text:page-number>1</text:page-number></text:p>\
</style:footer><style:footer-left style:display="false"/></style:master-page>'''
    body = '''<office:spreadsheet><table:table table:name="Exhibits"><table:table-row><table:table-cell office:value-type="string">\
<text:p>Crowbar</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>'''
    odf("headers.ods", "application/vnd.oasis.opendocument.spreadsheet", body, master)


def odp():
    body = '''<office:presentation><presentation:header-decl presentation:name="hdr1">Northshire briefing header</presentation:header-decl>\
<presentation:footer-decl presentation:name="ftr1">Operation Larkspur footer restricted</presentation:footer-decl>\
<presentation:date-time-decl presentation:name="dtd1" presentation:source="fixed">Briefed 4 March</presentation:date-time-decl>\
<draw:page draw:name="page1" draw:master-page-name="Default" presentation:use-footer-name="ftr1" presentation:use-date-time-name="dtd1">\
<draw:frame presentation:class="title"><draw:text-box><text:p>Slide body Wrenfield</text:p></draw:text-box></draw:frame></draw:page></office:presentation>'''
    odf("footer.odp", "application/vnd.oasis.opendocument.presentation", body,
        '<style:master-page style:name="Default" style:page-layout-name="PM1"/>')


def odt_encrypted():
    # What LibreOffice writes for a password-protected document: the manifest says how each
    # part was encrypted, and the parts are ciphertext (here: fixed bytes standing for it).
    encryption = '''<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" \
manifest:checksum="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="><manifest:algorithm \
manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAAAAAAAAAAAAAAAAAAAA=="/>\
<manifest:start-key-generation manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/>\
<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" \
manifest:salt="AAAAAAAAAAAAAAAAAAAAAA=="/></manifest:encryption-data>'''
    ciphertext = base64.b64encode(bytes(range(256))).decode("ascii")
    odf("encrypted.odt", "application/vnd.oasis.opendocument.text", "", "", manifest_extra=encryption, content=ciphertext)


def pdf(name, page_text, annotations, catalog_extra=""):
    """One page; `page_text` drawn with Helvetica (None: only a line), `annotations` as raw
    dictionaries (each an object of its own, in /Annots); `catalog_extra` goes into the catalog."""
    objects = [f"<< /Type /Catalog /Pages 2 0 R {catalog_extra}>>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    first = 6
    annot_refs = " ".join(f"{first + i} 0 R" for i in range(len(annotations)))
    objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
                   f"/Contents 4 0 R /Annots [{annot_refs}] >>")
    content = f"BT /F1 18 Tf 72 700 Td ({page_text}) Tj ET" if page_text else "0 0 m 300 300 l S"
    objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.extend(a.replace("PAGE", "3 0 R") for a in annotations)
    out = "%PDF-1.6\n"
    offsets = []
    for index, obj in enumerate(objects):
        offsets.append(len(out))
        out += f"{index + 1} 0 obj\n{obj}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(out.encode("latin-1"))


def pdfs():
    # 6: a sticky note with its popup (7, no text of its own), 8: free text or a highlight.
    note = ("<< /Type /Annot /Subtype /Text /Rect [100 600 120 620] /P PAGE /T (DS Moreno) /Subj (Query) "
            "/Contents (Check the Harrowgate CCTV timestamp) /Popup 7 0 R /Name /Comment >>")
    popup = "<< /Type /Annot /Subtype /Popup /Rect [120 500 300 600] /P PAGE /Parent 6 0 R /Open false >>"
    free = ("<< /Type /Annot /Subtype /FreeText /Rect [72 300 400 340] /P PAGE /DA (/Helv 12 Tf 0 g) "
            "/Contents (Blue transit van parked here) >>")
    highlight = ("<< /Type /Annot /Subtype /Highlight /Rect [72 690 300 720] /P PAGE /T (DC Lindqvist) "
                 "/QuadPoints [72 720 300 720 72 690 300 690] /C [1 1 0] /Contents (Compare with the Ravensworth statement) >>")
    # poppler draws free text into the page (so its text is in the text layer already); notes
    # and highlights' comments are only in the annotations.
    pdf("annotations-only.pdf", None, [note, popup, highlight])
    pdf("annotated.pdf", "Witness statement page one", [note, popup, free])
    # 6-9: a filled-in statement form (AcroForm): two text fields, a choice field with an item
    # selected, a ticked check box. The values are in the fields only, not in the page's text.
    surname = ("<< /Type /Annot /Subtype /Widget /FT /Tx /T (surname) /TU (Surname) /Rect [200 650 400 670] "
               "/P PAGE /V (Thistlewood) /DA (/Helv 12 Tf 0 g) /F 4 >>")
    account = ("<< /Type /Annot /Subtype /Widget /FT /Tx /Ff 4096 /T (statement) /Rect [72 300 540 600] /P PAGE "
               "/V (I saw the Marlowe van leave the yard at 23:40.) /DA (/Helv 12 Tf 0 g) /F 4 >>")
    station = ("<< /Type /Annot /Subtype /Widget /FT /Ch /Ff 131072 /T (station) /Rect [200 620 400 640] /P PAGE "
               "/Opt [(Ipswich) (Kesgrave) (Woodbridge)] /V (Kesgrave) /DA (/Helv 12 Tf 0 g) /F 4 >>")
    consent = ("<< /Type /Annot /Subtype /Widget /FT /Btn /T (consent) /Rect [72 250 90 268] /P PAGE /V /Yes /AS /Yes "
               "/F 4 >>")
    pdf("form.pdf", "Witness statement form: Surname, Station, Statement", [surname, account, station, consent],
        catalog_extra="/AcroForm << /Fields [6 0 R 7 0 R 8 0 R 9 0 R] /DA (/Helv 12 Tf 0 g) >> ")


def eml():
    utf16 = "Witness notes: the Quillfeather van left at dawn.\r\n".encode("utf-16-le")
    cyrillic = "Свидетель видел машину у гаража.\r\n".encode("utf-16-le")
    cp1252 = "Café owner saw the Harrowgate suspect.\r\n".encode("cp1252")
    message = f'''From: DC Brennan <brennan@northshire.example>
To: Disclosure <disclosure@northshire.example>
Subject: Notes from the Larkspur canvass
Date: Mon, 07 Dec 2026 09:15:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/plain; charset=us-ascii

Please find the canvass notes attached.

--outer
Content-Type: text/plain; charset=utf-16le; name="witness-notes.txt"
Content-Disposition: attachment; filename="witness-notes.txt"
Content-Transfer-Encoding: base64

{base64.b64encode(utf16).decode()}
--outer
Content-Type: text/plain; charset=UTF-16LE; name="svidetel.txt"
Content-Disposition: attachment; filename="svidetel.txt"
Content-Transfer-Encoding: base64

{base64.b64encode(cyrillic).decode()}
--outer
Content-Type: text/plain; charset=windows-1252; name="cafe.txt"
Content-Disposition: inline; filename="cafe.txt"
Content-Transfer-Encoding: base64

{base64.b64encode(cp1252).decode()}
--outer
Content-Type: application/octet-stream; name="door-log.txt"
Content-Disposition: attachment; filename="door-log.txt"

Door log: Tamworth Road side gate opened 02:14.
--outer--
'''
    with open(os.path.join(HERE, "text-attachments.eml"), "wb") as f:
        f.write(message.replace("\n", "\r\n").encode("ascii"))


if __name__ == "__main__":
    docx()
    xlsx()
    pptx()
    ods()
    odp()
    odt_encrypted()
    pdfs()
    eml()
