import Synchronization

/// A value one side sets once and the other awaits: the start of a download (the read
/// recorded, the item known) or the error that prevented it.
final class OneShot<Value: Sendable>: Sendable {
    private enum State {
        case waiting(CheckedContinuation<Value, Error>?)
        case done(Result<Value, Error>)
    }
    private let state = Mutex<State>(.waiting(nil))

    /// Sets the outcome; later calls change nothing.
    func set(_ outcome: Result<Value, Error>) {
        let waiter: CheckedContinuation<Value, Error>? = state.withLock { state in
            guard case .waiting(let waiter) = state else { return nil }
            state = .done(outcome)
            return waiter
        }
        waiter?.resume(with: outcome)
    }

    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Value, Error>? = state.withLock { state in
                switch state {
                case .done(let outcome): return outcome
                case .waiting: state = .waiting(continuation); return nil
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
