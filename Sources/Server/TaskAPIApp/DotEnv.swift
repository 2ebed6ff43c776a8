internal import APIRuntime

/// Reads a `.env` file: `KEY=value` lines, `#` comments, optional `export ` and single or double quotes.
package enum DotEnv {
    package static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingASCIISpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count).trimmingASCIISpaces() }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals].trimmingASCIISpaces())
            var value = line[line.index(after: equals)...].trimmingASCIISpaces()
            if let quote = value.first, quote == "\"" || quote == "'", value.count >= 2, value.last == quote {
                value = value.dropFirst().dropLast()
            } else if let hash = value.indices.first(where: {
                value[$0] == "#" && $0 > value.startIndex
                    && value[value.index(before: $0)] == " "
            }) {
                value = value[..<hash].trimmingASCIISpaces()
            }
            if !key.isEmpty { values[key] = String(value) }
        }
        return values
    }
}
