import Foundation
import Testing
@testable import PorticoMarkdown
@testable import PorticoStore

/// Replays the fuzz corpus and every crasher found so far: each must parse or fail cleanly.
@Suite struct FuzzCorpusTests {
    static var inputs: [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return ["Fuzz/corpus", "Fuzz/crashers"].flatMap { folder in
            TemporaryStore.files(under: root.appendingPathComponent(folder).path).map { root.appendingPathComponent(folder + "/" + $0).path }
        }
    }

    @Test func everySavedInputParsesOrFailsCleanly() throws {
        #expect(Self.inputs.count >= 3)
        for path in Self.inputs {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            if let body = ParserProbe.run(bytes) { _ = MarkdownRenderer.html(body) }
        }
    }

    @Test func hostileShapesDoNotCrash() {
        let inputs: [[UInt8]] = [
            [], [0xFF, 0xFE], Array("---".utf8), Array("---\n---".utf8), Array("---\n&a [*a, *a]\n---".utf8),
            Array(("---\n" + String(repeating: "[", count: 5_000) + "\n---").utf8),
            Array(("{" + String(repeating: "\"a\":{", count: 2_000)).utf8),
            Array("---\nx: !!binary AAAA\n---\n".utf8),
            Array("---\na: &x 1\nb: *x\n---\n".utf8),
        ]
        for input in inputs { _ = ParserProbe.run(input) }
    }
}
