import Dispatch
import Foundation

/// Lets go of a large value without the thread that held it waiting. Freeing a build's many
/// small objects (the audit's phrases, the store's items) took the main thread tens of
/// milliseconds at the end of a build, in series with everything else.
///
/// A command that exits when its build is done (`portico build`) sets `untilExit`: then nothing
/// is freed at all, since the process's end gives everything back at once, and freeing on
/// another thread still took a core from the audit's scan. A long-running process (`portico
/// serve`, the tests) frees on another thread.
public enum Discard {
    /// Keep discarded values until the process exits instead of freeing them.
    public static func keepUntilExit() {
        kept.lock.withLock { kept.keeping = true }
    }

    public static func later<Value: Sendable>(_ value: consuming Value) {
        let box = Box(value)
        let keeping = kept.lock.withLock {
            if kept.keeping { kept.boxes.append(box) }
            return kept.keeping
        }
        if !keeping {
            DispatchQueue.global(qos: .utility).async { withExtendedLifetime(box) {} }
        }
    }

    private static let kept = Kept()

    /// Guarded by `lock`.
    private final class Kept: @unchecked Sendable {
        let lock = NSLock()
        var keeping = false
        var boxes: [AnyObject] = []
    }

    private final class Box<Held: Sendable>: Sendable {
        let held: Held
        init(_ held: consuming Held) { self.held = held }
    }
}
