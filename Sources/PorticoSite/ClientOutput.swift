import Foundation
import PorticoPortal
import PorticoRender
import PorticoStore
import PorticoView

/// One client's finished portal: every file it will write, rendered (and sealed, for encrypted
/// portals) in memory, so nothing is written until every client has succeeded.
struct ClientOutput: Sendable {
    enum Content: Sendable {
        case bytes(Data)
        /// A store file copied as it is.
        case copy(String)
    }

    var clientID: String
    var folder: String
    var files: [(path: String, content: Content)] = []
    var pages = 0
    var attachments = 0
    var problems: [Diagnostic] = []

    /// Redacts, renders and (for encrypted portals) seals one client's portal.
    static func make(_ client: Client, builder: PortalBuilder, renderer: PageRenderer, lock: PortalLock?,
                     lockedPage: LockedPage) -> ClientOutput {
        let (portal, diagnostics) = builder.build(client)
        var output = ClientOutput(clientID: client.id, folder: portal.folder, problems: diagnostics)
        let sealer = lock.map(PortalSealer.init)
        for (path, page) in portal.pages {
            do {
                let html = Data(try renderer.render(page).utf8)
                if let sealer {
                    var shell = lockedPage
                    shell.lang = client.locale
                    shell.assets = String(repeating: "../", count: path.split(separator: "/").count) + "assets/"
                    shell.scope = portal.folder
                    shell.payload = sealer.seal(html, path: path).base64EncodedString()
                    output.files.append((path, .bytes(Data(try renderer.render(shell).utf8))))
                } else {
                    output.files.append((path, .bytes(html)))
                }
                output.pages += 1
            } catch {
                output.problems.append(.error(SourceLocation(file: page.template + ".mustache"), "\(error)"))
            }
        }
        for document in portal.documents {
            let data = Data(document.data)
            output.files.append((document.path, .bytes(sealer?.seal(data, path: document.path) ?? data)))
        }
        for file in portal.files {
            if let sealer {
                guard let bytes = FileManager.default.contents(atPath: URL(fileURLWithPath: file.sourcePath).resolvingSymlinksInPath().path) else {
                    output.problems.append(.error(SourceLocation(file: file.sourcePath), "cannot read the file"))
                    continue
                }
                output.files.append((file.outputPath, .bytes(sealer.sealFile(bytes, mimeType: file.mimeType, path: file.outputPath))))
            } else {
                output.files.append((file.outputPath, .copy(file.sourcePath)))
            }
            output.attachments += 1
        }
        return output
    }
}
