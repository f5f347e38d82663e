import Foundation

/// Reading a large corpus faults in hundreds of megabytes of fresh heap, 4 KiB at a time: at 100,000
/// records that is about a tenth of the load's CPU. When the kernel gives transparent huge pages only
/// to memory that asks for them ("madvise", Debian's default), glibc's allocator asks for them if its
/// `glibc.malloc.hugetlb=1` tunable is set, and tunables are read only as a process starts. So the
/// process starts itself once more with the tunable added, before doing anything else.
///
/// The user's own GLIBC_TUNABLES is put back as soon as the new image runs, so programs Lectern
/// starts see the environment they were given. `LECTERN_HUGE_PAGES=off` leaves the heap as it is.
enum HugePageHeap {
    static let tunable = "glibc.malloc.hugetlb=1"
    /// Holds the user's GLIBC_TUNABLES (possibly empty) across the restart, and marks that it happened.
    static let savedVariable = "LECTERN_USER_GLIBC_TUNABLES"
    static let unset = "\u{1}unset"

    /// Restarts the process with huge-page heap advice when that would help; returns when it would
    /// not, when the restart already happened, or when it could not be made.
    static func restartIfUseful(kernelSetting: String? = HugePageHeap.kernelSetting()) {
        if let saved = environment(savedVariable) {
            // The restarted image: glibc has read the tunable; give the environment back.
            if saved == unset { unsetenv("GLIBC_TUNABLES") } else { setenv("GLIBC_TUNABLES", saved, 1) }
            unsetenv(savedVariable)
            return
        }
        let current = environment("GLIBC_TUNABLES")
        guard environment("LECTERN_HUGE_PAGES") != "off",
              let kernelSetting, onlyWhenAdvised(kernelSetting),
              !(current ?? "").contains("glibc.malloc.hugetlb") else { return }
        // The executable's own path, not /proc/self/exe, so the process keeps its name ("lectern" in ps and top).
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return }
        setenv(savedVariable, current ?? unset, 1)
        setenv("GLIBC_TUNABLES", current.map { $0.isEmpty ? tunable : $0 + ":" + tunable } ?? tunable, 1)
        execv(executable, CommandLine.unsafeArgv)
        // Only a failed exec returns here: carry on without huge pages, environment as it was.
        if let current { setenv("GLIBC_TUNABLES", current, 1) } else { unsetenv("GLIBC_TUNABLES") }
        unsetenv(savedVariable)
    }

    /// True when the kernel setting (the text of /sys/kernel/mm/transparent_hugepage/enabled, such as
    /// "always [madvise] never") gives huge pages only to memory that asks. With "always" every large
    /// region gets them anyway; with "never" asking does nothing.
    static func onlyWhenAdvised(_ setting: String) -> Bool {
        setting.contains("[madvise]")
    }

    static func kernelSetting() -> String? {
        try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
