import DigestArchive
import DigestCore
import Foundation

/// The issues of the archive and the drafts, parsed once per run, for the rules that
/// compare an issue with the others (numbering, cadence, names).
public struct IssueCorpus: Sendable {
    /// One issue file.
    public struct Entry: Sendable {
        /// The file's standardized absolute path, to recognise it.
        public var filePath: String
        /// The path to show an editor.
        public var path: String
        public var issue: Issue
        public var isDraft: Bool
        /// The words of its headlines and details, as written.
        public var words: Set<String>

        public init(filePath: String, path: String, issue: Issue, isDraft: Bool) {
            self.filePath = filePath
            self.path = path
            self.issue = issue
            self.isDraft = isDraft
            var words = Set<String>()
            for item in issue.headlines.items + issue.details.items {
                for word in ProseText(item.body).words {
                    words.insert(word.withoutPossessive)
                    for part in word.withoutPossessive.split(separator: "-") where part.count < word.text.count {
                        words.insert(String(part))
                    }
                }
            }
            self.words = words
        }
    }

    public var entries: [Entry]
    /// The folder drafts live in, to tell a draft from an archived issue.
    public var draftsFolder: String?

    public init(entries: [Entry] = [], draftsFolder: String? = nil) {
        self.entries = entries
        self.draftsFolder = draftsFolder
    }

    /// Every issue file of the repository that parses far enough to have a title.
    public static func load(from repository: Repository) -> IssueCorpus {
        var entries: [Entry] = []
        for (folder, isDraft) in [(repository.archiveFolder, false), (repository.draftsFolder, true)] {
            let files = (try? IssueCatalog.issueFiles(in: folder)) ?? []
            for url in files {
                guard let data = FileManager.default.contents(atPath: url.path) else { continue }
                let result = repository.settings.parser.parse(bytes: Array(data), path: displayPath(of: url))
                entries.append(Entry(filePath: url.standardizedFileURL.path, path: displayPath(of: url), issue: result.issue, isDraft: isDraft))
            }
        }
        return IssueCorpus(entries: entries, draftsFolder: repository.draftsFolder.standardizedFileURL.path)
    }

    /// The entries other than the file at `filePath`.
    public func others(than filePath: String) -> [Entry] {
        entries.filter { $0.filePath != filePath }
    }

    /// Whether a file is a draft: it is in the drafts folder, or outside the archive.
    public func isDraft(_ filePath: String) -> Bool {
        if let entry = entries.first(where: { $0.filePath == filePath }) { return entry.isDraft }
        return true
    }
}
