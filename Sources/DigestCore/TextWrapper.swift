/// Breaks a paragraph into lines of at most a given width, at single spaces only.
///
/// Joining the lines with single spaces gives back the text exactly: a run of two or more
/// spaces is never a break, and neither is a space before `#` (a line starting with `#`
/// would read as a comment). A word longer than the width gets a line of its own.
public enum TextWrapper {
    public static func wrap(_ text: String, width: Int) -> [String] {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > width else { return [text] }
        var lines: [String] = []
        var lineStart = 0
        var lastBreak: Int?
        var index = 0
        while index < scalars.count {
            if isBreak(scalars, at: index) {
                if index - lineStart > width, let candidate = lastBreak {
                    lines.append(String(unicodeScalars: scalars[lineStart..<candidate]))
                    lineStart = candidate + 1
                    lastBreak = nil
                    continue
                }
                lastBreak = index
            }
            index += 1
        }
        if scalars.count - lineStart > width, let candidate = lastBreak {
            lines.append(String(unicodeScalars: scalars[lineStart..<candidate]))
            lineStart = candidate + 1
        }
        lines.append(String(unicodeScalars: scalars[lineStart...]))
        return lines
    }

    static func isBreak(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        scalars[index] == " " && index > 0 && index + 1 < scalars.count
            && scalars[index - 1] != " " && scalars[index + 1] != " " && scalars[index + 1] != "#"
    }
}
