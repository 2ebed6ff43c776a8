import APIRuntime
import Generated
import SecurityLibcrypto
import SwaggerUIAssets

/// `/docs` and the Swagger UI files it loads.
///
/// By default the server serves the built-in files itself, so the page works without internet access; with an
/// assets URL (a CDN) the page loads them from there instead. Either way they are loaded with Subresource Integrity
/// and the page's Content-Security-Policy admits only them, this origin and the page's own start-up script, by its
/// hash.
struct DocsSite: Sendable {
    /// One built-in file, as its responses need it.
    struct File: Sendable {
        let text: String
        let entityTag: EntityTagCondition.EntityTag
    }

    /// Where the page loads the files from when the server serves them: `/docs/swagger-ui-bundle.js`, ….
    static let servedAssetsPath = "/docs"
    static let cacheControl = "public, max-age=86400"

    let page: String
    let contentSecurityPolicy: String

    /// The built-in files, decoded and checked against their pinned SHA-256 on first use, so a server whose docs
    /// nobody opens keeps their 1.8 MB out of memory.
    static let builtIn = Result { () throws(DocsAssetError) in
        (script: try verified(SwaggerUIAssets.script), stylesheet: try verified(SwaggerUIAssets.stylesheet))
    }

    /// - Parameter assetsURL: a base URL serving swagger-ui-dist's files (a CDN); `nil` serves the built-in ones.
    init(assetsURL: String?) {
        page = DocsPage.html(
            assetsURL: assetsURL ?? Self.servedAssetsPath,
            scriptIntegrity: SwaggerUIAssets.script.subresourceIntegrity,
            stylesheetIntegrity: SwaggerUIAssets.stylesheet.subresourceIntegrity)
        let initializerHash = "'sha256-\(Self.base64(SHA256.digest(of: Array(DocsPage.initializer().utf8))))'"
        let assetsOrigin = assetsURL.flatMap(Self.origin).map { " \($0)" } ?? ""
        contentSecurityPolicy = [
            "default-src 'none'",
            "script-src 'self'\(assetsOrigin) \(initializerHash)",
            // Swagger UI sets inline styles as it renders.
            "style-src 'self'\(assetsOrigin) 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    private static func verified(_ asset: SwaggerUIAsset) throws(DocsAssetError) -> File {
        guard !asset.text.isEmpty, SHA256.hexDigest(of: Array(asset.text.utf8)) == asset.sha256 else {
            throw DocsAssetError(fileName: asset.fileName)
        }
        return File(text: asset.text, entityTag: EntityTagCondition.EntityTag(opaque: String(asset.sha256.prefix(32))))
    }

    /// `scheme://host[:port]` of an absolute URL, for the policy; `nil` for a path on this origin.
    static func origin(of url: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return host.isEmpty ? nil : String(url[..<schemeEnd.upperBound]) + host
    }

    /// Standard base64 with padding, as CSP hash sources are written.
    static func base64(_ bytes: [UInt8]) -> String {
        var text = String(Base64URL.encode(bytes).map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while text.utf8.count % 4 != 0 { text.append("=") }
        return text
    }
}

/// A built-in Swagger UI file does not match the hash it was vendored with: the binary is not what was built.
struct DocsAssetError: Error, CustomStringConvertible {
    let fileName: String
    var description: String { "the built-in \(fileName) does not match its pinned SHA-256" }
}
