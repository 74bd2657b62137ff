import Dispatch

/// Lets go of a large value on another thread. Freeing a build's many small objects (the audit's
/// phrases, the store's items) took the main thread tens of milliseconds at the end of a build,
/// in series with everything else; a process about to exit does not wait for it.
public enum Discard {
    public static func later<Value: Sendable>(_ value: consuming Value) {
        let box = Box(value)
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(box) {} }
    }

    private final class Box<Held: Sendable>: Sendable {
        let held: Held
        init(_ held: consuming Held) { self.held = held }
    }
}
