import Foundation
import PackagePlugin

/// Runs PorticoThemeEmbedder over the package's top-level `Templates/` folder, so the default
/// theme is compiled into the binary and `portico` works from any directory once installed.
@main
struct EmbedThemePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "Templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTheme.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                inputs.append(url)
            }
        }
        return [.buildCommand(
            displayName: "Embedding default theme from Templates/",
            executable: try context.tool(named: "PorticoThemeEmbedder").url,
            arguments: [templates.path, output.path],
            inputFiles: inputs.sorted { $0.path < $1.path },
            outputFiles: [output]
        )]
    }
}
