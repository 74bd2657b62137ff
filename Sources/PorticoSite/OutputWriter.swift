import Foundation
import CPorticoSystem

/// Writes a build into a fresh folder beside the output and swaps it in at the end, so readers
/// (and a failed or killed build) only ever see a complete old or a complete new output.
/// Refuses to write one path twice and to replace a folder that is not a Portico output.
public final class OutputWriter: @unchecked Sendable {
    /// Marks a folder as Portico's own, so a mistyped `--output ~/Documents` is never replaced.
    public static let marker = ".portico-output"

    public let destination: String
    public let staging: String
    private var written: Set<String> = []
    private let lock = NSLock()

    public init(destination: String) throws(BuildFailure) {
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        self.destination = target.path
        let parent = target.deletingLastPathComponent().path
        staging = parent + "/." + target.lastPathComponent + ".building-\(ProcessInfo.processInfo.processIdentifier)"
        try Self.checkReplaceable(self.destination)
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: staging) { try FileManager.default.removeItem(atPath: staging) }
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
            try Data().write(to: URL(fileURLWithPath: staging + "/" + Self.marker))
        } catch {
            throw .output("cannot create the build folder \(staging): \(error.localizedDescription)")
        }
    }

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
    public func write(_ data: Data, to relative: String) throws(BuildFailure) {
        try claim(relative)
        let url = URL(fileURLWithPath: staging + "/" + relative)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        } catch {
            throw .output("cannot write \(relative): \(error.localizedDescription)")
        }
    }

    /// Copies a store file into the new output (a copy, never a link into the store).
    public func copy(_ source: String, to relative: String) throws(BuildFailure) {
        try claim(relative)
        let url = URL(fileURLWithPath: staging + "/" + relative)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let data = try Data(contentsOf: URL(fileURLWithPath: source).resolvingSymlinksInPath())
            try data.write(to: url)
        } catch {
            throw .output("cannot copy \(source) to \(relative): \(error.localizedDescription)")
        }
    }

    private func claim(_ relative: String) throws(BuildFailure) {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
            throw .output("refusing to write outside the output: \(relative)")
        }
        lock.lock()
        defer { lock.unlock() }
        guard written.insert(relative).inserted else { throw .output("two pages would be written to \(relative)") }
    }

    public var paths: [String] {
        lock.lock()
        defer { lock.unlock() }
        return written.sorted()
    }

    /// Replaces the output with the new build in one step where the system allows it
    /// (renameat2 RENAME_EXCHANGE on Linux), then removes the old one.
    public func commit() throws(BuildFailure) {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination) {
            try Self.checkReplaceable(destination)
            if Self.exchange(staging, destination) {
                try? manager.removeItem(atPath: staging)
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
            try? manager.removeItem(atPath: old)
        } else {
            do {
                try manager.moveItem(atPath: staging, toPath: destination)
            } catch {
                throw .output("cannot create \(destination): \(error.localizedDescription)")
            }
        }
    }

    /// Throws the new build away (after a failure); the previous output is left untouched.
    public func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    private static func exchange(_ a: String, _ b: String) -> Bool {
        portico_exchange_paths(a, b) == 0
    }
}
