import Foundation

/// RFC 4180 CSV: fields separated by commas, quoted with `"` when they hold commas, quotes
/// or line breaks, a quote inside a quoted field written twice.
enum CSV {
    struct Row {
        /// The line the row starts on, counting from 1.
        var line: Int
        var fields: [String]
        /// Why the row cannot be read, such as an unclosed quote.
        var error: String?
    }

    static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var quotedFieldClosed = false
        var line = 1
        var rowLine = 1
        var error: String?
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0
        func endRow() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && error == nil) {
                rows.append(Row(line: rowLine, fields: fields, error: error))
            }
            fields = []
            field = ""
            error = nil
            quotedFieldClosed = false
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if inQuotes {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 2
                        continue
                    }
                    inQuotes = false
                    quotedFieldClosed = true
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                index += 1
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !quotedFieldClosed:
                inQuotes = true
            case ",":
                fields.append(field)
                field = ""
                quotedFieldClosed = false
            case "\r" where index + 1 < scalars.count && scalars[index + 1] == "\n":
                break
            case "\n":
                endRow()
                line += 1
                rowLine = line
            default:
                if quotedFieldClosed { error = "text after a closing quote; put the whole field in quotes" }
                field.unicodeScalars.append(scalar)
            }
            index += 1
        }
        if inQuotes { error = "a quoted field is never closed; add the closing \"" }
        if !field.isEmpty || !fields.isEmpty || error != nil { endRow() }
        return rows
    }

    /// A field as written to the file.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || field.hasPrefix(" ") || field.hasSuffix(" ")
        else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
