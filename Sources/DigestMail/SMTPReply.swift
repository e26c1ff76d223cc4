/// One SMTP reply line, read for its basic code (RFC 5321) and its enhanced status code
/// (RFC 3463, `5.1.1`), when it has one.
public struct SMTPReply: Equatable, Sendable {
    /// The three-digit basic code: 250, 451, 550.
    public var code: Int
    /// The enhanced status code's class, subject and detail (`5.7.26` is 5, 7, 26), when the
    /// reply carries one that agrees with the basic code's first digit.
    public var enhanced: EnhancedCode?
    /// The whole line as the server sent it.
    public var text: String

    /// An RFC 3463 status code: class (2, 4 or 5), subject (0 to 7) and detail.
    public struct EnhancedCode: Equatable, Sendable, CustomStringConvertible {
        public var `class`: Int
        public var subject: Int
        public var detail: Int

        public init(_ `class`: Int, _ subject: Int, _ detail: Int) {
            self.class = `class`
            self.subject = subject
            self.detail = detail
        }

        public var description: String { "\(`class`).\(subject).\(detail)" }
    }

    public init(code: Int, enhanced: EnhancedCode? = nil, text: String = "") {
        self.code = code
        self.enhanced = enhanced
        self.text = text
    }

    /// Reads `550 5.1.1 <a@b>: Recipient address rejected`, `550-5.7.26 …` (a continuation
    /// line) or `554 Message rejected` (no enhanced code); `nil` when the line does not start
    /// with three digits.
    public init?(line: String) {
        let bytes = Array(line.utf8.prefix(40))
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, range.allSatisfy({ (48...57).contains(bytes[$0]) }) else { return nil }
            return range.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) }
        }
        guard let code = digits(0..<3) else { return nil }
        self.code = code
        text = line
        enhanced = nil
        // After "550 " or "550-": class.subject.detail, each 1 to 3 digits, then a space or the end.
        guard bytes.count > 4, bytes[3] == 32 || bytes[3] == 45 else { return }
        var fields: [Int] = []
        var index = 4
        while fields.count < 3 {
            var value = 0
            var length = 0
            while index < bytes.count, (48...57).contains(bytes[index]), length < 3 {
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
                length += 1
            }
            guard length > 0 else { return }
            fields.append(value)
            if fields.count < 3 {
                guard index < bytes.count, bytes[index] == 46 else { return }
                index += 1
            }
        }
        guard index == bytes.count || bytes[index] == 32 || bytes[index] == 9 || bytes[index] == 59 || bytes[index] == 44 else { return }
        // RFC 3463: the class must match the basic code's first digit; a reply where they
        // disagree ("250 5.0.0") is read by its basic code alone.
        guard fields[0] == code / 100, [2, 4, 5].contains(fields[0]), fields[1] <= 7 else { return }
        enhanced = EnhancedCode(fields[0], fields[1], fields[2])
    }
}
