import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory generate-openapi-code [--target NAME]…`: writes the
/// generated Swift into `Generated/` inside each target that holds an `openapi.yaml`, for packages that commit
/// it (as this repository does) instead of generating at build time.
@main
struct GenerateOpenAPICode: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let names = extractor.extractOption(named: "target")
        let targets = try names.isEmpty ? context.package.targets : context.package.targets(named: names)
        let tool = try context.tool(named: "openapi-gen")
        var generated = 0
        for case let target as SourceModuleTarget in targets {
            let files = target.sourceFiles.map(\.url)
            guard
                files.contains(where: { GeneratorInputs.documentNames.contains($0.lastPathComponent) })
                    || !names.isEmpty
            else { continue }
            let inputs = try GeneratorInputs(targetName: target.name, files: files)
            let output = target.directoryURL.appending(path: "Generated")
            let process = Process()
            process.executableURL = tool.url
            // Run from the package's folder with relative paths, so that the committed headers name no machine.
            process.currentDirectoryURL = context.package.directoryURL
            process.arguments = inputs.arguments(
                output: output, everyFile: false, relativeTo: context.package.directoryURL)
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw PluginProblem(
                    "openapi-gen failed for target '\(target.name)' (exit \(process.terminationStatus))")
            }
            print("Generated \(output.path(percentEncoded: false)) from \(inputs.document.lastPathComponent)")
            generated += 1
        }
        if generated == 0 { throw PluginProblem("no target holds an OpenAPI document (openapi.yaml)") }
    }
}
