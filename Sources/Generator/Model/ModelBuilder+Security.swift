/// Reading security schemes and requirements.
extension ModelBuilder {
    mutating func buildSecuritySchemes() -> [SecurityScheme] {
        guard let pairs = root["components"]?["securitySchemes"]?.pairs else { return [] }
        var schemes: [SecurityScheme] = []
        for pair in pairs {
            guard let name = pair.key.scalar, let node = resolve(pair.value, section: "securitySchemes"),
                mapping(node, "security scheme '\(name)'") != nil,
                let typeNode = require("type", in: node, "security scheme '\(name)'"),
                let type = string(typeNode, "type")
            else { continue }
            let kind: SecurityScheme.Kind
            switch type {
            case "oauth2", "openIdConnect":
                kind = .bearer
            case "http":
                let scheme = node["scheme"]?.scalar?.lowercased()
                if scheme == "bearer" {
                    kind = .bearer
                } else if scheme == "basic" {
                    kind = .basic
                } else {
                    error("HTTP authentication scheme '\(scheme ?? "")' is not supported (bearer or basic)", at: node)
                    continue
                }
            case "apiKey":
                guard let keyName = node["name"].flatMap({ string($0, "name") }),
                    let inNode = node["in"], let inText = string(inNode, "in"),
                    let location = Parameter.Location(rawValue: inText), location != .path
                else {
                    error("apiKey security scheme '\(name)' needs 'name' and 'in' (header, query or cookie)", at: node)
                    continue
                }
                kind = .apiKey(name: keyName, in: location)
            default:
                error("security scheme type '\(type)' is not supported", at: typeNode)
                continue
            }
            var scheme = SecurityScheme(name: name, kind: kind, location: pair.key.location)
            scheme.passwordTokenURL = node["flows"]?["password"]?["tokenUrl"]?.scalar
            schemes.append(scheme)
        }
        return schemes
    }

    /// A `security` list: each entry is one alternative, naming the schemes that must all be satisfied.
    mutating func securityRequirements(_ node: YAMLNode, schemes: [SecurityScheme]) -> [[SecurityRequirement]]? {
        guard let items = sequence(node, "security") else { return nil }
        var alternatives: [[SecurityRequirement]] = []
        for item in items {
            guard let pairs = mapping(item, "a security requirement") else { continue }
            var requirements: [SecurityRequirement] = []
            for pair in pairs {
                guard let name = pair.key.scalar else { continue }
                if schemes.contains(where: { $0.name == name }) {
                    let scopes = sequence(pair.value, "the scopes of '\(name)'")?.compactMap { string($0, "a scope") }
                    requirements.append(SecurityRequirement(scheme: name, scopes: scopes ?? []))
                } else {
                    error("unknown security scheme '\(name)'", at: pair.key)
                }
            }
            alternatives.append(requirements)
        }
        return alternatives
    }
}
