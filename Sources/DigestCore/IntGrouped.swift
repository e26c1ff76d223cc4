extension Int {
    /// `20000` as `20,000`: how every count an editor reads is written (reports, findings,
    /// progress), so that "1,980" beside "1980" never reads as two numbers.
    public var grouped: String {
        let digits = String(magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (self < 0 ? "-" : "") + result
    }
}
