import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// `map` over the elements on every core, keeping the order.
    ///
    /// Linting a thousand issues is a thousand independent jobs; the machine's cores share them.
    public func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        let results = ResultSlots<Result>(count: count)
        let elements = self
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results.store(transform(elements[index]), at: index)
        }
        return results.values
    }
}

/// Slots each job writes its own result into; no two jobs share a slot.
private final class ResultSlots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    init(count: Int) {
        slots = Mutex(Array(repeating: nil, count: count))
    }

    func store(_ value: Value, at index: Int) {
        slots.withLock { $0[index] = value }
    }

    var values: [Value] { slots.withLock { $0.map { $0! } } }
}
