extension Paper {
    /// Where the paper was published, as one line: journal · year · volume(issue):pages, leaving out
    /// what the record does not give.
    public var citationLine: String {
        var parts: [String] = []
        if let journal { parts.append(journal) }
        if let year { parts.append(String(year)) }
        var volume = volume ?? ""
        if let issue { volume += "(\(issue))" }
        if let pages { volume += (volume.isEmpty ? "" : ":") + pages }
        if !volume.isEmpty { parts.append(volume) }
        return parts.joined(separator: " · ")
    }
}
