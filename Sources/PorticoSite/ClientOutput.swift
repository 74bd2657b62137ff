import Crypto
import Foundation
import PorticoAudit
import PorticoPortal
import PorticoRender
import PorticoStore
import PorticoView

/// One client's finished portal: every file it will write, rendered (and sealed, for encrypted
/// portals) in memory, so nothing is written until every client has succeeded. Pages whose
/// HTML is unchanged since the last build are carried over (not rewritten or resealed).
struct ClientOutput: Sendable {
    enum Content: Sendable {
        case bytes(Data)
        /// A store file copied as it is.
        case copy(String)
        /// A file of the previous output, carried over unchanged.
        case reuse(String)
    }

    var clientID: String
    var folder: String
    var files: [(path: String, content: Content)] = []
    /// Output path to the key of its content, kept in the build cache (for the pages and documents
    /// of an open portal, which are never reused by key, the key names no content: `open`).
    var keys: [String: String] = [:]
    var pages = 0
    var attachments = 0
    var rendered = 0
    var problems: [Diagnostic] = []
    /// True when the whole portal was carried over from the previous build.
    var carriedOver = false
    /// After `write(to:)`: files written new, and files carried over unchanged.
    var written = 0
    var unchanged = 0
    /// How many files the portal has (kept after `write(to:)` empties `files`).
    var fileCount = 0
    /// After `audit(with:)`: the files it checked (relative to the output), and what it found.
    var auditedFiles: [String] = []
    var auditFindings: [AuditFinding] = []

    /// Checks the rendered files against the audit's preparation while their bytes are in
    /// memory; the audit does not read these files again. (What is written is these bytes, or
    /// the same bytes found on disk already.) Copied attachments and reused files are left to it.
    mutating func audit(with preparation: Auditor.Preparation) {
        var rendered: [(path: String, data: Data)] = []
        for (path, content) in files {
            if case let .bytes(data) = content { rendered.append((folder + "/" + path, data)) }
        }
        auditFindings = preparation.check(portalOf: clientID, files: rendered)
        auditedFiles = rendered.map(\.path)
    }

