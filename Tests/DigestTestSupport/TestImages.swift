import Foundation

/// An image file for the lead image tests, written by Pillow (PyPI), not by us.
public struct TestImage: Sendable {
    /// `JPEG`, `PNG` or `WEBP`, as Pillow names them, or `GIF` for a format digest refuses.
    public var format: String
    public var width: Int
    public var height: Int
    /// Extra keyword arguments for Pillow's `save`, as Python source: `progressive=True`.
    public var options: String
    /// `RGB`, or `RGBA` (a WebP with alpha is written in the extended VP8X layout).
    public var mode: String

    public init(_ format: String, _ width: Int, _ height: Int, options: String = "", mode: String = "RGB") {
        self.format = format
        self.width = width
        self.height = height
        self.options = options
        self.mode = mode
    }

    /// Writes the image to `url` with Pillow; noise makes its weight realistic for its size.
    public func write(to url: URL) throws {
        let script = """
            import sys, random
            from PIL import Image
            random.seed(7)
            image = Image.new(sys.argv[2], (int(sys.argv[3]), int(sys.argv[4])), (40, 90, 140, 255)[:len(sys.argv[2])])
            noise = Image.effect_noise((int(sys.argv[3]), int(sys.argv[4])), 60).convert(sys.argv[2])
            image = Image.blend(image, noise, 0.5)
            image.save(sys.argv[1], sys.argv[5]\(options.isEmpty ? "" : ", " + options))
            """
        let result = try runProgram(["python3", "-c", script, url.path, mode, "\(width)", "\(height)", format])
        guard result.status == 0 else {
            throw TestImageError(message: "Pillow could not write \(url.lastPathComponent) (run .ci/setup --test): \(result.errors)")
        }
    }
}

/// Why Pillow did not write a test image.
public struct TestImageError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
