/// Escapes text for the places the generator writes it: Swift string literals, JSON strings and diagnostics.
enum Escaping {
    enum Style {
        /// `\u{7f}`
        case swift
        /// `\u007f`
        case json
    }

    /// `text` with line breaks, tabs and other control characters escaped, and with quotes and backslashes escaped
    /// too when `quotes` is set (inside a literal).
    static func escape(_ text: String, style: Style, quotes: Bool) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"" where quotes: result += "\\\""
            case "\\" where quotes: result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                switch style {
                case .swift: result += "\\u{\(hex)}"
                case .json: result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
