import Foundation

/// What the last build wrote: each file of the site with the fingerprint of what it was made
/// from. Kept in the output folder, so a build compares against the site as it is there, and
/// a file whose fingerprint has not changed is not made again.
///
/// Kept as tab-separated lines rather than JSON: every build reads and writes it whole, and
/// at a thousand issues Foundation's JSON coders took a fifth of a one-issue rebuild.
struct SiteManifest: Sendable, Equatable {
    /// The manifest's name in the output folder.
    static let fileName = ".digest-site"
    /// The name earlier versions kept a JSON manifest under: a folder holding it is a site
    /// `digest site` built, rebuilt whole since its fingerprints are not read.
    static let legacyFileName = ".digest-site.json"
    /// Changes when what a fingerprint covers changes, so an older manifest rebuilds everything.
    static let currentVersion = 3

    var version = currentVersion
    /// A file's path relative to the site's root, and its fingerprint in hexadecimal.
    var files: [String: String] = [:]
    /// What the site shows of each issue, by the fingerprint of its text and of what every
    /// page shows (the templates and settings): an unchanged issue is not parsed again.
    var issues: [String: IssueSummary] = [:]

    /// The first line, which names the format and its version.
    static var header: String { "digest-site-manifest \(currentVersion)" }

    /// The manifest in `folder`; an empty one when there is none, it cannot be read or it is
    /// from another version, which makes the build write every file.
    static func load(from folder: URL) -> SiteManifest {
        guard let bytes = FileBytes.read(folder.path + "/" + fileName) else { return SiteManifest() }
        return parse(bytes) ?? SiteManifest()
    }

    func save(to folder: URL) throws(SiteError) {
        try SiteWrite.replace(folder.path + "/" + Self.fileName, with: Data(serialized()))
        unlink(folder.path + "/" + Self.legacyFileName)
    }

    /// The manifest's text: the header, then a line per file (`f`, path, fingerprint) and per
    /// issue (`i`, key, then the summary's fields), each sorted, so one input gives one text.
    func serialized() -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(files.count * 64 + issues.count * 1_024)
        text += Self.header.utf8
        text.append(0x0A)
        func field(_ value: String?, first: Bool = false) {
            if !first { text.append(0x09) }
            if let value { Self.escape(value, into: &text) } else { text += Self.absent.utf8 }
        }
        for path in files.keys.sorted() {
            field("f", first: true)
            field(path)
            field(files[path]!)
            text.append(0x0A)
        }
        for key in issues.keys.sorted() {
            let summary = issues[key]!
            field("i", first: true)
            for value in [
                key, String(summary.volume), String(summary.number), summary.date, summary.title, summary.headlineLine,
                summary.image, summary.imageAlt, summary.imageLocation, summary.indexEntry,
            ] {
                field(value)
            }
            text.append(0x0A)
        }
        return text
    }

    /// The manifest in `bytes`, or `nil` when they are not one of this version.
    static func parse(_ bytes: [UInt8]) -> SiteManifest? {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.last?.isEmpty == true else { return nil }
        lines.removeLast()
        guard let first = lines.first, String(decoding: first, as: UTF8.self) == header else { return nil }
        var manifest = SiteManifest()
        for line in lines.dropFirst() {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            switch (fields.first.map { Array($0) }, fields.count) {
            case ([UInt8(ascii: "f")], 3):
                guard let path = unescape(fields[1]), let key = unescape(fields[2]) else { return nil }
                manifest.files[path] = key
            case ([UInt8(ascii: "i")], 11):
                let values = fields.dropFirst().map(unescape)
                for optional in 6...8 where values[optional] == nil && !fields[optional + 1].elementsEqual(absent.utf8) { return nil }
                guard let key = values[0], let volume = values[1].flatMap({ Int($0) }), let number = values[2].flatMap({ Int($0) }),
                    let date = values[3], let title = values[4], let headlineLine = values[5], let indexEntry = values[9]
                else { return nil }
                manifest.issues[key] = IssueSummary(
                    volume: volume, number: number, date: date, title: title, headlineLine: headlineLine, image: values[6],
                    imageAlt: values[7], imageLocation: values[8], indexEntry: indexEntry)
            default:
                return nil
            }
        }
        return manifest
    }

    /// An optional field with no value; escaping never writes it for a value.
    static let absent = "\\-"

    /// `text` with its backslashes, tabs, line feeds and carriage returns as `\\`, `\t`,
    /// `\n` and `\r`, so that it fits in one field, appended to `bytes`.
    static func escape(_ text: String, into bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            // The bytes between two that need escaping are copied as one run: an index
            // entry is a kilobyte of HTML with a line break every few dozen bytes.
            var start = 0
            for (offset, byte) in utf8.enumerated() {
                let escaped: UInt8? =
                    switch byte {
                    case 0x5C: 0x5C
                    case 0x09: UInt8(ascii: "t")
                    case 0x0A: UInt8(ascii: "n")
                    case 0x0D: UInt8(ascii: "r")
                    default: nil
                    }
                guard let escaped else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<offset]))
                bytes.append(0x5C)
                bytes.append(escaped)
                start = offset + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
    }

    /// The text of an escaped field; `nil` for ``absent``, and for an escape it does not know.
    static func unescape(_ field: ArraySlice<UInt8>) -> String? {
        guard field.contains(0x5C) else { return String(decoding: field, as: UTF8.self) }
        if field.elementsEqual(absent.utf8) { return nil }
        var text: [UInt8] = []
        text.reserveCapacity(field.count)
        var escaping = false
        for byte in field {
            if escaping {
                switch byte {
                case 0x5C: text.append(0x5C)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                default: return nil
                }
                escaping = false
            } else if byte == 0x5C {
                escaping = true
            } else {
                text.append(byte)
            }
        }
        return escaping ? nil : String(decoding: text, as: UTF8.self)
    }
}
