/// Text made safe to place in HTML element content or a quoted attribute value.
public enum HTMLText {
    /// Escapes the five characters HTML gives meaning to, and shows control characters
    /// (other than newline and tab) as `\u{…}`, so that a description or file name chosen
    /// by whoever seized or wrote it can neither inject markup nor hide text.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.properties.generalCategory == .control {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
