/// An issue's names by their ``EditKey``s, for finding the names one letter from each name
/// without comparing every pair: the consistent-terms rule's way through an issue with
/// many names that share lowercase forms.
struct NamesByEditKey {
    private let names: [String]
    private let keysOfNames: [[EditKey]]
    /// The names (their places in `names`, in order) under each key; names already looked
    /// at or done with leave the lists as they go.
    private var namesByKey: [EditKey: [Int]] = [:]

    init(_ names: [String]) {
        self.names = names
        keysOfNames = names.map(EditKey.keys(of:))
        for (place, keys) in keysOfNames.enumerated() {
            for key in keys { namesByKey[key, default: []].append(place) }
        }
    }

    /// The names after `index` that may be one edit from it (a superset of those that are),
    /// leaving out those `isDone` says need no more comparing. Ask in increasing `index`.
    mutating func laterPartners(of index: Int, isDone: (Int) -> Bool) -> [Int] {
        var partners: [Int] = []
        for key in EditKey.partners(of: keysOfNames[index], length: names[index].count) {
            guard var sharing = namesByKey[key] else { continue }
            let before = sharing.count
            sharing.removeAll { $0 <= index || isDone($0) }
            partners += sharing
            if sharing.count < before { namesByKey[key] = sharing.isEmpty ? nil : sharing }
        }
        return partners
    }
}
