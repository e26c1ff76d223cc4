/// A calendar day in the proleptic Gregorian calendar, with no time of day or time zone.
///
/// Issues are dated by the day they go out; arithmetic is done on day numbers so that it
/// never depends on the machine's time zone.
public struct IssueDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A date, or `nil` when the day does not exist (February 30, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...IssueDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    @inlinable
    public init?(iso text: some StringProtocol) {
        // Exactly ten ASCII bytes, DDDD-DD-DD, read without splitting or allocating, and
        // inlinable so that it is made for the caller's string type: a list of 100,000
        // readers has two dates a row, read on every send.
        var parts = (year: 0, month: 0, day: 0)
        var count = 0
        for byte in text.utf8 {
            count += 1
            guard count <= 10 else { return nil }
            if count == 5 || count == 8 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            switch count {
            case ..<5: parts.year = parts.year * 10 + digit
            case ..<8: parts.month = parts.month * 10 + digit
            default: parts.day = parts.day * 10 + digit
            }
        }
        guard count == 10 else { return nil }
        self.init(year: parts.year, month: parts.month, day: parts.day)
    }

    /// The date `days` days later (or earlier, when negative).
    public func adding(days: Int) -> IssueDate {
        IssueDate(dayNumber: dayNumber + days)
    }

    /// Days from `self` to `other`: positive when `other` is later.
    public func days(until other: IssueDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// `2023-04-06`.
    public var iso: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `April 6, 2023`, the way the publication writes dates.
    public var long: String {
        "\(IssueDate.monthNames[month - 1]) \(day), \(year)"
    }

    public var description: String { iso }

    public static func < (lhs: IssueDate, rhs: IssueDate) -> Bool {
        lhs.dayNumber < rhs.dayNumber
    }

    /// The full English month names, January first.
    public static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    // Days since 1970-01-01, after Howard Hinnant's `days_from_civil`.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    /// The date `dayNumber` days after 1970-01-01 (before it, when negative), after Howard
    /// Hinnant's `civil_from_days`.
    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
