import DigestArchive
import DigestCore
import DigestRender
import Foundation
import Synchronization

/// Builds the publication's static site from the archive: an index of every issue by volume,
/// a page and a PDF edition per issue, an Atom feed, a sitemap and the images, all through
/// the templates in `Templates/`.
///
/// Incremental: each file's fingerprint (the issue's text, the templates, the settings that
/// show on it, its neighbours for the previous/next links, its image) is kept in a manifest
/// in the output folder, and a file whose fingerprint is unchanged is not made again. The
/// index, feed and sitemap are rendered every time and written only when their bytes change.
public struct SiteGenerator: Sendable {
    /// The templates the site needs besides the web edition's `web.mustache`.
    public static let templateNames = ["site-index", "site-index-entry", "site-article", "site-feed", "site-sitemap", "site-print"]

    public let repository: Repository
    let renderer: Renderer
    /// The fingerprint of every template's text: a change to one rebuilds every page.
    let templatesFingerprint: String

    /// Reads the templates in `templatesFolder` (`Templates/` in the repository).
    public init(repository: Repository, templatesFolder: URL) throws(SiteError) {
        self.repository = repository
        let shown = displayPath(of: templatesFolder)
        do {
            renderer = try Renderer(templatesFolder: templatesFolder, settings: repository.settings, displayFolder: shown)
        } catch {
            throw .render(error)
        }
        for name in Self.templateNames where !renderer.hasTemplate(name) {
            throw .missingTemplate(name: name, folder: shown)
        }
        var fingerprint = Fingerprint()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: templatesFolder.path)) ?? []).filter {
            $0.hasSuffix(".mustache")
        }
        for name in names.sorted() {
            fingerprint.add(name)
            fingerprint.add(FileManager.default.contents(atPath: templatesFolder.appendingPathComponent(name).path) ?? Data())
        }
        templatesFingerprint = fingerprint.hex
    }

    /// Builds the site into `options.output`, making only what changed since the last build there.
    public func build(_ options: SiteOptions) throws(SiteError) -> SiteReport {
        let output = options.output.standardizedFileURL
        try Self.checkOutputFolder(output)
        // The last build's manifest is decoded on one core while the archive is read and
        // fingerprinted on the others: neither needs the other until the cache is looked up.
        let loaded = Mutex<SiteManifest?>(nil)
        let loading = DispatchGroup()
        DispatchQueue.global().async(group: loading) {
            let manifest = SiteManifest.load(from: output)
            loaded.withLock { $0 = manifest }
        }
        let common = commonFingerprint(options)
        let (issues, summaries) = try readArchive(common: common) { () -> [String: IssueSummary] in
            loading.wait()
            return loaded.withLock { $0?.issues ?? [:] }
        }
        loading.wait()
        let previous = loaded.withLock { $0 ?? SiteManifest() }
        var build = SiteWrite(output: output, previous: previous)
        build.manifest.issues = summaries

        // The print styles first: the PDFs are made with them.
        try build.file(SiteFiles.printStyle, key: nil) { Data(printStyle(options: options).utf8) }
        var pdfsToMake: [(issue: SiteIssue, key: String)] = []
        var pagesToMake: [(index: Int, hasPDF: Bool, key: String)] = []
        for (index, issue) in issues.enumerated() {
            let older = index > 0 ? issues[index - 1] : nil
            let newer = index + 1 < issues.count ? issues[index + 1] : nil
            let image = issue.imageFingerprint.map { String($0) } ?? ""
            let text = String(issue.textFingerprint)
            if let imagePath = issue.imagePath, let source = issue.imageSource {
                try build.file(imagePath, key: image) { () throws(SiteError) -> Data in
                    guard let data = FileManager.default.contents(atPath: source.path) else {
                        throw .io(path: source.path, reason: "cannot read the lead image")
                    }
                    return data
                }
            }
            let pdfKey = Self.key(common, "pdf", text, options.paper.rawValue, image)
            let hasPDF = options.pdfEngine != nil || previous.files[issue.pdfPath] == pdfKey && build.exists(issue.pdfPath)
            let pageKey = Self.key(
                common, "page", text, older?.pagePath ?? "", older?.title ?? "", newer?.pagePath ?? "",
                newer?.title ?? "", hasPDF ? "pdf" : "", image)
            if build.isCurrent(issue.pagePath, key: pageKey) {
                build.keep(issue.pagePath, key: pageKey)
            } else {
                pagesToMake.append((index, hasPDF, pageKey))
            }
            if hasPDF {
                if build.isCurrent(issue.pdfPath, key: pdfKey) {
                    build.keep(issue.pdfPath, key: pdfKey)
                } else {
                    pdfsToMake.append((issue, pdfKey))
                }
            }
        }
        // The index, feed and sitemap each show every issue: made from the templates, the
        // settings and every issue's text, so made again only when one of those changed.
        // They are rendered in the same pool as the pages, first since they are the longest,
        // so that no core waits for the others at the end of a full build.
        var lists = Fingerprint()
        lists.add(common)
        for issue in issues { lists.add(issue.textFingerprint) }
        let inputs = lists.hex
        var whole: [(path: String, make: @Sendable () -> String)] = [
            (SiteFiles.index, { @Sendable in index(issues, options: options) })
        ]
        if let baseURL = options.baseURL {
            whole.append((SiteFiles.feed, { @Sendable in feed(issues, baseURL: baseURL, options: options) }))
            whole.append((SiteFiles.sitemap, { @Sendable in sitemap(issues, baseURL: baseURL) }))
        }
        let toMake = whole.filter { !build.keepList($0.path, inputs: inputs) }
        let (listTexts, pageFailures) = makePages(pagesToMake, lists: toMake.map(\.make), of: issues, options: options, output: output)
        for (made, failure) in zip(pagesToMake, pageFailures) {
            if let failure { throw failure }
            build.wrote(issues[made.index].pagePath, key: made.key)
        }
        for (path, text) in zip(toMake.map(\.path), listTexts) {
            try build.list(path, inputs: inputs, data: Data(text.utf8))
        }

        var failures: [String] = []
        if let engine = options.pdfEngine {
            let outcomes = Self.makePDFs(pdfsToMake.map(\.issue), engine: engine, output: output)
            for (made, failure) in zip(pdfsToMake, outcomes) {
                if let failure { failures.append(failure) } else { build.wrote(made.issue.pdfPath, key: made.key) }
            }
        }
        let removed = build.removeStale()
        // A build that changed nothing leaves the manifest as it was read.
        if build.manifest != previous { try build.manifest.save(to: output) }
        return SiteReport(
            output: output, issues: issues.count, written: build.written, unchanged: build.unchanged, removed: removed,
            pdfFailures: failures, pdfEngineMissing: options.pdfEngine == nil,
            hasFeed: options.baseURL != nil)
    }

    /// Renders and writes the pages, and renders the lists (`lists`, the index, feed and
    /// sitemap), as many at once as there are processors: most of a full build is the
    /// templates' work. Gives each list's text, and each page's failure or `nil`.
    func makePages(
        _ pages: [(index: Int, hasPDF: Bool, key: String)], lists: [@Sendable () -> String], of issues: [SiteIssue],
        options: SiteOptions, output: URL
    ) -> (lists: [String], failures: [SiteError?]) {
        let failures = Mutex([SiteError?](repeating: nil, count: pages.count))
        let texts = Mutex([String](repeating: "", count: lists.count))
        DispatchQueue.concurrentPerform(iterations: lists.count + pages.count) { job in
            guard job >= lists.count else {
                let text = lists[job]()
                texts.withLock { $0[job] = text }
                return
            }
            let slot = job - lists.count
            let (index, hasPDF, _) = pages[slot]
            let issue = issues[index]
            let older = index > 0 ? issues[index - 1] : nil
            let newer = index + 1 < issues.count ? issues[index + 1] : nil
            let html = page(issue, older: older, newer: newer, hasPDF: hasPDF, options: options)
            do throws(SiteError) {
                try SiteWrite.replace(output.path + "/" + issue.pagePath, with: Data(html.utf8))
            } catch {
                failures.withLock { $0[slot] = error }
            }
        }
        return (texts.withLock { $0 }, failures.withLock { $0 })
    }

    /// Makes the PDFs, as many at once as there are processors: WeasyPrint spends a second or
    /// two on each, nearly all of it on one core. Gives why each failed, or `nil`, in the issues' order.
    static func makePDFs(_ issues: [SiteIssue], engine: PDFEngine, output: URL) -> [String?] {
        let failures = Mutex([String?](repeating: nil, count: issues.count))
        DispatchQueue.concurrentPerform(iterations: issues.count) { index in
            let issue = issues[index]
            do throws(SiteError) {
                try engine.makePDF(from: output.appendingPathComponent(issue.pagePath), to: output.appendingPathComponent(issue.pdfPath))
            } catch {
                failures.withLock { $0[index] = error.description }
            }
        }
        return failures.withLock { $0 }
    }

    /// Refuses to build into a folder that holds files but no manifest: it is not a site this
    /// command built, and its `index.html` might be someone's own.
    static func checkOutputFolder(_ output: URL) throws(SiteError) {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: output.path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else { throw .io(path: displayPath(of: output), reason: "is a file; give --output a folder") }
        let contents = (try? manager.contentsOfDirectory(atPath: output.path)) ?? []
        if !contents.isEmpty, !contents.contains(SiteManifest.fileName), !contents.contains(SiteManifest.legacyFileName) {
            throw .io(
                path: displayPath(of: output),
                reason: "holds files that `digest site` did not write (no \(SiteManifest.fileName)); give --output an empty or new folder")
        }
    }

    /// Every archived issue, oldest first, and the summaries to keep for the next build.
    /// An issue whose text and whose pages' templates and settings are unchanged takes its
    /// summary from `cache` without being parsed. Issues with format errors stop the build:
    /// the site would publish text whose meaning is uncertain.
    func readArchive(common: String, cache: () -> [String: IssueSummary]) throws(SiteError) -> (
        issues: [SiteIssue], summaries: [String: IssueSummary]
    ) {
        let files: [URL]
        do {
            files = try IssueCatalog.issueFiles(in: repository.archiveFolder)
        } catch {
            throw .archive(error)
        }
        // The catalogue gives standardized URLs; standardizing a thousand again cost more than reading them.
        let paths = DisplayPaths()
        let parser = repository.settings.parser
        // Reading, fingerprinting and (for a new or changed issue) parsing are each file's own
        // work: a full build spends most of its reading time parsing, so the cores share it.
        let texts = SiteParallel.map(files) { url in readText(url, path: paths.path(ofStandardized: url.path)) }
        let cache = cache()
        let reads = SiteParallel.map(texts) { text -> ArchiveRead in
            switch text {
            case .success(let text): readIssue(text, parser: parser, cache: cache, common: common)
            case .failure(let error): .failed(error)
            }
        }
        var issues: [SiteIssue] = []
        var summaries: [String: IssueSummary] = [:]
        var problems: [Diagnostic] = []
        for read in reads {
            switch read {
            case .issue(let issue, let key):
                summaries[key] = issue.summary
                issues.append(issue)
            case .malformed(let diagnostics):
                problems += diagnostics
            case .failed(let error):
                throw error
            }
        }
        if !problems.isEmpty { throw .malformedIssues(problems) }
        issues.sort { ($0.volume, $0.number) < ($1.volume, $1.number) }
        for (older, newer) in zip(issues, issues.dropFirst()) where (older.volume, older.number) == (newer.volume, newer.number) {
            throw .duplicateNumber(first: older.path, second: newer.path, volumeAndNumber: "\(newer.volume).\(newer.number)")
        }
        return (issues, summaries)
    }

    /// An archive file's text and its fingerprint.
    struct ArchiveText: Sendable {
        let url: URL
        let path: String
        let bytes: [UInt8]
        let fingerprint: UInt64
    }

    /// Reads the issue file at `url` and fingerprints its bytes.
    func readText(_ url: URL, path: String) -> Result<ArchiveText, SiteError> {
        guard let bytes = FileBytes.read(url.path) else {
            return .failure(.io(path: path, reason: "cannot read the file"))
        }
        return .success(ArchiveText(url: url, path: path, bytes: bytes, fingerprint: Fingerprint.of(bytes)))
    }

    /// One archive file as the site takes it.
    enum ArchiveRead: Sendable {
        /// The issue, and the key its summary is kept under in the manifest.
        case issue(SiteIssue, key: String)
        /// The file has format errors, or no title or date.
        case malformed([Diagnostic])
        /// The file or its lead image cannot be read.
        case failed(SiteError)
    }

    /// Reads and fingerprints the issue at `url`; parses it only when `cache` has no summary
    /// for its text, and then keeps the parsed issue for its page.
    func readIssue(_ text: ArchiveText, parser: IssueParser, cache: [String: IssueSummary], common: String) -> ArchiveRead {
        let (url, path, bytes, fingerprint) = (text.url, text.path, text.bytes, text.fingerprint)
        let key = Self.key(common, String(fingerprint))
        var parsedIssue: Issue?
        let summary: IssueSummary
        if let cached = cache[key] {
            summary = cached
        } else {
            let parsed = parser.parse(bytes: bytes, path: path)
            guard parsed.isWellFormed, let title = parsed.issue.title, let date = parsed.issue.date else {
                var problems = parsed.diagnostics.filter { $0.severity == .error }
                if parsed.isWellFormed {
                    problems.append(
                        Diagnostic(
                            path: path, range: SourceRange(start: SourcePosition(line: 1, column: 1), length: 1), severity: .error,
                            rule: "format.title", message: "a published issue needs its title and Date lines"))
                }
                return .malformed(problems)
            }
            summary = self.summary(of: parsed.issue, title: title, date: date, path: path)
            parsedIssue = parsed.issue
        }
        var issue = SiteIssue(path: path, url: url, bytes: bytes, textFingerprint: fingerprint, summary: summary)
        issue.parsed = parsedIssue
        if let image = summary.image, let source = issue.imageSource {
            let lead = LeadImage(
                path: image, location: NodeLocation(SourceRange(start: SourcePosition(line: 1, column: 1), length: 0)))
            guard lead.staysInIssueFolder, let data = FileManager.default.contents(atPath: source.path) else {
                return .failed(
                    .io(
                        path: "\(path):\(summary.imageLocation ?? "1:1")",
                        reason: "cannot read the lead image \(image) beside the issue; run `digest lint \(path)`"))
            }
            // What `digest lint` refuses is not published: a symlink (git keeps them,
            // and one to a private file would put that file on the site) or a file that is
            // not a JPEG, PNG or WebP image.
            // Its name's extension is kept on the site, so only an image's: `lead.html` or
            // `lead.pdf` would be published over the issue's page or PDF.
            var status = stat()
            guard ["jpg", "jpeg", "png", "webp"].contains(lead.fileExtension),
                lstat(source.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
                case .success = ImageHeader.read(Array(data.prefix(1 << 20)))
            else {
                return .failed(
                    .io(
                        path: "\(path):\(summary.imageLocation ?? "1:1")",
                        reason:
                            "the lead image \(image) is a symlink, not a JPEG, PNG or WebP image, or not named .jpg, .jpeg, .png or .webp; put the picture itself beside the issue (`digest lint \(path)` says which)"
                    ))
            }
            issue.imageFingerprint = Fingerprint.of(data)
        }
        return .issue(issue, key: key)
    }

    /// What every page shows besides its issue: the templates and the settings that reach a page.
    /// Every setting a template is given (``DigestRender/IssueView`` gives the list's name and
    /// the sender's address to the web edition too), and the ones the index and feed use.
    func commonFingerprint(_ options: SiteOptions) -> String {
        let settings = repository.settings
        var fingerprint = Fingerprint()
        fingerprint.add(templatesFingerprint)
        fingerprint.add(String(reflecting: settings.publication))
        fingerprint.add(settings.list.id)
        fingerprint.add(settings.list.name)
        fingerprint.add(settings.sender.name)
        fingerprint.add(settings.sender.address)
        fingerprint.add(UInt64(truncatingIfNeeded: settings.schedule.firstVolumeYear))
        fingerprint.add(UInt64(truncatingIfNeeded: options.feedEntries))
        fingerprint.add(options.baseURL ?? "")
        fingerprint.add(options.paper.rawValue)
        return fingerprint.hex
    }

    /// The fingerprint of `parts`, a text fingerprint as its decimal digits: typed rather
    /// than `Any`, whose description costs a dynamic cast per part and a build makes two
    /// keys per issue.
    static func key(_ parts: String...) -> String {
        var fingerprint = Fingerprint()
        for part in parts { fingerprint.add(part) }
        return fingerprint.hex
    }
}
