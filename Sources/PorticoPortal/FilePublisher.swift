import Crypto
import Foundation
import PorticoStore
import PorticoView

/// Decides which store files one client's portal may publish, and where they go.
/// A file is published only when a visible item references it; files of private items, private
/// attachments and anything outside this client's folder and the shared `files/` and `guides/`
/// are refused with a located error, never copied.
final class FilePublisher {
    private let storeRoot: String
    private let clientDirectory: String
    private let privateFiles: Set<String>
    private let privateFolders: [String]
    private(set) var published: [String: String] = [:]
    private(set) var diagnostics: [Diagnostic] = []

    /// For encrypted portals: published files get opaque names (`files/<hash>.bin`), so the host
    /// sees neither contents nor names. The salt keeps names unlinkable across portals.
    private let opaqueNameSalt: String?

    init(storeRoot: String, clientDirectory: String, privateFiles: Set<String>, privateFolders: [String], opaqueNameSalt: String?) {
        self.opaqueNameSalt = opaqueNameSalt
        self.storeRoot = storeRoot
        self.clientDirectory = clientDirectory
        self.privateFiles = privateFiles
        self.privateFolders = privateFolders
    }

    /// Portal-relative output path of a file (`files/...`), or nil when it may not be published.
    func publish(_ path: String, referencedAt location: SourceLocation) -> String? {
        if let existing = published[path] { return existing }
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let output = outputPath(for: path) else {
            refuse(location, "'\(display(path))' is outside this client's folder and the shared files; it is not published")
            return nil
        }
        if privateFiles.contains(path) || privateFiles.contains(real)
            || privateFolders.contains(where: { path.hasPrefix($0 + "/") || real.hasPrefix($0 + "/") }) {
            refuse(location, "'\(display(path))' belongs to a private item and cannot be linked from a visible one")
            return nil
        }
        guard FileManager.default.fileExists(atPath: path) else {
            refuse(location, "linked file '\(display(path))' does not exist")
            return nil
        }
        published[path] = output
        return output
    }

    func isPublishable(_ path: String) -> Bool { outputPath(for: path) != nil }

    private func refuse(_ location: SourceLocation, _ message: String) {
        diagnostics.append(.error(location, message))
    }

    private func display(_ path: String) -> String {
        path.hasPrefix(storeRoot + "/") ? String(path.dropFirst(storeRoot.count + 1)) : path
    }

    /// `clients/<id>/x/y` → `files/x/y`; shared `files/x` or `guides/x` → `files/shared/...`.
    private func outputPath(for path: String) -> String? {
        guard let readable = readablePath(for: path) else { return nil }
        guard let salt = opaqueNameSalt else { return readable }
        let digest = SHA256.hash(data: Data((salt + ":" + readable).utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
        return "files/\(digest).bin"
    }

    private func readablePath(for path: String) -> String? {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ext != "md", ext != "json" else { return nil }
        if path.hasPrefix(clientDirectory + "/") {
            let relative = String(path.dropFirst(clientDirectory.count + 1))
            return "files/" + relative
        }
        for shared in ["files", "guides"] where path.hasPrefix(storeRoot + "/" + shared + "/") {
            return "files/shared/" + String(path.dropFirst(storeRoot.count + 1))
        }
        return nil
    }

    var files: [ClientPortal.PublishedFile] {
        published.map { ClientPortal.PublishedFile(sourcePath: $0.key, outputPath: $0.value,
                                                   mimeType: MediaType.of(($0.key as NSString).lastPathComponent).mime) }
            .sorted { $0.outputPath < $1.outputPath }
    }
}
