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
    /// Whether the pixels are random noise, which does not compress: a heavy file.
    public var noisy: Bool

    public init(_ format: String, _ width: Int, _ height: Int, options: String = "", mode: String = "RGB", noisy: Bool = false) {
        self.format = format
        self.width = width
        self.height = height
        self.options = options
        self.mode = mode
        self.noisy = noisy
    }

    /// Writes the image to `url` with Pillow: a smooth gradient (light, like a photograph's
    /// sky), or noise.
    public func write(to url: URL) throws {
        let script = """
            import sys
            from PIL import Image
            size = (int(sys.argv[3]), int(sys.argv[4]))
            if sys.argv[6] == "noise":
                image = Image.effect_noise(size, 90).convert(sys.argv[2])
            else:
                image = Image.linear_gradient("L").resize(size).convert(sys.argv[2])
            image.save(sys.argv[1], sys.argv[5]\(options.isEmpty ? "" : ", " + options))
            """
        let result = try runProgram(["python3", "-c", script, url.path, mode, "\(width)", "\(height)", format, noisy ? "noise" : "smooth"])
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
