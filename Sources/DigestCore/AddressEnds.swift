/// Where a link address that starts at a given offset ends, for any number of starts in
/// logarithmic time each.
///
/// An address ends at the first `)` that closes no `(` of its own, unless a space or the
/// end comes first. Read a character at a time, a paragraph of 100,000 `[a](b` without a
/// space reads to its end from each of them. With the count of `(` minus `)` before each
/// offset, the end from `start` is the first `)` at or after `start` whose count equals the
/// count at `start`: the tables keep, for each count, the offsets of its `)` in order.
struct AddressEnds {
    private var depthBefore: [Int32] = []
    private var closersByDepth: [Int32: [Int32]] = [:]
    private var spacesBefore: [Int32] = []

    /// The offset where the address from `start` ends: at its `)`, or at the first space or
    /// `end` when it is not closed (then the offset holds no `)` of the address).
    mutating func end(from start: Int, before end: Int, in scalars: [Unicode.Scalar]) -> Int {
        if depthBefore.isEmpty { build(scalars) }
        let depth = depthBefore[start]
        let closers = closersByDepth[depth] ?? []
        let low = closers.partitionPoint { Int($0) >= start }
        let close = low < closers.count ? Int(closers[low]) : scalars.count
        // A space before the `)`, or the end of the part being parsed, ends the address first.
        if close < end, spacesBefore[close] == spacesBefore[start] { return close }
        // Else the first space at or after `start`, or `end`: a binary search over the
        // running count of spaces.
        var lowSpace = start
        var highSpace = min(end, scalars.count)
        while lowSpace < highSpace {
            let middle = (lowSpace + highSpace) / 2
            if spacesBefore[middle + 1] == spacesBefore[start] { lowSpace = middle + 1 } else { highSpace = middle }
        }
        return lowSpace
    }

    private mutating func build(_ scalars: [Unicode.Scalar]) {
        depthBefore.reserveCapacity(scalars.count + 1)
        spacesBefore.reserveCapacity(scalars.count + 1)
        var depth: Int32 = 0
        var spaces: Int32 = 0
        for (offset, scalar) in scalars.enumerated() {
            depthBefore.append(depth)
            spacesBefore.append(spaces)
            if scalar == "(" {
                depth += 1
            } else if scalar == ")" {
                closersByDepth[depth, default: []].append(Int32(offset))
                depth -= 1
            } else if InlineParser.isWhitespace(scalar) {
                spaces += 1
            }
        }
        depthBefore.append(depth)
        spacesBefore.append(spaces)
    }
}
