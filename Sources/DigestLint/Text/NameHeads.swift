/// Nouns that end a multi-word name ("Marine Corps", "Space Force", "Coast Guard", "7th Fleet",
/// "Senkaku Islands", "Economic Security Dialogue"): a run of capitalized words that ends
/// in one of them is a name, not a headline in title case.
enum NameHeads {
    static let words: Set<String> = [
        "Academy", "Act", "Agency", "Agreement", "Alliance", "Army", "Association", "Base", "Bank", "Bluebook", "Brigade",
        "Bureau", "Cabinet", "Center", "Centre", "Command", "Commission", "Committee", "Conference", "Corps", "Council",
        "Court", "Department", "Dialogue", "Diet", "Division", "Electric", "Fleet", "Force", "Forces", "Forum",
        "Foundation", "Framework", "Fund", "Group", "Guard", "Headquarters", "House", "Industries", "Initiative",
        "Institute", "Island", "Islands", "Kingdom", "Ministry", "Motors", "Nations", "Navy", "Office", "Partnership",
        "Party", "Peninsula", "Pharma", "Program", "Programme", "Regiment", "Sea", "Secretariat", "Staff", "States",
        "Station", "Steel", "Strait", "Strategy", "Summit", "Treaty", "Union", "University", "Wing",
    ]

    /// Words that stand before a proper name as part of it: "Camp David", "Governor Tamaki".
    static let titles: Set<String> = [
        "Admiral", "Ambassador", "Camp", "Cape", "Captain", "Chairman", "Chief", "Colonel", "Commander", "Commandant",
        "Fort", "General", "Governor", "Lake", "Mayor", "Minister", "Mount", "Port", "President", "Representative",
        "Secretary", "Senator", "Speaker",
    ]
}
