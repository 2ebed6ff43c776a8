import Foundation

/// Brings `$ref`s into other local files into the document before the model is built, so that every later stage
/// sees one document: `common.yaml#/components/schemas/Error` or a whole-file `schemas/Pet.yaml` becomes a
/// component of the root document (`#/components/schemas/Error`, `#/components/schemas/Pet`) and the reference is
/// rewritten to point at it. Nodes keep the file they came from, so diagnostics name `common.yaml:12:5`.
///
/// Paths are relative to the file that holds the reference; references inside an external file that start with
/// `#` are relative to that file. Remote (`https://…`) references are errors.
struct ExternalReferences {
    /// Reads a file by its path (as joined from the referencing file's folder); `nil` when it cannot be read.
    typealias Loader = (String) -> [UInt8]?

    private let load: Loader
    private let rootFile: String
    private var diagnostics: Diagnostics
    /// Parsed external files by path; `nil` for one that could not be read or parsed.
    private var files: [String: YAMLNode?] = [:]
    /// (file, pointer) → the component it became, by section.
    private var imported: [String: (section: String, name: String)] = [:]
    /// New components by section, in the order they were found.
    private var added: [String: [YAMLNode.Pair]] = [:]
    private var takenNames: [String: Set<String>] = [:]

    static func bundle(
        _ root: YAMLNode, file: String, load: @escaping Loader, diagnostics: inout Diagnostics
    ) -> YAMLNode {
        // Most documents are one file: they are not rebuilt.
        guard Self.hasExternalReference(root) else { return root }
        var bundler = ExternalReferences(load: load, rootFile: file, diagnostics: diagnostics)
        for section in ["schemas", "parameters", "responses", "requestBodies", "headers", "examples"] {
            let names = root["components"]?[section]?.pairs?.compactMap(\.key.scalar) ?? []
            bundler.takenNames[section] = Set(names)
        }
        let rewritten = bundler.rewrite(root, file: file, section: nil)
        diagnostics = bundler.diagnostics
        return bundler.added.isEmpty ? root : bundler.adding(bundler.added, to: rewritten)
    }

    /// The node with every external reference beneath it rewritten; `section` is the components section a
    /// reference found here would name (schemas under `schema`, parameters in `parameters`, …).
    private mutating func rewrite(_ node: YAMLNode, file: String, section: String?) -> YAMLNode {
        switch node.kind {
        case .scalar:
            return node
        case .sequence(let items):
            return YAMLNode(.sequence(items.map { rewrite($0, file: file, section: section) }), at: node.location)
        case .mapping(let pairs):
            if let refNode = node["$ref"], let ref = refNode.scalar, file != rootFile || !ref.hasPrefix("#") {
                var pairs = pairs
                let target = reference(ref, at: refNode, in: file, section: section)
                if let index = pairs.firstIndex(where: { $0.key.scalar == "$ref" }) {
                    // A reference that failed is already reported: dropped, it cannot be reported again.
                    if let target {
                        pairs[index].value = YAMLNode(.scalar(target, .singleQuoted), at: refNode.location)
                    } else {
                        pairs.remove(at: index)
                    }
                }
                return YAMLNode(.mapping(pairs), at: node.location)
            }
            return YAMLNode(
                .mapping(
                    pairs.map { pair in
                        let key = pair.key.scalar ?? ""
                        return YAMLNode.Pair(
                            key: pair.key,
                            value: rewrite(pair.value, file: file, section: Self.section(under: key, in: section)))
                    }),
                at: node.location)
        }
    }

    private static func hasExternalReference(_ node: YAMLNode) -> Bool {
        switch node.kind {
        case .scalar: false
        case .sequence(let items): items.contains(where: hasExternalReference)
        case .mapping(let pairs):
            pairs.contains { pair in
                if pair.key.scalar == "$ref", let ref = pair.value.scalar { return !ref.hasPrefix("#") }
                return hasExternalReference(pair.value)
            }
        }
    }

    /// What a reference under `key` names, given what its parent's did.
    private static func section(under key: String, in parent: String?) -> String? {
        switch key {
        case "schema", "items", "additionalProperties", "not", "properties", "allOf", "oneOf", "anyOf", "schemas":
            "schemas"
        case "parameters": parent == "schemas" ? "schemas" : "parameters"
        case "responses": parent == "schemas" ? "schemas" : "responses"
        case "requestBody", "requestBodies": "requestBodies"
        case "headers": "headers"
        default: parent
        }
    }

