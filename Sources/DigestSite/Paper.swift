/// The PDF edition's page size (`site.paper`).
public enum Paper: String, Sendable, CaseIterable {
    /// 210 × 297 mm.
    case a4 = "A4"
    /// 8.5 × 11 in.
    case letter = "Letter"

    /// The size as CSS paged media names it (`@page { size: A4 }`).
    public var cssSize: String { rawValue }
}
