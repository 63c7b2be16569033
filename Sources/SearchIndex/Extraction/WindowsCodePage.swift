import Foundation

/// Windows code page numbers (PR_INTERNET_CPID, PR_MESSAGE_CODEPAGE, RTF's \ansicpg) to the
/// charsets `Charset.named` knows, by their usual labels. A number with no label here is
/// tried as "cpNNN"; nil when that is unknown too (the caller falls back to Windows-1252).
enum WindowsCodePage {
    private static let labels: [Int: String] = [
        1200: "utf-16le", 1201: "utf-16be", 65001: "utf-8", 20127: "us-ascii",
        874: "windows-874", 437: "ibm437", 850: "ibm850", 866: "ibm866",
        932: "shift_jis", 936: "gbk", 949: "euc-kr", 950: "big5", 54936: "gb18030",
        50220: "iso-2022-jp", 50221: "iso-2022-jp", 50222: "iso-2022-jp", 51932: "euc-jp", 51949: "euc-kr",
        52936: "hz-gb-2312", 20866: "koi8-r", 21866: "koi8-u", 10000: "macintosh",
        28591: "iso-8859-1", 28592: "iso-8859-2", 28593: "iso-8859-3", 28594: "iso-8859-4", 28595: "iso-8859-5",
        28596: "iso-8859-6", 28597: "iso-8859-7", 28598: "iso-8859-8", 28599: "iso-8859-9", 28600: "iso-8859-10",
        28601: "iso-8859-11", 28603: "iso-8859-13", 28604: "iso-8859-14", 28605: "iso-8859-15", 28606: "iso-8859-16",
        38598: "iso-8859-8",
    ]

    static func charset(_ codePage: Int) -> Charset? {
        if (1250...1258).contains(codePage) { return Charset.named("windows-\(codePage)") }
        if let label = labels[codePage] { return Charset.named(label) }
        // EBCDIC and DOS code pages below 1000 are IBM037, IBM500, … to iconv.
        return Charset.named("cp\(codePage)") ?? (codePage < 1000 ? Charset.named("ibm" + String(format: "%03d", codePage)) : nil)
    }
}

extension WindowsCodePage {
    /// The code page of a font's \fcharset (RTF) or a Word font's charset byte.
    static func forFontCharset(_ value: Int) -> Int? {
        switch value {
        case 128: 932
        case 129: 949
        case 134: 936
        case 136: 950
        case 161: 1253
        case 162: 1254
        case 163: 1258
        case 177: 1255
        case 178: 1256
        case 186: 1257
        case 204: 1251
        case 222: 874
        case 238: 1250
        case 77: 10000
        default: nil
        }
    }
}
