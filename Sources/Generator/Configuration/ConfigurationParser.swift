/// Reads `openapi-gen.yaml` into a `GeneratorConfiguration`. Every mistake — an unknown key, a value of the wrong
/// shape, an unknown part or access level, a name that cannot be a Swift identifier — is an error at its
/// `file:line:column`, and all of them are reported in one run.
package enum ConfigurationParser {
    package static func parse(
        _ bytes: [UInt8], file: String, diagnostics: inout Diagnostics
    ) -> GeneratorConfiguration? {
        let errorsBefore = diagnostics.all.count { $0.severity == .error }
        // Only comments and blank lines (a file kept to say "the defaults"): YAML calls that an empty document.
        let lines = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
        if lines.allSatisfy({ $0.trimmingPrefix(while: \.isWhitespace).first.map { $0 == "#" } ?? true }) {
            return GeneratorConfiguration()
        }
        guard let root = YAMLParser.parse(bytes, file: file, diagnostics: &diagnostics) else { return nil }
        var configuration = GeneratorConfiguration()
        if root.isNull { return configuration }  // an empty file asks for the defaults
        guard let pairs = root.pairs else {
            diagnostics.error("the configuration must be a mapping, not \(root.kindDescription)", at: root.location)
            return nil
        }
        var reader = Reader(diagnostics: diagnostics)
        for pair in pairs {
            let key = pair.key.scalar ?? ""
            switch key {
            case "generate":
                let parts = reader.names(pair.value, key).compactMap { name, location in
                    reader.oneOf(name, GeneratorConfiguration.Part.self, "part", at: location)
                }
                configuration.parts = Set(parts)
                if let part = configuration.partLackingTypes {
                    reader.diagnostics.error("the \(part.rawValue) part needs the types part", at: pair.value.location)
                }
            case "accessModifier":
                if let name = reader.name(pair.value, key),
                    let access = reader.oneOf(name, AccessModifier.self, "access modifier", at: pair.value.location)
                {
                    configuration.accessModifier = access
                }
            case "filter":
                configuration.filter = reader.filter(pair.value, locations: &configuration.entryLocations)
            case "nameOverrides":
                for (name, replacement) in reader.stringMap(pair.value, key) {
                    if GeneratorConfiguration.isUsableName(replacement.text) {
                        configuration.nameOverrides[name] = replacement.text
                        configuration.entryLocations["nameOverrides: \(name)"] = replacement.location
                    } else {
                        reader.diagnostics.error(
                            "'\(replacement.text)' is not a Swift identifier", at: replacement.location)
                    }
                }
            case "additionalImports":
                configuration.additionalImports = reader.names(pair.value, key).compactMap { name, location in
                    guard SwiftNaming.isModuleName(name) else {
                        reader.diagnostics.error("'\(name)' is not a module name", at: location)
                        return nil
                    }
                    return name
                }
            default:
                reader.diagnostics.error(
                    "unknown key '\(key)' (known: generate, accessModifier, filter, nameOverrides, additionalImports)",
                    at: pair.key.location)
            }
        }
        diagnostics = reader.diagnostics
        let errorsAfter = diagnostics.all.count { $0.severity == .error }
        return errorsAfter == errorsBefore ? configuration : nil
    }

    private struct Reader {
        var diagnostics: Diagnostics

        mutating func name(_ node: YAMLNode, _ key: String) -> String? {
            guard let text = node.scalar, !node.isNull else {
                diagnostics.error("'\(key)' must be a string, not \(node.kindDescription)", at: node.location)
                return nil
            }
            return text
        }

        /// A sequence of strings (or one string, for a single entry).
        mutating func names(_ node: YAMLNode, _ key: String) -> [(String, SourceLocation)] {
            guard let items = node.items else {
                return name(node, key).map { [($0, node.location)] } ?? []
            }
            return items.compactMap { item in name(item, key).map { ($0, item.location) } }
        }

        mutating func oneOf<Value: RawRepresentable<String> & CaseIterable>(
            _ name: String, _ type: Value.Type, _ what: String, at location: SourceLocation
        ) -> Value? {
            if let value = Value(rawValue: name) { return value }
            let known = Value.allCases.map(\.rawValue).joined(separator: ", ")
            diagnostics.error("unknown \(what) '\(name)' (known: \(known))", at: location)
            return nil
        }

        mutating func stringMap(_ node: YAMLNode, _ key: String) -> [(String, (text: String, location: SourceLocation))]
        {
            guard let pairs = node.pairs else {
                diagnostics.error("'\(key)' must be a mapping, not \(node.kindDescription)", at: node.location)
                return []
            }
            return pairs.compactMap { pair in
                guard let name = pair.key.scalar, let value = self.name(pair.value, name) else { return nil }
                return (name, (value, pair.value.location))
            }
        }

        mutating func filter(
            _ node: YAMLNode, locations: inout [String: SourceLocation]
        ) -> GeneratorConfiguration.OperationFilter {
            var filter = GeneratorConfiguration.OperationFilter()
            guard let pairs = node.pairs else {
                diagnostics.error("'filter' must be a mapping, not \(node.kindDescription)", at: node.location)
                return filter
            }
            for pair in pairs {
                let key = pair.key.scalar ?? ""
                let entries = names(pair.value, key)
                for (value, location) in entries { locations["\(key): \(value)"] = location }
                let values = entries.map(\.0)
                switch key {
                case "operations": filter.operationIDs = values
                case "tags": filter.tags = values
                case "paths": filter.paths = values
                default:
                    diagnostics.error(
                        "unknown key '\(key)' in 'filter' (known: operations, tags, paths)", at: pair.key.location)
                }
            }
            return filter
        }
    }
}
