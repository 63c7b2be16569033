import CUchardet

/// Guesses the charset of text that declares none and is not UTF-8, with uchardet (the
/// detector Mozilla's universal charset detector became).
///
/// Only a guess for a non-Latin script is taken: uchardet tells Chinese, Japanese, Korean,
/// Cyrillic, Greek, Hebrew, Arabic and Thai text apart reliably, where the whole text is in
/// those charsets' upper halves; between the Latin single-byte charsets it often picks
/// wrongly on short text (French Latin-1 as ISO-8859-2), and Windows-1252, the default,
/// reads Western European text best. So a guess is also refused unless at least a fifth of
/// the non-space bytes are above 0x7F, as in any text written in such a script, and never in
/// English or French with a few accented letters.
enum CharsetDetection {
    /// Bytes handed to the detector at most: enough to decide, a bounded cost on a huge file.
    static let sampleBytes = 256 << 10

    /// uchardet's names (upper-case) of the charsets whose guess is taken, to the label
    /// `Charset.named` reads them by.
    private static let accepted: [String: String] = [
        "GB18030": "gb18030", "BIG5": "big5", "SHIFT_JIS": "shift_jis", "EUC-JP": "euc-jp", "ISO-2022-JP": "iso-2022-jp",
        "EUC-KR": "euc-kr", "UHC": "cp949", "ISO-2022-KR": "iso-2022-kr", "EUC-TW": "euc-tw", "ISO-2022-CN": "iso-2022-cn",
        "WINDOWS-1251": "windows-1251", "KOI8-R": "koi8-r", "KOI8-U": "koi8-u", "IBM866": "ibm866",
        "ISO-8859-5": "iso-8859-5", "MAC-CYRILLIC": "mac-cyrillic", "IBM855": "ibm855",
        "ISO-8859-7": "iso-8859-7", "WINDOWS-1253": "windows-1253",
        "ISO-8859-8": "iso-8859-8", "WINDOWS-1255": "windows-1255",
        "ISO-8859-6": "iso-8859-6", "WINDOWS-1256": "windows-1256",
        "TIS-620": "windows-874", "ISO-8859-11": "windows-874",
    ]

    /// The charset of `bytes` when they are text in a non-Latin script's legacy charset;
    /// nil for UTF-8, for Western text, and whenever the detector is unsure.
    static func detect(_ bytes: ArraySlice<UInt8>) -> Charset? {
        let sample = bytes.prefix(sampleBytes)
        guard hasDenseHighBytes(sample), !UTF8Lenient.isValid(sample) else { return nil }
        guard let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        let status = sample.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return -1 }
            return uchardet_handle_data(detector, base.assumingMemoryBound(to: CChar.self), raw.count)
        }
        guard status == 0 else { return nil }
        uchardet_data_end(detector)
        guard let name = uchardet_get_charset(detector), let label = accepted[String(cString: name).uppercased()] else {
            return nil
        }
        return Charset.named(label)
    }

    /// At least a fifth of the bytes that are not ASCII white space are above 0x7F.
    static func hasDenseHighBytes(_ bytes: ArraySlice<UInt8>) -> Bool {
        var high = 0, visible = 0
        for byte in bytes where byte > 0x20 {
            visible += 1
            if byte >= 0x80 { high += 1 }
        }
        return high > 0 && high * 5 >= visible
    }
}
