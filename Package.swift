// swift-tools-version:6.0
// Portico: a static client-portal generator.
//
// The targets form the pipeline, and their dependencies enforce the confidentiality rule:
// PorticoRender depends on PorticoView only, so templates can never be handed a store model.
import PackageDescription

let package = Package(
    name: "Portico",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "portico", targets: ["portico"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // cmark-gfm from Debian's libcmark-gfm-dev / libcmark-gfm-extensions-dev.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // One system call Foundation lacks: swapping two folders atomically.
        .target(name: "CPorticoSystem"),
        // Model value types, loading with source locations, validation.
        .target(name: "PorticoStore", dependencies: [.product(name: "Yams", package: "Yams")]),
        // The redacted view types: plain values with no private fields. Depends on nothing.
        .target(name: "PorticoView", exclude: ["README.md"]),
        // Keeps cmark-gfm's process-wide table of special characters from changing under
        // parallel parses (cmark-gfm issue #176).
        .target(name: "CPorticoCmark", dependencies: ["CCmarkGFM"]),
        // Markdown to safe HTML (raw HTML dropped, unsafe URLs dropped).
        .target(name: "PorticoMarkdown", dependencies: ["CCmarkGFM", "CPorticoCmark"]),
        // Redaction: the single choke point from store model to view types, one client at a time.
        .target(name: "PorticoPortal", dependencies: [
            "PorticoStore", "PorticoView", "PorticoMarkdown",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Templates and theme: sees view types only.
        .target(name: "PorticoRender", dependencies: [
            "PorticoView", "PorticoThemeDigest",
            .product(name: "Crypto", package: "swift-crypto"),
        ], plugins: ["EmbedThemePlugin"]),
        // Scans a built output for private or cross-client content, independently of the renderer.
        .target(name: "PorticoAudit", dependencies: [
            "PorticoStore", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The build: clients, output writer with atomic swap, checks.
        .target(name: "PorticoSite", dependencies: [
            "PorticoStore", "PorticoView", "PorticoPortal", "PorticoRender", "PorticoMarkdown", "PorticoAudit", "CPorticoSystem",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // Importers: Trello board exports, Toggl Track and Clockify detailed reports, into store files.
        .target(name: "PorticoImport", dependencies: ["PorticoStore", .product(name: "Yams", package: "Yams")]),
        // `portico serve`: preview with rebuild on change (FlyingSocks from FlyingFox, loopback only).
        .target(name: "PorticoServe", dependencies: [
            "PorticoSite", .product(name: "FlyingSocks", package: "FlyingFox"),
        ]),
        .executableTarget(name: "portico", dependencies: [
            "PorticoSite", "PorticoServe", "PorticoImport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: [
            // jemalloc (Debian's libjemalloc-dev) instead of glibc's malloc: a build allocates
            // millions of small objects from two threads, and glibc's malloc slows down as the
            // heap grows (100,000 tickets: 15 s with it, 12.9 s with jemalloc).
            .linkedLibrary("jemalloc", .when(platforms: [.linux])),
            // The toolchain's lld with packed relative relocations: the static executable has
            // about 94,000 of them, which the loader otherwise reads from a 2 MB table at every
            // start (a millisecond of each rebuild with nothing to do). Still position
            // independent: ASLR as before.
            .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(platforms: [.linux])),
        ]),
        // Fuzz target for the store's parsers and the Markdown renderer (see Fuzz/README.md).
        .executableTarget(name: "portico-fuzz", dependencies: ["PorticoStore", "PorticoMarkdown"], path: "Sources/PorticoFuzz"),
        // Embeds Templates/ into the binary so an installed `portico` finds its default theme.
        .executableTarget(name: "PorticoThemeEmbedder", dependencies: ["PorticoThemeDigest"], path: "Sources/PorticoThemeEmbedder"),
        // The default theme's fingerprint, shared by the embedder and the theme.
        .target(name: "PorticoThemeDigest"),
        .plugin(name: "EmbedThemePlugin", capability: .buildTool(),
                dependencies: ["PorticoThemeEmbedder"], path: "Sources/EmbedThemePlugin"),
        .testTarget(name: "PorticoTests", dependencies: [
            "PorticoStore", "PorticoView", "PorticoMarkdown", "PorticoPortal", "PorticoRender", "PorticoSite", "PorticoImport", "PorticoAudit",
            "PorticoServe", "portico", "PorticoThemeDigest",
            .product(name: "PropertyBased", package: "swift-property-based"),
            // The reference engine the theme format comes from: a differential test renders with both.
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
    ]
)
