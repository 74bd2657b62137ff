import Foundation
import PorticoStore
#if canImport(Glibc)
import Glibc
#endif
import CPorticoSystem

/// Writes a build into a fresh folder beside the output and swaps it in at the end, so readers
/// (and a failed or killed build) only ever see a complete old or a complete new output; or,
/// when the shared files are unchanged, swaps in each rebuilt portal (`commitPortals`), so each
/// portal is always complete, old or new, and unchanged portals are not touched at all.
/// Refuses to write one path twice and to replace a folder that is not a Portico output.
public final class OutputWriter: @unchecked Sendable {
    /// Marks a folder as Portico's own, so a mistyped `--output ~/Documents` is never replaced.
    public static let marker = ".portico-output"
    /// In each portal folder: which inputs it was made from (see `BuildCache.portalStamp`).
    public static let portalStamp = ".portico-portal"

    public let destination: String
    public let staging: String

    private var written: Set<String> = []
    private let lock = NSLock()

    public init(destination: String) throws(BuildFailure) {
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        self.destination = target.path
        let parent = target.deletingLastPathComponent().path
        staging = Self.temporary(for: destination, "")
        try Self.checkReplaceable(self.destination)
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            // Folders left by killed builds (the caller holds the build lock, so none is live).
            let prefix = Self.buildingName(target)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
                FileIO.removeTree(parent + "/" + name)
            }
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
            try Data().write(to: URL(fileURLWithPath: staging + "/" + Self.marker))
        } catch {
            throw .output("cannot create the build folder \(staging): \(error.localizedDescription)")
        }
    }

    /// Beside the output, a name of this process's build (`suffix` tells its files apart): what
    /// a killed build leaves under such names, the next build removes.
    static func temporary(for output: String, _ suffix: String) -> String {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        return target.deletingLastPathComponent().path + "/" + buildingName(target) + "\(getpid())" + suffix
    }

    /// What every build's names beside the output `target` start with (then its process id).
    private static func buildingName(_ target: URL) -> String { "." + target.lastPathComponent + ".building-" }

    static func checkReplaceable(_ path: String) throws(BuildFailure) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .output("\(path) exists and is not a folder; choose another --output") }
        let contents = (try? manager.contentsOfDirectory(atPath: path)) ?? []
        if !contents.isEmpty, !contents.contains(marker) {
            throw .output("refusing to replace \(path): it is not empty and was not written by Portico; choose another --output or empty it")
        }
    }

    /// Writes `data` at `relative` inside the new output; a second write to one path is an error.
    /// When the previous output holds the same bytes there, that file is carried over instead
    /// (a hard link: same bytes, same modification time), so uploads move only what changed.
    @discardableResult
    public func write(_ data: Data, to relative: String) throws(BuildFailure) -> Bool {
        let old = destination + "/" + relative
        let same = data.withUnsafeBytes { FileIO.hasContents(old, equalTo: $0) }
        if same {
            try reuse(old, at: relative)
            return false
        }
        try claim(relative)
        let target = staging + "/" + relative
        do {
            try makeFolder(Self.parent(of: target))
        } catch {
            throw .output("cannot write \(relative): \(error.localizedDescription)")
        }
        let failure = data.withUnsafeBytes { bytes -> FileIO.Failure? in
            do throws(FileIO.Failure) { try FileIO.write(bytes, to: target) } catch { return error }
            return nil
        }
        if let failure { throw .output("cannot write \(relative): \(failure)") }
        return true
    }

    /// Whether the previous output's file at `relative` is a regular file holding exactly `data`.
    func holds(_ data: Data, at relative: String, opener: FolderOpener? = nil) -> Bool {
        data.withUnsafeBytes { FileIO.hasContents(destination + "/" + relative, equalTo: $0, opener: opener) }
    }

    /// Whether the previous output holds exactly `files`, the files outside the portals: each
    /// with these bytes, nothing else at its top level but the marker and folders (portals, to
    /// be kept, replaced or removed), and nothing else in those files' folders (`assets/`).
    /// Then a build need not replace the whole output (see `SiteBuilder`).
    func holdsExactly(shared files: [(path: String, data: Data)]) -> Bool {
        guard let top = try? FileManager.default.contentsOfDirectory(atPath: destination), top.contains(Self.marker) else { return false }
        let (topFiles, sharedFolders) = Self.topLevelNames(files.map(\.path))
        for name in top where name != Self.marker && !topFiles.contains(name) {
            guard isPreviousFolder(name) else { return false }
        }
        for folder in sharedFolders {
            let expected = Set(files.map(\.path).filter { $0.hasPrefix(folder + "/") }.map { String($0.dropFirst(folder.count + 1)) })
            guard FileIO.regularFiles(under: destination + "/" + folder) == expected else { return false }
        }
        return files.allSatisfy { holds($0.data, at: $0.path) }
    }

    /// The previous output's top-level folders (portals, and `assets`).
    func previousFolders() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: destination)) ?? []).filter(isPreviousFolder).sorted()
    }

    /// Whether `name` at the top of the previous output is a folder (not a link to one).
    private func isPreviousFolder(_ name: String) -> Bool {
        var info = stat()
        return lstat(destination + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The top-level names of output paths: those that are files at the top, and the folders
    /// the others are in (`index.html` and `assets`).
    static func topLevelNames(_ paths: [String]) -> (files: Set<String>, folders: Set<String>) {
        var names: (files: Set<String>, folders: Set<String>) = ([], [])
        for path in paths {
            if let slash = path.firstIndex(of: "/") { names.folders.insert(String(path[..<slash])) } else { names.files.insert(path) }
        }
        return names
    }

    /// Carries a file of the previous output over unchanged (hard link, or a copy where links fail).
    public func reuse(_ previous: String, at relative: String) throws(BuildFailure) {
        try claim(relative)
        let target = staging + "/" + relative
        do {
            try makeFolder(Self.parent(of: target))
            if link(previous, target) != 0 {
                try FileManager.default.copyItem(atPath: previous, toPath: target)
            }
        } catch {
            throw .output("cannot carry over \(relative): \(error.localizedDescription)")
        }
    }

    /// Folders made so far: creating one per file would cost a system call per file.
    private var folders: Set<String> = []

    /// The folder part of a path (`a/b/c.html` → `a/b`).
    private static func parent(of path: String) -> String {
        String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
    }

    private func makeFolder(_ path: String) throws {
        lock.lock()
        let known = folders.contains(path)
        lock.unlock()
        guard !known else { return }
        try FileIO.makeFolders(path)
        lock.lock()
        folders.insert(path)
        lock.unlock()
    }

    /// Copies a store file into the new output (a copy, never a link into the store).
    @discardableResult
    public func copy(_ source: String, to relative: String) throws(BuildFailure) -> Bool {
        let resolved = URL(fileURLWithPath: source).resolvingSymlinksInPath().path
        if let existing = FileManager.default.contents(atPath: destination + "/" + relative),
           let fresh = FileManager.default.contents(atPath: resolved), existing == fresh {
            try reuse(destination + "/" + relative, at: relative)
            return false
        }
        try claim(relative)
        let url = URL(fileURLWithPath: staging + "/" + relative)
        do {
            try makeFolder(url.deletingLastPathComponent().path)
            let data = try Data(contentsOf: URL(fileURLWithPath: source).resolvingSymlinksInPath())
            try data.write(to: url)
        } catch {
            throw .output("cannot copy \(source) to \(relative): \(error.localizedDescription)")
        }
        return true
    }

    private func claim(_ relative: String) throws(BuildFailure) {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
            throw .output("refusing to write outside the output: \(relative)")
        }
        lock.lock()
        defer { lock.unlock() }
        guard written.insert(relative).inserted else { throw .output("two pages would be written to \(relative)") }
    }

    /// Replaces the output with the new build in one step where the system allows it
    /// (renameat2 RENAME_EXCHANGE on Linux), then removes the old one.
    /// `markerContents` goes into the marker file: the build cache records it, and is trusted
    /// only for an output whose marker still matches (a build killed between the swap and the
    /// cache update leaves them apart).
    public func commit(markerContents: String = "") throws(BuildFailure) {
        let manager = FileManager.default
        try? Data(markerContents.utf8).write(to: URL(fileURLWithPath: staging + "/" + Self.marker))
        if manager.fileExists(atPath: destination) {
            try Self.checkReplaceable(destination)
            if Self.exchange(staging, destination) {
                removeLater(staging)
                return
            }
            let old = staging + ".old"
            do {
                try manager.moveItem(atPath: destination, toPath: old)
                try manager.moveItem(atPath: staging, toPath: destination)
            } catch {
                if !manager.fileExists(atPath: destination), manager.fileExists(atPath: old) { try? manager.moveItem(atPath: old, toPath: destination) }
                throw .output("cannot replace \(destination): \(error.localizedDescription)")
            }
            removeLater(old)
        } else {
            do {
                try manager.moveItem(atPath: staging, toPath: destination)
            } catch {
                throw .output("cannot create \(destination): \(error.localizedDescription)")
            }
        }
    }

    /// Replaces only the portal folders this build wrote, each in one step, and removes the
    /// folders in `removed`; the rest of the output (unchanged portals, shared files) is left
    /// as it is. Used when few portals changed: the cost is that of the changed portals, not of
    /// the whole site. Each portal is always complete, old or new; while several portals are
    /// replaced, some are already new and others still old. A build killed in between leaves a
    /// cache that is not trusted for the portals it replaced or removed: their stamps
    /// (`portalStamp`) no longer match it. The marker changes (last) only when the shared inputs
    /// did, so such a build leaves no other trace in the output.
    public func commitPortals(markerContents: String, removed: [String]) throws(BuildFailure) {
        let markerPath = destination + "/" + Self.marker
        do {
            let folders = (try FileManager.default.contentsOfDirectory(atPath: staging)).filter { $0 != Self.marker }.sorted()
            for folder in folders {
                let target = destination + "/" + folder
                if FileManager.default.fileExists(atPath: target) {
                    if !Self.exchange(staging + "/" + folder, target) {
                        // No atomic exchange on this file system: two renames.
                        try FileManager.default.moveItem(atPath: target, toPath: staging + "/" + folder + ".old")
                        try FileManager.default.moveItem(atPath: staging + "/" + folder, toPath: target)
                    }
                } else {
                    try FileManager.default.moveItem(atPath: staging + "/" + folder, toPath: target)
                }
            }
            for folder in removed where !folder.isEmpty && !folder.contains("/") && !folders.contains(folder) {
                FileIO.removeTree(destination + "/" + folder)
            }
            if FileManager.default.contents(atPath: markerPath) != Data(markerContents.utf8) {
                try replaceFile(markerPath, with: markerContents)
            }
        } catch let failure as BuildFailure {
            throw failure
        } catch {
            throw .output("cannot update \(destination): \(error.localizedDescription)")
        }
        // The staging folder now holds the replaced portals' old files.
        removeLater(staging)
    }

    /// What a commit replaced, no longer part of the output: removed on another core while the
    /// build saves its caches. `finishRemoving()` waits for it (as does the end of the writer).
    private var removal: BackgroundWork<Void>?

    private func removeLater(_ path: String) {
        removal = BackgroundWork { FileIO.removeTree(path) }
    }

    /// Waits until what the commit replaced is gone.
    public func finishRemoving() {
        removal?.value
    }

    deinit {
        removal?.value
    }

    /// Writes a small file by renaming a new one over it, so readers see the old or new text.
    /// The new one is written in the staging folder (beside the output, on the same file system),
    /// so a build killed half way leaves nothing in the output (the next build removes the folder).
    private func replaceFile(_ path: String, with text: String) throws {
        let temporary = staging + "/.portico-replacing"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            throw BuildFailure.output("cannot replace \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Throws the new build away (after a failure); the previous output is left untouched.
    public func discard() {
        finishRemoving()
        FileIO.removeTree(staging)
    }

    private static func exchange(_ a: String, _ b: String) -> Bool {
        portico_exchange_paths(a, b) == 0
    }
}
