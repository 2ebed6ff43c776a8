// swift-tools-version: 6.2
// An example of a package that uses the toolkit: the NotesAPI target holds only openapi.yaml and
// openapi-gen.yaml, and the OpenAPIGeneratorPlugin writes its Swift at build time; notes-server implements the
// handler and serves it, and notes-cli calls it through the generated client. `make test` builds it from a
// clean checkout.
import PackageDescription

let package = Package(
    name: "Notes",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The toolkit: this repository. (Elsewhere: .package(url: …, exact: …).)
        .package(path: "../Toolkit"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        .target(
            name: "NotesAPI",
            dependencies: [.product(name: "APIRuntime", package: "Toolkit")],
            plugins: [.plugin(name: "OpenAPIGeneratorPlugin", package: "Toolkit")]
        ),
        .executableTarget(
            name: "notes-server",
            dependencies: [
                "NotesAPI", .product(name: "APIServerNIO", package: "Toolkit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "notes-cli",
            dependencies: [
                "NotesAPI", .product(name: "APIClientURLSession", package: "Toolkit"),
                .product(name: "APIRuntime", package: "Toolkit"),
            ]
        ),
    ]
)
