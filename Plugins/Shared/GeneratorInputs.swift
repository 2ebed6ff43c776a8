import Foundation

/// The files of a target the generator reads: its OpenAPI document and, if present, its configuration. Shared by
/// the build-tool plugin and the command plugin (each links this file through a symlink: plugins cannot share
/// modules).
struct GeneratorInputs {
    static let documentNames = ["openapi.yaml", "openapi.yml", "openapi.json"]
    static let configurationNames = ["openapi-gen.yaml", "openapi-gen.yml"]
    /// What the generator writes when it is told to write every file (`--every-file`).
    static let outputNames = [
        "APIClient.swift", "APIHandler.swift", "APIRouter.swift", "DocsPage.swift", "OpenAPISpec.swift",
        "Operations.swift",
        "Schemas.swift",
    ]

    var document: URL
    var configuration: URL?
    /// Every YAML and JSON file of the target: a document may refer to others by relative path, and a change to
    /// any of them must run the generator again.
    var allDocuments: [URL]

    /// - Throws: `PluginProblem` when the target holds no document or several, or several configurations.
    init(targetName: String, files: [URL]) throws {
        func named(_ names: [String]) -> [URL] { files.filter { names.contains($0.lastPathComponent) } }
        let documents = named(Self.documentNames)
        guard documents.count == 1, let document = documents.first else {
            throw PluginProblem(
                documents.isEmpty
                    ? "target '\(targetName)' has no \(Self.documentNames.joined(separator: ", ")) for the OpenAPI generator"
                    : "target '\(targetName)' has several OpenAPI documents: "
                        + documents.map(\.lastPathComponent).joined(separator: ", "))
        }
        let configurations = named(Self.configurationNames)
        guard configurations.count <= 1 else {
            throw PluginProblem("target '\(targetName)' has both openapi-gen.yaml and openapi-gen.yml")
        }
        self.document = document
        self.configuration = configurations.first
        self.allDocuments = files.filter { ["yaml", "yml", "json"].contains($0.pathExtension) }
    }

    /// `openapi-gen`'s arguments for writing into `output`, with paths relative to `base` when they are inside it
    /// (they appear in the generated files' headers, which a package may commit).
    func arguments(output: URL, everyFile: Bool, relativeTo base: URL? = nil) -> [String] {
        func spelled(_ url: URL) -> String {
            let path = url.standardizedFileURL.path(percentEncoded: false)
            guard let base else { return path }
            let prefix = base.standardizedFileURL.path(percentEncoded: false)
            let directory = prefix.hasSuffix("/") ? prefix : prefix + "/"
            return path.hasPrefix(directory) ? String(path.dropFirst(directory.count)) : path
        }
        var arguments = ["generate", spelled(document), "--output", spelled(output)]
        if let configuration { arguments += ["--config", spelled(configuration)] }
        if everyFile { arguments.append("--every-file") }
        return arguments
    }
}

struct PluginProblem: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
