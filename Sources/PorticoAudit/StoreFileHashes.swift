import Crypto
import Foundation
import PorticoStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Store files by size, hashed on demand and once, from any thread.
final class StoreFileHashes: @unchecked Sendable {
    private let lock = NSLock()
    private var hashes: [String: String] = [:]

    /// Paths by the size `stat` gives (files that do not exist cannot match anything); paths that
    /// are not regular files are candidates for any size.
    struct BySize: Sendable {
        var sized: [Int: [Int]] = [:]
        var anySize: [Int] = []
        var paths: [String] = []

        /// Indices into the paths given, ascending.
        func candidates(size: Int) -> [Int] {
            let same = sized[size] ?? []
            return anySize.isEmpty ? same : (same + anySize).sorted()
        }

        func paths(size: Int) -> [String] {
            candidates(size: size).map { paths[$0] }
        }
    }

    func bySize(_ paths: [String]) -> BySize {
        var result = BySize(paths: paths)
        for (index, path) in paths.enumerated() {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFREG {
                result.sized[Int(info.st_size), default: []].append(index)
            } else {
                result.anySize.append(index)
            }
        }
        return result
    }

    func hash(of path: String) -> String {
        lock.lock()
        let known = hashes[path]
        lock.unlock()
        if let known { return known }
        let digest = Auditor.hash(of: path)
        lock.lock()
        hashes[path] = digest
        lock.unlock()
        return digest
    }
}
