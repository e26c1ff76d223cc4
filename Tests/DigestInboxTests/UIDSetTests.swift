import Testing

@testable import DigestInbox

/// The UID sets `digest inbox` names in STORE, MOVE and COPY: runs written `a:b`, and lines
/// no longer than a server takes.
@Suite("IMAP UID sets")
struct UIDSetTests {
    @Test(
        "runs of UIDs are written a:b, in numeric order, each UID once",
        arguments: [
            (["5", "3", "4", "9", "10", "12"], ["3:5,9:10,12"]),
            (["7", "7", "2"], ["2,7"]),
            (["100", "10", "9"], ["9:10,100"]),
            (["4294967295", "4294967294"], ["4294967294:4294967295"]),
            ([], []),
        ])
    func runs(uids: [String], sets: [String]) {
        #expect(ImapInbox.uidSets(uids, longest: 4_000) == sets)
    }

    @Test("a long set is cut between runs into sets no longer than asked, covering every UID once")
    func longSets() {
        // Every other UID: no runs, 2,500 numbers, 11,947 characters in one set.
        let uids = (1...2_500).map { String($0 * 2) }
        let sets = ImapInbox.uidSets(uids, longest: 4_000)
        #expect(sets.count == 3)
        #expect(sets.allSatisfy { $0.utf8.count <= 4_000 })
        #expect(sets.joined(separator: ",").split(separator: ",").map(String.init) == uids)
        // A number longer than the limit still goes, alone.
        #expect(ImapInbox.uidSets(["123456", "9"], longest: 3) == ["9", "123456"])
    }
}
