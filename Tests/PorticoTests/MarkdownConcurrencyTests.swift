import Foundation
import Testing
@testable import PorticoMarkdown

/// Clients are rendered in parallel. cmark-gfm keeps the extensions' special characters in a
/// process-wide table while it parses inlines; without taking turns there, a page now and then
/// lost its strikethrough (seen in a 10,000-ticket build).
@Suite struct MarkdownConcurrencyTests {
    @Test func parallelRenderingGivesTheSameHTMLEveryTime() {
        let markdown = (1...12).map { "Line \($0) with ~~struck~~ text, **bold**, a | pipe and https://example.com/\($0)." }
            .joined(separator: "\n\n")
        let expected = MarkdownRenderer.html(markdown)
        #expect(expected.contains("<del>struck</del>"))
        let rounds = 4000
        let differing = Counter()
        DispatchQueue.concurrentPerform(iterations: rounds) { _ in
            if MarkdownRenderer.html(markdown) != expected { differing.add() }
        }
        #expect(differing.value == 0, "\(differing.value) of \(rounds) parallel renders differ")
    }
}

private final class Counter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
