import Foundation

/// Debian's headless Chromium (`chromium`, installed by `.ci/setup --test`), measuring how
/// wide HTML pages lay out at a phone's width.
///
/// Each page is laid out in an `<iframe>` exactly as wide as the phone: Chromium's window
/// cannot be made narrower than 500 px, but a frame's viewport is the frame, and the page's
/// `@media (max-width: …)` rules and percentages answer to it as they would on a phone whose
/// layout viewport is the device width. One Chromium run measures every page at every width.
public enum Chromium {
    /// Whether `chromium` is on PATH.
    public static let isAvailable: Bool = (try? runProgram(["sh", "-c", "command -v chromium"]))?.status == 0

    /// A page to lay out at one width; `name` says in a failure which one.
    public struct Page: Sendable {
        public var name: String
        public var html: String
        public var width: Int

        public init(name: String, html: String, width: Int) {
            self.name = name
            self.html = html
            self.width = width
        }
    }

    /// How wide a page laid out.
    public struct Layout: Sendable, Decodable {
        /// The viewport's width in CSS pixels: the phone's.
        public var viewport: Int
        /// The document's width (`document.documentElement.scrollWidth`): wider than the
        /// viewport means the reader scrolls sideways.
        public var document: Int
        /// The elements that reach past the viewport's right edge, innermost first, each as
        /// its tag and the start of its text.
        public var overflowing: [String]
    }

    /// What went wrong running Chromium.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Lays out every page; the layouts come in the pages' order.
    ///
    /// Chromium runs under coreutils' `timeout`, which ends it and every process it started
    /// (its own process group) if it has not finished within `seconds`, so a Chromium that
    /// hangs fails the test instead of stalling the suite.
    public static func measure(_ pages: [Page], seconds: Int = 120) throws -> [Layout] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var frames = ""
        for (index, page) in pages.enumerated() {
            try Data(page.html.utf8).write(to: folder.appendingPathComponent("page-\(index).html"))
            frames += "<iframe src=\"page-\(index).html\" style=\"display:block;border:0;width:\(page.width)px;height:800px\"></iframe>\n"
        }
        try Data((host(frames: frames)).utf8).write(to: folder.appendingPathComponent("host.html"))
        let result = try runProgram([
            "timeout", "--kill-after=5", String(seconds), "chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", "--no-first-run", "--no-default-browser-check", "--allow-file-access-from-files",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--window-size=800,800", "--dump-dom",
            folder.appendingPathComponent("host.html").absoluteString,
        ])
        if result.status == 124 || result.status == 137 {
            throw Failure(description: "chromium did not finish within \(seconds) s and was stopped")
        }
        guard let start = result.output.range(of: "<pre id=\"result\">"),
            let end = result.output[start.upperBound...].range(of: "</pre>"),
            let json = Data(base64Encoded: String(result.output[start.upperBound..<end.lowerBound]))
        else {
            throw Failure(description: "chromium gave no measurements (exit \(result.status)): \(result.errors.suffix(2_000))")
        }
        let layouts = try JSONDecoder().decode([Layout].self, from: json)
        guard layouts.count == pages.count else {
            throw Failure(description: "chromium measured \(layouts.count) of \(pages.count) pages")
        }
        return layouts
    }

    /// The page that holds the frames and, once they have all loaded, writes what it
    /// measured into `<pre id="result">` as base64 JSON (so `--dump-dom` escapes nothing).
    static func host(frames: String) -> String {
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>measure</title></head>
        <body style="margin:0">
        \(frames)<pre id="result"></pre>
        <script>
        addEventListener("load", () => {
          const layouts = [...document.querySelectorAll("iframe")].map(frame => {
            const view = frame.contentWindow, doc = frame.contentDocument;
            const overflowing = [...doc.body.querySelectorAll("*")]
              .filter(element => element.getBoundingClientRect().right > view.innerWidth + 0.5)
              .reverse().slice(0, 5)
              .map(element => element.tagName.toLowerCase() + ": " + element.textContent.trim().slice(0, 60));
            return { viewport: view.innerWidth, document: doc.documentElement.scrollWidth, overflowing };
          });
          const json = JSON.stringify(layouts);
          document.getElementById("result").textContent = btoa(String.fromCharCode(...new TextEncoder().encode(json)));
        });
        </script>
        </body></html>
        """
    }
}
