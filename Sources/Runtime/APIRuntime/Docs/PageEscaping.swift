/// Escaping for values that generated pages put into HTML attributes and JavaScript string literals.
public enum PageEscaping {
    /// Text safe inside an HTML element or a quoted attribute.
    public static func html(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// The content of a JavaScript string literal, safe inside a `<script>` element (no `</script>`, no quotes,
    /// no line terminators).
    public static func javaScript(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "'", "\"", "<", ">", "&", "\n", "\r", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
