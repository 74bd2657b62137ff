import Foundation
import PorticoStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists files under a folder as `FileManager.enumerator(atPath:)` filtered by `fileExists(isDirectory:)`
/// did: every entry, hidden ones included, that exists and is not a directory (a link counts as
/// what it points to; a broken link is left out), without descending into linked folders.
/// `readdir` gives each entry's type, so most files need no `stat`.
enum DirectoryWalk {
    /// Paths relative to `folder`, sorted.
    static func files(under folder: String) -> [String] {
        unsortedFiles(under: folder, named: "").sorted()
    }

    /// Paths under `folder` relative to its parent, whose name is `name` (empty: relative to
    /// `folder` itself), in no particular order.
    static func unsortedFiles(under folder: String, named name: String) -> [String] {
        var files: [String] = []
        walk(folder, relative: name, into: &files)
        return files
    }

    /// Paths relative to `folder`, in no particular order, its subfolders walked in parallel: the
    /// audit walks a build's output (a folder per portal) while nothing else runs.
    static func unsortedFilesInParallel(under folder: String) -> [String] {
        var files: [String] = []
        let folders = entries(folder, relative: "", into: &files)
        for found in Parallel.map(folders.count, { unsortedFiles(under: folders[$0].path, named: folders[$0].relative) }) {
            files += found
        }
        return files
    }

    private static func walk(_ path: String, relative: String, into files: inout [String]) {
        for folder in entries(path, relative: relative, into: &files) { walk(folder.path, relative: folder.relative, into: &files) }
    }

    /// Adds the files in `path` (named `relative`) to `files`, and returns its folders.
    private static func entries(_ path: String, relative: String, into files: inout [String]) -> [(path: String, relative: String)] {
        guard let directory = opendir(path) else { return [] }
        var folders: [(path: String, relative: String)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<length]), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let entryPath = path + "/" + name
            let entryRelative = relative.isEmpty ? name : relative + "/" + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(entryPath, &info) == 0 else { continue }
                let format = info.st_mode & S_IFMT
                type = format == S_IFDIR ? UInt8(DT_DIR) : format == S_IFLNK ? UInt8(DT_LNK) : UInt8(DT_REG)
            }
            switch type {
            case UInt8(DT_DIR):
                folders.append((entryPath, entryRelative))
            case UInt8(DT_LNK):
                var target = stat()
                if stat(entryPath, &target) == 0, target.st_mode & S_IFMT != S_IFDIR { files.append(entryRelative) }
            default:
                files.append(entryRelative)
            }
        }
        closedir(directory)
        return folders
    }
}
