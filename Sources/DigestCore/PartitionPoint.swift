extension RandomAccessCollection where Index == Int {
    /// The index of the first element for which `belongsAfter` is true, by binary search:
    /// the collection must hold every element for which it is false before every element
    /// for which it is true. `endIndex` when it is true for none.
    @inlinable
    public func partitionPoint(where belongsAfter: (Element) throws -> Bool) rethrows -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let middle = low + (high - low) / 2
            if try belongsAfter(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
