// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Lectern",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lectern", targets: ["lectern"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // ncursesw through a module map; the shim exposes the C macros Swift cannot import.
        .systemLibrary(
            name: "CNcursesw",
            path: "Sources/CNcursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // glibc declares wcwidth only under _XOPEN_SOURCE; this module declares it for BrowserUI.
        .systemLibrary(name: "CDisplayWidth", path: "Sources/CDisplayWidth"),
        .target(name: "PaperModel", path: "Sources/PaperModel"),
        .target(name: "BrowserUI", dependencies: ["PaperModel", "CDisplayWidth"], path: "Sources/BrowserUI"),
        .target(name: "CursesTerminal", dependencies: ["BrowserUI", "CNcursesw"], path: "Sources/CursesTerminal"),
        .executableTarget(
            name: "lectern",
            dependencies: [
                "PaperModel", "BrowserUI", "CursesTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/lectern"
        ),
        .testTarget(name: "PaperModelTests", dependencies: ["PaperModel"], path: "Tests/PaperModelTests", exclude: ["Fixtures"]),
        .testTarget(name: "BrowserUITests", dependencies: ["BrowserUI", "PaperModel"], path: "Tests/BrowserUITests"),
        .testTarget(name: "EndToEndTests", dependencies: ["PaperModel"], path: "Tests/EndToEndTests"),
    ]
)
