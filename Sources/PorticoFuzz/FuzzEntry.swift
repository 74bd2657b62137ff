import Foundation
import PorticoMarkdown
import PorticoStore

/// libFuzzer entry: every input goes through the store's parsers and the Markdown renderer.
/// Built with `-sanitize=fuzzer,address -DPORTICO_FUZZ` (see Fuzz/README.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func porticoFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let body = ParserProbe.run(bytes) {
        _ = MarkdownRenderer.html(body)
    }
    return 0
}

#if PORTICO_FUZZ
/// libFuzzer's driver, from the runtime `-sanitize=fuzzer` links in.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

/// SwiftPM gives every executable its own entry point, so libFuzzer's `main` is not used:
/// this one hands the command line to libFuzzer's driver.
@main
struct FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, porticoFuzzOneInput))
    }
}
#else
/// Without libFuzzer: replays inputs (files given as arguments), for turning a crasher into a
/// reproducible run and for the regression tests.
@main
struct FuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let bytes = [UInt8](data)
            _ = bytes.withUnsafeBufferPointer { porticoFuzzOneInput($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
            print("ok \(path)")
        }
    }
}
#endif
