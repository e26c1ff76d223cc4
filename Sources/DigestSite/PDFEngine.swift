import DigestProcess
import Foundation

/// WeasyPrint, the HTML-to-PDF engine that makes the PDF edition from an issue's page with
/// its print styles (CSS paged media). Debian 12 packages it as `weasyprint`.
public struct PDFEngine: Sendable {
    /// The `weasyprint` program.
    public var executable: URL
    /// How long one PDF may take before the engine is stopped.
    public var timeoutSeconds: Double

    public init(executable: URL, timeoutSeconds: Double = 120) {
        self.executable = executable
        self.timeoutSeconds = timeoutSeconds
    }

    /// What to tell an editor whose machine has no engine.
    public static let installAdvice =
        "the PDF editions need WeasyPrint, which is not installed: `sudo apt-get install weasyprint` (Debian, Ubuntu) or `pipx install weasyprint`; everything else was built"

    /// `weasyprint` on `searchPath` (a `PATH` value), or `nil` when it is not there.
    public static func find(searchPath: String?) -> PDFEngine? {
        for folder in (searchPath ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("weasyprint")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return PDFEngine(executable: candidate) }
        }
        return nil
    }

    /// Makes `pdf` from the page at `page`; its links to images and other pages are read
    /// relative to the page. The PDF is written beside its final name and renamed into
    /// place, so a stopped engine never leaves half a PDF where the site links to one.
    public func makePDF(from page: URL, to pdf: URL) throws(SiteError) {
        let partial = pdf.deletingLastPathComponent().appendingPathComponent(".\(pdf.lastPathComponent).partial")
        defer { try? FileManager.default.removeItem(at: partial) }
        // WeasyPrint opens the path it is given as it is: a symlink left there would have it
        // write the PDF over a file outside the site.
        unlink(partial.path)
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(
                executable, ["--quiet", "--media-type", "print", page.path, partial.path], timeout: timeoutSeconds)
        } catch let error as ChildProcess.TimedOut {
            throw .io(path: pdf.path, reason: "WeasyPrint did not finish within \(Int(error.seconds)) s and was stopped")
        } catch {
            throw .io(path: pdf.path, reason: "cannot run \(executable.path) (\(error.localizedDescription))")
        }
        guard result.status == 0 else {
            throw .io(path: pdf.path, reason: "WeasyPrint failed (exit \(result.status)): \(result.errorText.suffix(1_000))")
        }
        guard rename(partial.path, pdf.path) == 0 else {
            throw .io(path: pdf.path, reason: "cannot put the PDF in place (\(String(cString: strerror(errno))))")
        }
    }
}