    /// Writes every file into the new output and lets go of their bytes.
    mutating func write(to writer: OutputWriter, times: WorkTimes) throws(BuildFailure) {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { times.add("write", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        for (path, content) in files {
            let wrote: Bool
            switch content {
            case let .bytes(data): wrote = try writer.write(data, to: folder + "/" + path)
            case let .copy(source): wrote = try writer.copy(source, to: folder + "/" + path)
            case let .reuse(old): try writer.reuse(old, at: folder + "/" + path); wrote = false
            }
            if wrote { written += 1 } else { unchanged += 1 }
        }
        fileCount = files.count
        files = []
    }

    /// Whether the previous output holds this portal exactly: the same files, byte for byte, and
    /// nothing else in its folder. A build that finds the shared files unchanged too leaves such
    /// a portal where it is instead of carrying each file over into a new output.
    func isInPlace(_ writer: OutputWriter) -> Bool {
        guard let old = FileIO.regularFiles(under: writer.destination + "/" + folder), old.count == files.count else { return false }
        let opener = FolderOpener()
        for (path, content) in files {
            guard old.contains(path) else { return false }
            let relative = folder + "/" + path
            switch content {
            case let .bytes(data):
                guard writer.holds(data, at: relative, opener: opener) else { return false }
            case let .copy(source):
                let resolved = URL(fileURLWithPath: source).resolvingSymlinksInPath().path
                guard let data = FileManager.default.contents(atPath: resolved), writer.holds(data, at: relative, opener: opener) else { return false }
            case let .reuse(previous):
                // The previous file itself, made from the same key (see `make`).
                guard previous == writer.destination + "/" + relative else { return false }
            }
        }
        return true
    }

    /// Counts every file as unchanged and lets go of their bytes: the portal stays where it is.
    mutating func keepInPlace() {
        fileCount = files.count
        unchanged = files.count
        written = 0
        files = []
    }

    /// What the previous build left, for carrying unchanged files over.
    struct Previous: Sendable {
        var cache: BuildCache.Client
        var root: String
    }

    /// Redacts, renders and (for encrypted portals) seals one client's portal. `renderer` is for
    /// this portal alone while it renders (see `RendererCopies`).
    static func make(_ client: Client, builder: PortalBuilder, renderer: PageRenderer, lock: PortalLock?,
                     lockedPage: LockedPage, themeKey: String, previous: Previous?, times: WorkTimes,
                     stamp: String) -> ClientOutput {
        let (portal, diagnostics) = times.measure("redact") { builder.build(client) }
        var output = ClientOutput(clientID: client.id, folder: portal.folder, problems: diagnostics)
        let sealer = lock.map(PortalSealer.init)
        let lockKey = lock.map { SHA256.hash(data: $0.keyData + $0.salt).description } ?? "open"
        /// The previous file at `path`, when it was made from the same key.
        func unchanged(_ path: String, key: String) -> String? {
            guard let previous, previous.cache.folder == portal.folder, previous.cache.files[path] == key else { return nil }
            let old = previous.root + "/" + portal.folder + "/" + path
            return FileManager.default.fileExists(atPath: old) ? old : nil
        }
        for (path, page) in portal.pages {
            output.pages += 1
            let html: [UInt8]
            do {
                html = try times.measure("templates") { () throws -> [UInt8] in try renderer.render(page) }
            } catch {
                output.problems.append(.error(SourceLocation(file: page.template + ".mustache"), "\(error)"))
                continue
            }
            // Rendering is cheap; sealing is not, and would change the bytes (fresh nonce): a
            // sealed page whose HTML is unchanged keeps its previous file, found by a key of its
            // HTML. An open page is written as rendered, and the writer keeps the previous file
            // where it holds the same bytes, so its HTML is not hashed (a twentieth of the CPU
            // time of a full build) and its key names no content: it is never reused by key.
            let key = sealer == nil ? lockKey : InputFingerprint.combine([themeKey, lockKey, path, SHA256.hash(data: html).description])
            output.keys[path] = key
            if sealer != nil, let old = unchanged(path, key: key) {
                output.files.append((path, .reuse(old)))
                continue
            }
            output.rendered += 1
            do {
                if let sealer {
                    var shell = lockedPage
                    shell.lang = client.locale
                    shell.assets = String(repeating: "../", count: path.split(separator: "/").count) + "assets/"
                    shell.scope = portal.folder
                    shell.payload = times.measure("seal") { sealer.seal(Data(html), path: path).base64EncodedString() }
                    let sealed = try times.measure("templates") { () throws -> String in try renderer.render(shell) }
                    output.files.append((path, .bytes(Data(sealed.utf8))))
                } else {
                    output.files.append((path, .bytes(Data(html))))
                }
            } catch {
                output.problems.append(.error(SourceLocation(file: "locked.mustache"), "\(error)"))
            }
        }
        for document in portal.documents {
            let data = Data(document.data)
            // Never reused by key (always written, or sealed anew): for an open portal, no hash.
            output.keys[document.path] = sealer == nil ? lockKey : InputFingerprint.combine([lockKey, document.path, SHA256.hash(data: data).description])
            if let sealer {
                output.files.append((document.path, .bytes(times.measure("seal") { sealer.seal(data, path: document.path) })))
            } else {
                output.files.append((document.path, .bytes(data)))
            }
        }
        // Not sealed: it holds no content, and the cache reads it.
        output.keys[OutputWriter.portalStamp] = stamp
        output.files.append((OutputWriter.portalStamp, .bytes(Data(stamp.utf8))))
        for file in portal.files {
            output.attachments += 1
            let source = URL(fileURLWithPath: file.sourcePath).resolvingSymlinksInPath().path
            guard let bytes = FileManager.default.contents(atPath: source) else {
                output.problems.append(.error(SourceLocation(file: file.sourcePath), "cannot read the file"))
                continue
            }
            let key = InputFingerprint.combine([lockKey, file.outputPath, file.mimeType, SHA256.hash(data: bytes).description])
            output.keys[file.outputPath] = key
            if let old = unchanged(file.outputPath, key: key) {
                output.files.append((file.outputPath, .reuse(old)))
            } else if let sealer {
                let sealed = times.measure("seal") { sealer.sealFile(bytes, mimeType: file.mimeType, path: file.outputPath) }
                output.files.append((file.outputPath, .bytes(sealed)))
            } else {
                output.files.append((file.outputPath, .copy(file.sourcePath)))
            }
        }
        return output
    }

    /// A portal an incremental build leaves where it is: nothing to write, its counts from the
    /// cache (`counts` when the cache did not read its files).
    static func leftInPlace(clientID: String, entry: BuildCache.Client, counts: (pages: Int, files: Int)? = nil) -> ClientOutput {
        var output = ClientOutput(clientID: clientID, folder: entry.folder, keys: entry.files)
        output.carriedOver = true
        for path in entry.files.keys {
            if path.hasSuffix(".html") { output.pages += 1 } else if path.hasPrefix("files/") { output.attachments += 1 }
        }
        if let counts { output.pages = counts.pages }
        output.unchanged = counts?.files ?? entry.files.count
        output.fileCount = output.unchanged
        return output
    }
}
