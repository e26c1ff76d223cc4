import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// The sizes read from headers agree with the files Pillow wrote.
@Suite("Image headers")
struct ImageHeaderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var image: TestImage
        var format: ImageHeader.Format
        var name: String
        var testDescription: String { name }
    }

    static let cases = [
        Case(image: TestImage("JPEG", 1600, 900), format: .jpeg, name: "baseline JPEG"),
        Case(image: TestImage("JPEG", 1234, 567, options: "progressive=True"), format: .jpeg, name: "progressive JPEG"),
        // Metadata before the frame header: a 60 KB comment (COM segment) and an ICC profile.
        Case(
            image: TestImage("JPEG", 1200, 1800, options: "comment=b'x' * 60000, icc_profile=b'\\0' * 3000"), format: .jpeg,
            name: "JPEG with large metadata first"),
        Case(image: TestImage("PNG", 1200, 675), format: .png, name: "PNG"),
        Case(image: TestImage("WEBP", 1300, 731, options: "quality=80"), format: .webp, name: "lossy WebP (VP8)"),
        Case(image: TestImage("WEBP", 1201, 3, options: "lossless=True"), format: .webp, name: "lossless WebP (VP8L)"),
        Case(image: TestImage("WEBP", 2000, 1000, mode: "RGBA"), format: .webp, name: "WebP with alpha (VP8X)"),
        Case(image: TestImage("WEBP", 16383, 2, options: "lossless=True"), format: .webp, name: "the widest WebP"),
    ]

    static func written(_ image: TestImage, extension ext: String) throws -> [UInt8] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-image-\(UUID().uuidString).\(ext)")
        defer { try? FileManager.default.removeItem(at: url) }
        try image.write(to: url)
        return Array(try Data(contentsOf: url))
    }

    @Test("format and size come from the header", arguments: cases)
    func readsTheHeader(_ example: Case) throws {
        let bytes = try Self.written(example.image, extension: example.image.format.lowercased())
        #expect(ImageHeader.format(of: bytes) == example.format)
        #expect(
            try ImageHeader.read(bytes).get()
                == ImageHeader(format: example.format, width: example.image.width, height: example.image.height))
    }

    @Test("a file cut short anywhere is damaged or read correctly, never misread", arguments: cases.prefix(4))
    func truncatedFiles(_ example: Case) throws {
        let bytes = try Self.written(example.image, extension: example.image.format.lowercased())
        let right = ImageHeader(format: example.format, width: example.image.width, height: example.image.height)
        // Every cut within the first 70 KB (where the metadata and frame header are), then a few more.
        for length in Array(0..<min(bytes.count, 70_000)) + [bytes.count / 2, bytes.count] {
            switch ImageHeader.read(Array(bytes.prefix(length))) {
            case .success(let header): #expect(header == right, "cut at \(length)")
            case .failure(.damaged(let format)): #expect(format == example.format, "cut at \(length)")
            case .failure(.unknownFormat): #expect(length < 12, "cut at \(length)")
            }
        }
    }

    @Test("a GIF, text and an empty file are none of the three formats")
    func otherFormats() throws {
        #expect(ImageHeader.read(try Self.written(TestImage("GIF", 1600, 900), extension: "gif")) == .failure(.unknownFormat))
        #expect(ImageHeader.read(Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)) == .failure(.unknownFormat))
        #expect(ImageHeader.read([]) == .failure(.unknownFormat))
    }

    @Test("a JPEG whose scan starts before any frame header is damaged")
    func jpegWithoutFrame() {
        // SOI, a DQT segment of 4 bytes, then SOS.
        #expect(ImageHeader.read([0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xDA, 0x00, 0x02]) == .failure(.damaged(.jpeg)))
    }

    @Test("shown 600 px wide, the height keeps the proportions, rounded")
    func scaledHeight() {
        #expect(ImageHeader(format: .jpeg, width: 1600, height: 900).height(atWidth: 600) == 338)
        #expect(ImageHeader(format: .png, width: 1200, height: 675).height(atWidth: 600) == 338)
        #expect(ImageHeader(format: .png, width: 1200, height: 1).height(atWidth: 600) == 1)
    }
}
