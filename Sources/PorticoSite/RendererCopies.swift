import Foundation
import PorticoRender

/// Copies of the parsed templates, one for each portal rendering at the same time: a portal
/// borrows one and gives it back. Reading a template node writes its reference count, so two
/// threads rendering from one copy keep taking those cache lines from each other; a copy per
/// portal avoided that too, but made a hundred copies where two or three do.
final class RendererCopies: @unchecked Sendable {
    private let original: PageRenderer
    /// Guarded by `lock`.
    private var idle: [PageRenderer] = []
    private let lock = NSLock()

    /// How many copies were made: all of them are idle when no portal is rendering.
    var made: Int { lock.withLock { idle.count } }

    init(_ original: PageRenderer) {
        self.original = original
    }

    /// Runs `body` with a copy no other thread uses meanwhile.
    func with<Result>(_ body: (PageRenderer) throws -> Result) rethrows -> Result {
        let copy = lock.withLock { idle.popLast() } ?? original.separateCopy()
        defer { lock.withLock { idle.append(copy) } }
        return try body(copy)
    }
}
