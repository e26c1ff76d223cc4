/// The endpoint's HTML pages: small, readable on a phone, every value escaped, no script.
public enum OneClickPage {
    /// The page a GET shows: the reader's address and a button that POSTs the one-click body
    /// to the same URL. Link scanners follow GETs, so this page never unsubscribes anyone.
    public static func confirm(title: String, reader: String, action: String) -> String {
        page(
            title: title,
            body: """
                <h1>Unsubscribe from \(escaped(title))?</h1>
                <p><strong>\(escaped(reader))</strong> will get no more issues.</p>
                <form method="post" action="\(escaped(action))">
                <input type="hidden" name="List-Unsubscribe" value="One-Click">
                <button type="submit">Unsubscribe</button>
                </form>
                """)
    }

    /// The page after a POST was recorded.
    public static func done(title: String, reader: String) -> String {
        page(
            title: title,
            body: """
                <h1>You are unsubscribed</h1>
                <p><strong>\(escaped(reader))</strong> will get no more issues of \(escaped(title)).</p>
                """)
    }

    /// A page for a request that was refused or failed: `message` says what to do.
    public static func problem(title: String, heading: String, message: String) -> String {
        page(title: title, body: "<h1>\(escaped(heading))</h1>\n<p>\(escaped(message))</p>")
    }

    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(escaped(title))</title>
        <style>body{font:18px/1.5 system-ui,sans-serif;max-width:32em;margin:2em auto;padding:0 1em}\
        button{font-size:1.1em;padding:.6em 1.4em;min-height:44px}</style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// `text` safe in HTML text and in a double-quoted attribute.
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
