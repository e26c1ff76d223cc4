import DigestCore
import Foundation

/// An SES account's sending quota, from GetAccount's `SendQuota`: messages a second, and
/// messages in any 24 hours with how many of them are used.
public struct SESQuota: Equatable, Sendable {
    public var max24HourSend: Double
    public var maxSendRate: Double
    public var sentLast24Hours: Double

    public init(max24HourSend: Double, maxSendRate: Double, sentLast24Hours: Double) {
        self.max24HourSend = max24HourSend
        self.maxSendRate = maxSendRate
        self.sentLast24Hours = sentLast24Hours
    }

    /// The quota in a GetAccount answer's JSON; `nil` when it has none.
    public init?(json: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json))) as? [String: Any],
            let quota = object["SendQuota"] as? [String: Any],
            let max = (quota["Max24HourSend"] as? NSNumber)?.doubleValue,
            let rate = (quota["MaxSendRate"] as? NSNumber)?.doubleValue
        else { return nil }
        self.init(max24HourSend: max, maxSendRate: rate, sentLast24Hours: (quota["SentLast24Hours"] as? NSNumber)?.doubleValue ?? 0)
    }

    /// Messages the account may still send in the next 24 hours; `nil` when unlimited (SES
    /// says -1, or a limit past any list).
    public var remaining: Int? {
        guard max24HourSend >= 0, max24HourSend < Self.unlimited else { return nil }
        return Self.count(max24HourSend - max(0, sentLast24Hours))
    }

    /// A quota beyond which no list reaches: the numbers a server writes may be any size.
    static let unlimited = 1e15

    /// `value` as a count of messages, rounded down, 0 for less than none (and for NaN).
    static func count(_ value: Double) -> Int {
        guard value > 0 else { return 0 }
        return Int(min(value, unlimited).rounded(.down))
    }

    /// Why a send of `messages` cannot start; `nil` when the quota allows it.
    public func refusal(messages: Int, service: String) -> String? {
        guard let remaining, messages > remaining else { return nil }
        return
            "this send needs \(messages.grouped) message\(messages == 1 ? "" : "s") but \(service) allows \(remaining.grouped) more in the next 24 hours (\(Self.count(sentLast24Hours).grouped) sent of \(Self.count(max24HourSend).grouped)); send when the quota allows, or ask AWS to raise it"
    }

    /// How long `messages` take at `rate` a second, told when it is more than a minute
    /// (" (1,000 messages: about 2 hours 47 minutes)"): an account fresh out of the sandbox
    /// may send one a second, and an editor should know before saying yes that the issue
    /// goes out overnight.
    public static func duration(of messages: Int, at rate: Double) -> String {
        guard rate > 0, messages > 0 else { return "" }
        let minutes = Int(min(Double(messages) / rate / 60, 1e9).rounded())
        guard minutes > 1 else { return "" }
        func unit(_ count: Int, _ name: String) -> String { "\(count.grouped) \(name)\(count == 1 ? "" : "s")" }
        let hours = minutes / 60
        let length =
            switch minutes {
            case ..<60: unit(minutes, "minute")
            case ..<(48 * 60): unit(hours, "hour") + (minutes % 60 == 0 ? "" : " " + unit(minutes % 60, "minute"))
            default: unit(hours / 24, "day") + (hours % 24 == 0 ? "" : " " + unit(hours % 24, "hour"))
            }
        return " (\(messages.grouped) message\(messages == 1 ? "" : "s"): about \(length))"
    }

    /// The pace of a send: the account's rate, or `rate` when that is lower; `nil` for none.
    public func pace(_ rate: Double?) -> Double? {
        guard maxSendRate > 0 else { return rate }
        return min(maxSendRate, rate ?? .infinity)
    }
}