    /// `#/components/<section>/<name>` for the imported target of `ref`, or `nil` after an error.
    private mutating func reference(_ ref: String, at node: YAMLNode, in file: String, section: String?) -> String? {
        if ref.contains("://") || ref.hasPrefix("//") {
            diagnostics.error("remote reference '\(ref)' is not supported; use a local file", at: node.location)
            return nil
        }
        let hash = ref.firstIndex(of: "#") ?? ref.endIndex
        let path = ref[..<hash].isEmpty ? file : Self.join(Self.folder(of: file), String(ref[..<hash]))
        let pointer = hash < ref.endIndex ? String(ref[ref.index(after: hash)...]) : ""
        if path == rootFile {
            return "#" + pointer
        }
        let key = path + "#" + pointer
        if let known = imported[key] { return "#/components/\(known.section)/\(Self.escape(known.name))" }
        guard let document = parsed(path, referencedAt: node) else { return nil }
        guard let target = Self.node(at: pointer, in: document) else {
            diagnostics.error("no '#\(pointer)' in '\(path)' (referenced as '\(ref)')", at: node.location)
            return nil
        }
        let tokens = pointer.split(separator: "/").map { ModelBuilder.unescapePointer(String($0)) }
        let targetSection =
            tokens.count == 3 && tokens[0] == "components" ? tokens[1] : section ?? "schemas"
        let base = tokens.last ?? Self.stem(of: path)
        var name = base
        var suffix = 2
        while takenNames[targetSection, default: []].contains(name) {
            name = base + "\(suffix)"
            suffix += 1
        }
        takenNames[targetSection, default: []].insert(name)
        imported[key] = (targetSection, name)
        // Imported before its own references are followed, so that a cycle of files ends at this entry.
        let content = rewrite(target, file: path, section: targetSection == "schemas" ? "schemas" : nil)
        added[targetSection, default: []].append(
            YAMLNode.Pair(key: YAMLNode(.scalar(name, .plain), at: target.location), value: content))
        return "#/components/\(targetSection)/\(Self.escape(name))"
    }

    private mutating func parsed(_ path: String, referencedAt node: YAMLNode) -> YAMLNode? {
        if let cached = files[path] { return cached }
        guard let bytes = load(path) else {
            diagnostics.error("cannot read '\(path)'", at: node.location)
            files[path] = .some(nil)
            return nil
        }
        let document = YAMLParser.parse(bytes, file: path, diagnostics: &diagnostics)
        files[path] = .some(document)
        return document
    }

    /// The root with the imported components appended to their sections.
    private func adding(_ components: [String: [YAMLNode.Pair]], to root: YAMLNode) -> YAMLNode {
        guard case .mapping(var pairs) = root.kind else { return root }
        if !pairs.contains(where: { $0.key.scalar == "components" }) {
            pairs.append(
                YAMLNode.Pair(
                    key: YAMLNode(.scalar("components", .plain), at: root.location),
                    value: YAMLNode(.mapping([]), at: root.location)))
        }
        guard let index = pairs.firstIndex(where: { $0.key.scalar == "components" }) else { return root }
        guard case .mapping(var sections) = pairs[index].value.kind else { return root }
        for (section, entries) in components.sorted(by: { $0.key < $1.key }) {
            if let existing = sections.firstIndex(where: { $0.key.scalar == section }),
                case .mapping(let current) = sections[existing].value.kind
            {
                sections[existing].value = YAMLNode(.mapping(current + entries), at: sections[existing].value.location)
            } else {
                sections.append(
                    YAMLNode.Pair(
                        key: YAMLNode(.scalar(section, .plain), at: root.location),
                        value: YAMLNode(.mapping(entries), at: root.location)))
            }
        }
        pairs[index].value = YAMLNode(.mapping(sections), at: pairs[index].value.location)
        return YAMLNode(.mapping(pairs), at: root.location)
    }

    // MARK: Paths and pointers

    private static func node(at pointer: String, in document: YAMLNode) -> YAMLNode? {
        var current = document
        for token in pointer.split(separator: "/", omittingEmptySubsequences: true) {
            let key = ModelBuilder.unescapePointer(String(token))
            if let items = current.items, let index = Int(key), items.indices.contains(index) {
                current = items[index]
            } else if let value = current[key] {
                current = value
            } else {
                return nil
            }
        }
        return current
    }

    private static func folder(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "" }
        return String(file[...slash])
    }

    /// `folder` + `relative`, with `.` and `..` segments resolved.
    static func join(_ folder: String, _ relative: String) -> String {
        let isAbsolute = relative.hasPrefix("/") || (relative.isEmpty && folder.hasPrefix("/"))
        let combined = relative.hasPrefix("/") ? relative : folder + relative
        var parts: [Substring] = []
        for part in combined.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return (isAbsolute || combined.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    private static func stem(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.split(separator: ".").first.map(String.init) ?? name
    }

    private static func escape(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
