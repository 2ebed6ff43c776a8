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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "Generator", dependencies: ["CLibYAML"], swiftSettings: strictSettings),
        .executableTarget(
            name: "openapi-gen",
            dependencies: ["Generator", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
        .target(name: "Runtime", exclude: ["Postgres", "Security"], swiftSettings: strictSettings),
        .target(name: "Generated", dependencies: ["Runtime"], swiftSettings: strictSettings),
        .testTarget(name: "GeneratorTests", dependencies: ["Generator"], exclude: ["Fixtures"], swiftSettings: strictSettings),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime"], exclude: ["PasswordHasherTests.swift", "JWTTests.swift", "Base64URLTests.swift", "SHA256Tests.swift", "SecretTests.swift"], swiftSettings: strictSettings),
        .testTarget(name: "GeneratedTests", dependencies: ["Generated", "Runtime"], swiftSettings: strictSettings),
    ]
)
