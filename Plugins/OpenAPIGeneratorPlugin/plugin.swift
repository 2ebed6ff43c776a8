import Foundation
import PackagePlugin

/// Generates Swift from the target's `openapi.yaml` (and `openapi-gen.yaml`) at build time, into the build
/// folder: nothing generated is committed. The document's problems are compiler diagnostics at `file:line:col`.
@main
struct OpenAPIGeneratorPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let inputs = try GeneratorInputs(targetName: target.name, files: target.sourceFiles.map(\.url))
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        return [
            .buildCommand(
                displayName: "Generating Swift from \(inputs.document.lastPathComponent) for \(target.name)",
                executable: try context.tool(named: "openapi-gen").url,
                // Every file, those of parts the configuration leaves out as comments: the outputs are fixed here.
                arguments: inputs.arguments(output: output, everyFile: true),
                inputFiles: inputs.allDocuments,
                outputFiles: GeneratorInputs.outputNames.map { output.appending(path: $0) })
        ]
    }
}
