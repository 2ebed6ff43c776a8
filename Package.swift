// swift-tools-version: 6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .treatAllWarnings(as: .error),
]

let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let serviceLifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")

/// A runtime module under `Sources/Runtime/<name>`: each is named for what it is built on.
func runtime(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .target(name: name, dependencies: dependencies, path: "Sources/Runtime/\(name)", swiftSettings: strictSettings)
}

let package = Package(
    name: "TaskAPI",
    platforms: [.macOS(.v15)],
    products: [
        // The toolkit, for other packages: the generator, the pure runtime generated code needs, and the server.
        .library(name: "Generator", targets: ["Generator"]),
        .library(name: "APIRuntime", targets: ["APIRuntime"]),
        .library(name: "APIClientURLSession", targets: ["APIClientURLSession"]),
        .library(name: "APIClientAsyncHTTPClient", targets: ["APIClientAsyncHTTPClient"]),
        .library(name: "APIServerNIO", targets: ["APIServerNIO"]),
        .library(name: "SwaggerUIAssets", targets: ["SwaggerUIAssets"]),
        .executable(name: "openapi-gen", targets: ["openapi-gen"]),
        // Generation inside another package's build (nothing committed), or on request into its sources.
        .plugin(name: "OpenAPIGeneratorPlugin", targets: ["OpenAPIGeneratorPlugin"]),
        .plugin(name: "GenerateOpenAPICode", targets: ["GenerateOpenAPICode"]),
        // This repository's service and tools.
        .executable(name: "taskapi", targets: ["taskapi"]),
        .executable(name: "openapi-fuzz", targets: ["openapi-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
    ],
    targets: [
        // C libraries, each imported by exactly one Swift module that wraps it.
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "COpenSSLCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibxcrypt", pkgConfig: "libxcrypt", providers: [.apt(["libcrypt-dev"])]),

        // The generator: a library that depends on libyaml alone, and its thin commands.
        .target(name: "Generator", dependencies: ["CLibYAML"], swiftSettings: strictSettings),
        .plugin(name: "OpenAPIGeneratorPlugin", capability: .buildTool(), dependencies: ["openapi-gen"]),
        .plugin(
            name: "GenerateOpenAPICode",
            capability: .command(
                intent: .custom(
                    verb: "generate-openapi-code",
                    description: "Writes the Swift generated from each target's openapi.yaml into its Generated/"),
                permissions: [.writeToPackageDirectory(reason: "The generated Swift is written into the target.")]),
            dependencies: ["openapi-gen"]),
        .executableTarget(
            name: "openapi-gen", dependencies: ["Generator", argumentParser], swiftSettings: strictSettings),
        .executableTarget(
            name: "openapi-fuzz", dependencies: ["Generator", argumentParser], swiftSettings: strictSettings),

        // The runtime. APIRuntime is pure Swift (Foundation at most): all that generated code imports.
        runtime("APIRuntime", []),
        // A generated client's transport over URLSession, apart so that APIRuntime stays without FoundationNetworking.
        runtime("APIClientURLSession", ["APIRuntime"]),
        // The same over AsyncHTTPClient, for clients that run SwiftNIO anyway.
        runtime(
            "APIClientAsyncHTTPClient",
            [
                "APIRuntime", .product(name: "AsyncHTTPClient", package: "async-http-client"), nioCore,
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        runtime(
            "APIServerNIO",
            [
                "APIRuntime", nioCore, nioPosix, .product(name: "NIOHTTP1", package: "swift-nio"), logging,
                serviceLifecycle, metrics,
            ]),
        runtime("SecurityLibcrypto", ["APIRuntime", "COpenSSLCrypto"]),
        runtime("PasswordsLibxcrypt", ["SecurityLibcrypto", "CLibxcrypt", nioPosix, serviceLifecycle]),
        // Swagger UI's files built in, so a generated /docs page needs no CDN (pure Swift; ~1.8 MB).
        .target(
            name: "SwaggerUIAssets", dependencies: ["APIRuntime"], path: "Sources/Runtime/SwaggerUIAssets",
            exclude: ["LICENSE-swagger-ui"], swiftSettings: strictSettings),
        runtime("PostgresLibPQ", ["APIRuntime", "CLibPQ", "SecurityLibcrypto", nioPosix, serviceLifecycle]),

        // The service: taskapi → TaskAPIApp → Handlers → Generated → APIRuntime.
        .target(name: "Generated", dependencies: ["APIRuntime"], swiftSettings: strictSettings),
        .target(
            name: "Handlers",
            dependencies: [
                "Generated", "APIRuntime", "PostgresLibPQ", "SecurityLibcrypto", "PasswordsLibxcrypt",
                "SwaggerUIAssets",
                logging,
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TaskAPIApp",
            dependencies: [
                "Handlers", "Generated", "APIRuntime", "APIServerNIO", "PostgresLibPQ", "PasswordsLibxcrypt", logging,
                serviceLifecycle, metrics, prometheus,
            ],
            path: "Sources/Server/TaskAPIApp",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "taskapi",
            dependencies: [
                "TaskAPIApp", "APIServerNIO", "PostgresLibPQ", argumentParser, logging, serviceLifecycle, nioCore,
                nioPosix,
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Server/taskapi",
            swiftSettings: strictSettings
        ),

        .testTarget(
            name: "GeneratorTests", dependencies: ["Generator"], exclude: ["Fixtures"], swiftSettings: strictSettings),
        .testTarget(
            name: "RuntimeTests",
            dependencies: [
                "APIRuntime", "APIServerNIO", "SecurityLibcrypto", "PasswordsLibxcrypt", "PostgresLibPQ", logging,
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "GeneratedTests", dependencies: ["Generated", "APIRuntime"], swiftSettings: strictSettings),
        // The compositions golden fixture compiled as a module, so tests can run what the generator emits for
        // oneOf, anyOf, allOf, discriminators and binary bodies.
        .target(
            name: "CompositionsFixture", dependencies: ["APIRuntime"],
            path: "Tests/GeneratorTests/Fixtures/compositions/Expected"),
        .testTarget(
            name: "CompositionTests", dependencies: ["CompositionsFixture", "APIRuntime"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "TaskAPIApp", "Handlers", "Generated", "APIRuntime", "APIServerNIO", "PostgresLibPQ", "SwaggerUIAssets",
                "APIClientURLSession", "APIClientAsyncHTTPClient",
                logging,
                .product(name: "InMemoryLogging", package: "swift-log"), serviceLifecycle,
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "TaskAPIApp", "Handlers", "APIRuntime", "APIServerNIO", "PostgresLibPQ", "PasswordsLibxcrypt", logging,
            ],
            swiftSettings: strictSettings
        ),
    ]
)
