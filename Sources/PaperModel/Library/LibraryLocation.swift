import Foundation

/// Where the saved-state file lives.
public enum LibraryLocation {
    /// `explicit` (the `--state` option) if given, else `$LECTERN_STATE`, else `$XDG_DATA_HOME/lectern/saved.json`,
    /// else `~/.local/share/lectern/saved.json`.
    public static func path(explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let path = environment["LECTERN_STATE"], !path.isEmpty { return path }
        // The XDG spec ignores relative values.
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return (data as NSString).appendingPathComponent("lectern/saved.json")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".local/share/lectern/saved.json")
    }
}
