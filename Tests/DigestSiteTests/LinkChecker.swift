import Foundation

/// A link checker over a built site: every `href`, `src`, `<loc>` and preview address that
/// points into the site (relative, or under its base address) must name a file of the
/// site, and a `#fragment` an `id` on that page. Addresses elsewhere are not followed.
enum LinkChecker {
    /// The broken links, each as `page → link`.
    static func check(_ root: URL, baseURL: String) throws -> [String] {
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let path = enumerator?.nextObject() as? String {
            guard !path.hasPrefix("."), path.hasSuffix(".html") || path.hasSuffix(".xml") else { continue }
            files[path] = String(decoding: try Data(contentsOf: root.appendingPathComponent(path)), as: UTF8.self)
        }
        var broken: [String] = []
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            var links = text.matches(of: /(?:href|src)="([^"]*)"/).map { String($0.output.1) }
            links += text.matches(of: /<loc>([^<]*)<\/loc>/).map { String($0.output.1) }
            links += text.matches(of: /<meta property="og:(?:url|image)" content="([^"]*)"/).map { String($0.output.1) }
            for link in links {
                let decoded = link.replacingOccurrences(of: "&amp;", with: "&")
                guard let (target, fragment) = resolve(decoded, from: path, baseURL: baseURL) else { continue }
                let url = root.appendingPathComponent(target)
                guard FileManager.default.fileExists(atPath: url.path) else {
                    broken.append("\(path) → \(link)")
                    continue
                }
                if let fragment, !fragment.isEmpty {
                    let page = files[target] ?? ""
                    if !page.contains("id=\"\(fragment)\"") { broken.append("\(path) → \(link)") }
                }
            }
        }
        return broken
    }

    /// The file (relative to the root) and fragment `link` on the page at `page` points
    /// at, or `nil` for an address outside the site.
    static func resolve(_ link: String, from page: String, baseURL: String) -> (String, String?)? {
        var relative: String
        var folder: [Substring]
        if link.hasPrefix(baseURL) {
            relative = String(link.dropFirst(baseURL.count))
            folder = []
        } else if link.contains(":") && link.firstIndex(of: ":")! < (link.firstIndex(of: "/") ?? link.endIndex) {
            return nil
        } else {
            relative = link
            folder = page.split(separator: "/").dropLast()
        }
        var fragment: String?
        if let hash = relative.firstIndex(of: "#") {
            fragment = String(relative[relative.index(after: hash)...])
            relative = String(relative[..<hash])
        }
        if relative.isEmpty { return (link.hasPrefix(baseURL) ? "index.html" : page, fragment) }
        if relative.hasSuffix("/") { relative += "index.html" }
        for part in relative.split(separator: "/") {
            if part == ".." {
                folder = folder.dropLast()
            } else if part != "." {
                folder.append(part)
            }
        }
        return (folder.joined(separator: "/"), fragment)
    }
}
