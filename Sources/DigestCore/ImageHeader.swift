/// What the first bytes of an image file say: its format and its size in pixels.
///
/// Reads JPEG (the SOF segment), PNG (IHDR) and WebP (VP8, VP8L and VP8X) headers by their
/// published layouts; nothing is decoded. Lint uses it to check the lead image, the
/// renderers to give the email's `<img>` its height.
public struct ImageHeader: Equatable, Sendable {
    /// The formats every mail client and browser shows.
    public enum Format: String, Sendable {
        case jpeg = "JPEG"
        case png = "PNG"
        case webp = "WebP"
    }

    public var format: Format
    public var width: Int
    public var height: Int

    public init(format: Format, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }

    /// Why a header could not be read.
    public enum Problem: Error, Equatable, Sendable {
        /// The bytes are none of the three formats.
        case unknownFormat
        /// The format is known but the size is not where it should be (a cut-short or damaged file).
        case damaged(Format)
    }

    /// The format the magic bytes at the start announce, if any.
    public static func format(of bytes: [UInt8]) -> Format? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return .webp }
        return nil
    }

    /// Reads the header from the start of a file (the first few kilobytes suffice unless a
    /// JPEG carries large metadata before its frame header).
    public static func read(_ bytes: [UInt8]) -> Result<ImageHeader, Problem> {
        guard let format = format(of: bytes) else { return .failure(.unknownFormat) }
        let size: (width: Int, height: Int)?
        switch format {
        case .jpeg: size = jpegSize(bytes)
        case .png: size = pngSize(bytes)
        case .webp: size = webpSize(bytes)
        }
        guard let size, size.width > 0, size.height > 0 else { return .failure(.damaged(format)) }
        return .success(ImageHeader(format: format, width: size.width, height: size.height))
    }

    /// The height when the image is shown `width` pixels wide, keeping its proportions.
    public func height(atWidth shownWidth: Int) -> Int {
        max(1, (height * shownWidth + width / 2) / width)
    }

    // MARK: The formats

    static func bigEndian16(_ bytes: [UInt8], _ at: Int) -> Int? {
        guard at >= 0, at + 2 <= bytes.count else { return nil }
        return Int(bytes[at]) << 8 | Int(bytes[at + 1])
    }

    static func bigEndian32(_ bytes: [UInt8], _ at: Int) -> Int? {
        guard let high = bigEndian16(bytes, at), let low = bigEndian16(bytes, at + 2) else { return nil }
        return high << 16 | low
    }

    static func littleEndian(_ bytes: [UInt8], _ at: Int, count: Int) -> Int? {
        guard at >= 0, at + count <= bytes.count else { return nil }
        return (0..<count).reversed().reduce(0) { $0 << 8 | Int(bytes[at + $1]) }
    }

    /// The first start-of-frame segment's size (ITU T.81 B.2.2), walking the segments by
    /// their lengths so that a thumbnail inside EXIF data is never taken for the image.
    static func jpegSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        var index = 2
        while index + 1 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            switch marker {
            case 0xFF:
                // Fill byte before a marker.
                index += 1
            case 0x01, 0xD0...0xD7:
                // Markers that stand alone, without a length.
                index += 2
            case 0xD9, 0xDA:
                // End of image, or start of scan: no frame header came first.
                return nil
            default:
                guard let length = bigEndian16(bytes, index + 2), length >= 2 else { return nil }
                // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    guard let height = bigEndian16(bytes, index + 5), let width = bigEndian16(bytes, index + 7) else { return nil }
                    return (width, height)
                }
                index += 2 + length
            }
        }
        return nil
    }

    /// IHDR, which the PNG specification requires to be the first chunk.
    static func pngSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8),
            let width = bigEndian32(bytes, 16), let height = bigEndian32(bytes, 20)
        else { return nil }
        return (width, height)
    }

    /// The first chunk of a WebP file (RFC 9649): simple lossy (`VP8 `), lossless (`VP8L`)
    /// or extended (`VP8X`, whose canvas size is the image's).
    static func webpSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 30 else { return nil }
        let chunk = String(decoding: bytes[12..<16], as: UTF8.self)
        switch chunk {
        case "VP8 ":
            // A key frame: 3 bytes of frame tag, the start code 9D 01 2A, then 14-bit sizes.
            guard bytes[23] == 0x9D, bytes[24] == 0x01, bytes[25] == 0x2A,
                let width = littleEndian(bytes, 26, count: 2), let height = littleEndian(bytes, 28, count: 2)
            else { return nil }
            return (width & 0x3FFF, height & 0x3FFF)
        case "VP8L":
            guard bytes[20] == 0x2F, let bits = littleEndian(bytes, 21, count: 4) else { return nil }
            return (1 + bits & 0x3FFF, 1 + (bits >> 14) & 0x3FFF)
        case "VP8X":
            guard let width = littleEndian(bytes, 24, count: 3), let height = littleEndian(bytes, 27, count: 3) else { return nil }
            return (width + 1, height + 1)
        default:
            return nil
        }
    }
}
