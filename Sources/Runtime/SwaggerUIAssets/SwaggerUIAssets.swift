internal import APIRuntime

/// Swagger UI's files, built into the program so `/docs` needs no internet access and no CDN: swagger-ui-dist
/// 5.33.1 (Apache-2.0, `LICENSE-swagger-ui`), written by `scripts/vendor-swagger-ui.sh` from a hash-checked
/// download.
public enum SwaggerUIAssets {
    /// The swagger-ui-dist release these are.
    public static let version = "5.33.1"
    /// Where a CDN serves the same release, byte for byte (the Subresource Integrity values hold for it too).
    public static let cdnURL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.33.1"
}

/// One file of Swagger UI.
public struct SwaggerUIAsset: Sendable {
    /// Its name in swagger-ui-dist, which is also the last segment of the URL the docs page loads it from.
    public let fileName: String
    /// `Content-Type` to serve it with.
    public let contentType: String
    /// The SHA-256 (hex) the vendoring script checked the file against.
    public let sha256: String
    /// The `integrity` attribute value for a `<script>` or `<link>` loading it (SHA-384).
    public let subresourceIntegrity: String
    /// The file's text (both files are UTF-8), decoded once, on first use; empty if the source were not base64url.
    public let text: String

    init(fileName: String, contentType: String, sha256: String, subresourceIntegrity: String, base64URL: StaticString) {
        self.fileName = fileName
        self.contentType = contentType
        self.sha256 = sha256
        self.subresourceIntegrity = subresourceIntegrity
        self.text = String(decoding: base64URL.withUTF8Buffer { Base64URL.decode(utf8: $0) } ?? [], as: UTF8.self)
    }

    /// The strong entity tag a response with these bytes carries: the pinned hash, so it changes with the release.
    public var entityTag: String { "\"\(sha256.prefix(32))\"" }
}
