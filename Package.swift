// swift-tools-version: 6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "TaskAPI",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "openapi-gen", targets: ["openapi-gen"]),
        .executable(name: "taskapi", targets: ["Server"]),
        .executable(name: "openapi-fuzz", targets: ["openapi-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCrypt", pkgConfig: "libxcrypt", providers: [.apt(["libcrypt-dev"])]),

        // The generator: a pure library and its thin command.
        .target(name: "Generator", dependencies: ["CLibYAML"], swiftSettings: strictSettings),
        .executableTarget(
            name: "openapi-gen",
            dependencies: ["Generator", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "openapi-fuzz",
            dependencies: ["Generator", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),

        // The server: Server → Handlers → Generated → Runtime.
        .target(
            name: "Runtime",
            dependencies: [
                "CLibPQ", "CCrypto", "CCrypt",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "Generated", dependencies: ["Runtime"], swiftSettings: strictSettings),
        .target(
            name: "Handlers",
            dependencies: ["Generated", "Runtime", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "Server",
            dependencies: [
                "Handlers", "Generated", "Runtime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),

        .testTarget(name: "GeneratorTests", dependencies: ["Generator"], exclude: ["Fixtures"], swiftSettings: strictSettings),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime"], swiftSettings: strictSettings),
        .testTarget(name: "GeneratedTests", dependencies: ["Generated", "Runtime"], swiftSettings: strictSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Handlers", "Generated", "Runtime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
