import Dispatch

/// A value worked out on another thread while the caller goes on; `value` waits for it. A build
/// that renders fewer portals than there are cores prepares its audit this way meanwhile.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = work()
            self.done.signal()
        }
    }

    /// The value, once it is ready (every call after the first returns at once).
    var value: Value {
        done.wait()
        done.signal()
        return result!
    }
}
