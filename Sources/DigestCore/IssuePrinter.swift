/// Writes an issue in the canonical form of the issue format.
///
/// The canonical form: LF line endings and a final newline; no trailing spaces, tabs or
/// byte-order mark; the title, then the fields (`Date`, `Image`, `Image Alt`, `Image Source`, in that order); one
/// blank line before each section heading; items as `- text` with continuation lines
/// indented by two spaces, line breaks kept where the editor put them; comments where
/// they were written. Printing a canonical file gives back the same bytes.
public enum IssuePrinter {
    public static func print(_ issue: Issue) -> String {
        var output = ""
        func emit(_ line: String) {
            output += line
            output += "\n"
        }
        func emit(_ comments: [Comment]) {
            for comment in comments { emit(comment.text) }
        }

        if let title = issue.title {
            emit(title.leadingComments)
            emit(title.text)
        }
        let order = FieldName.allCases.map(\.rawValue)
        let fields = issue.fields.enumerated().sorted { a, b in
            let rankA = order.firstIndex(of: a.element.name) ?? order.count
            let rankB = order.firstIndex(of: b.element.name) ?? order.count
            return (rankA, a.offset) < (rankB, b.offset)
        }
        for (_, field) in fields {
            emit(field.leadingComments)
            emit("\(field.name): \(field.value)")
        }
        emit(issue.headerComments)

        for (name, section) in [("Headlines", issue.headlines), ("Details", issue.details)] {
            guard section.heading != nil || !section.items.isEmpty else { continue }
            if !output.isEmpty { emit("") }
            emit(section.heading?.leadingComments ?? [])
            emit(name)
            for (index, item) in section.items.enumerated() {
                if index > 0, case .comment? = section.items[index - 1].body.pieces.last {
                    // A comment that ends an item was followed by a blank line; keep it so
                    // the comment stays with the item above rather than the one below.
                    emit("")
                }
                emit(item.leadingComments)
                var first = true
                for piece in item.body.pieces {
                    switch piece {
                    case .comment(let comment):
                        emit(comment.text)
                    case .line(let line):
                        emit((first ? "- " : "  ") + line.written)
                        first = false
                    }
                }
            }
        }

        if issue.footer.heading != nil || issue.footer.body != nil {
            if !output.isEmpty { emit("") }
            emit(issue.footer.heading?.leadingComments ?? [])
            emit("Footer")
            for piece in issue.footer.body?.pieces ?? [] {
                switch piece {
                case .comment(let comment): emit(comment.text)
                case .line(let line):
                    // A footer line starting with "#" is text; indented, it cannot read as a comment.
                    emit(line.written.hasPrefix("#") ? "  " + line.written : line.written)
                }
            }
        }
        emit(issue.trailingComments)
        return output
    }
}
