import Foundation
import Testing
@testable import PorticoRender
@testable import PorticoSite

/// Portals rendering at the same time each have templates of their own (see `RendererCopies`).
@Suite struct RendererCopiesTests {
    /// Where a copy's first text node keeps its bytes: different for every copy.
    static func storage(_ renderer: PageRenderer) -> UnsafeRawPointer? {
        for name in renderer.library.templates.keys.sorted() {
            for node in renderer.library.templates[name]! {
                if case let .text(bytes) = node { return bytes.withUnsafeBytes { $0.baseAddress } }
            }
        }
        return nil
    }

    @Test func portalsRenderingAtOnceNeverShareACopy() throws {
        let renderer = try PageRenderer(theme: Theme.load(overrides: []))
        let copies = RendererCopies(renderer)
        // One after another: one copy, used again, and not the original.
        let first = copies.with(Self.storage), second = copies.with(Self.storage)
        #expect(first != nil && first == second && first != Self.storage(renderer))
        #expect(copies.made == 1)
        // One while another is out: a second copy.
        let (outer, inner) = copies.with { held in (Self.storage(held), copies.with(Self.storage)) }
        #expect(outer != inner && copies.made == 2)
        // Many portals on every thread: never one copy in two places, at least as many copies as
        // were out at once, and no more than there are threads.
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var out: Set<Int> = [], most = 0, shared = false
        }
        let tally = Tally()
        DispatchQueue.concurrentPerform(iterations: 200) { _ in
            copies.with { held in
                let place = Int(bitPattern: Self.storage(held))
                tally.lock.withLock {
                    if tally.out.contains(place) { tally.shared = true }
                    tally.out.insert(place)
                    tally.most = max(tally.most, tally.out.count)
                }
                usleep(200)
                tally.lock.withLock { _ = tally.out.remove(place) }
            }
        }
        let (shared, most) = (tally.shared, tally.most)
        #expect(!shared)
        #expect(copies.made >= most && copies.made <= max(2, ProcessInfo.processInfo.activeProcessorCount + 1))
    }
}
