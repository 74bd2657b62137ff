import Foundation

/// `DispatchQueue.concurrentPerform` with each result in its own slot, in order: the one way
/// the stages spread work over the cores (clients loaded, fingerprinted, built; cache lines read;
/// audit areas scanned) and keep a deterministic order.
public enum Parallel {
    public static func map<Result: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        guard count > 1 else { return (0..<count).map(body) }
        let slots = Slots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { slots.pointer[$0] = body($0) }
        return (0..<count).map { slots.pointer[$0]! }
    }

    /// Results by iteration: each iteration writes its own slot only.
    private final class Slots<Result>: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<Result?>
        let count: Int

        init(count: Int) {
            self.count = count
            pointer = UnsafeMutablePointer<Result?>.allocate(capacity: count)
            pointer.initialize(repeating: nil, count: count)
        }

        deinit {
            pointer.deinitialize(count: count)
            pointer.deallocate()
        }
    }
}
