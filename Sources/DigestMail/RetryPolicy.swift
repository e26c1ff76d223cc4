import Foundation

/// How often and how patiently a message that met a temporary failure is tried again.
public struct RetryPolicy: Sendable {
    /// Tries per message, the first included.
    public var attempts: Int
    /// The wait before the second try; each later wait doubles, up to `maximumDelay`.
    public var initialDelay: Double
    public var maximumDelay: Double

    public init(attempts: Int = 5, initialDelay: Double = 2, maximumDelay: Double = 60) {
        self.attempts = attempts
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait before try `attempt` (2 for the first retry): exponential, with "equal
    /// jitter" so that parallel connections do not retry in step.
    public func delay(beforeAttempt attempt: Int, random: Double = Double.random(in: 0..<1)) -> Double {
        let exponential = min(maximumDelay, initialDelay * pow(2, Double(max(0, attempt - 2))))
        return exponential / 2 + exponential / 2 * random
    }
}
