import Foundation

/// `DocsPage.swift`: the Swagger UI page served at `/docs`, as FastAPI serves it, but ready for a strict
/// Content-Security-Policy: its one inline script is also available on its own (`initializer`), so a server can
/// admit it by hash, and the assets carry Subresource Integrity values.
struct DocsRenderer {
    /// Pinned so the page does not change under us; overridable at run time (e.g. to serve the assets itself).
    static let swaggerUIVersion = "5.33.1"
    static let defaultAssetsURL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@\(swaggerUIVersion)"
    /// SHA-384 of that release's `swagger-ui-bundle.js` and `swagger-ui.css` (as `scripts/vendor-swagger-ui.sh`
    /// checks them).
    static let scriptIntegrity = "sha384-ZPehFMQommnnuaZ4rpxgkgTT2DKFVp4hZC/7pLit+9Lek9T1YGSo23eHFbvNkXkw"
    static let stylesheetIntegrity = "sha384-Ov4/wv3j2bmct8cDc5X4ngJZohVPzEmc6uDPH8WeljUxO5vtoykvMEfbu9Vh6RaW"

    let plan: GenerationPlan

    private var access: String { plan.accessModifier.rawValue }

    func render(header: FileHeader) -> String {
        var writer = CodeWriter()
        writer.raw(header.text)
        writer.imports(plan.imports[.docs], access: access)
        writer.documentation(["The interactive documentation page."])
        writer.block("\(access) enum DocsPage") { writer in
            writer.documentation(["The Swagger UI release the page is written for, and where a CDN serves it."])
            writer.line("\(access) static let swaggerUIVersion = \(SwiftNaming.stringLiteral(Self.swaggerUIVersion))")
            writer.line("\(access) static let defaultAssetsURL = \(SwiftNaming.stringLiteral(Self.defaultAssetsURL))")
            writer.documentation([
                "Subresource Integrity values of that release's `swagger-ui-bundle.js` and `swagger-ui.css`."
            ])
            writer.line("\(access) static let scriptIntegrity = \(SwiftNaming.stringLiteral(Self.scriptIntegrity))")
            writer.line(
                "\(access) static let stylesheetIntegrity = \(SwiftNaming.stringLiteral(Self.stylesheetIntegrity))")
            writer.line()
            writer.documentation([
                "The script that starts Swagger UI, exactly as the page embeds it: a Content-Security-Policy can admit",
                "it by its hash (`script-src 'sha256-…'`).",
            ])
            writer.block("\(access) static func initializer(specURL: String = \"/openapi.json\") -> String") { writer in
                writer.line("let spec = PageEscaping.javaScript(specURL)")
                writer.line("return \"\"\"")
                for line in Self.initializer {
                    writer.raw(line.isEmpty ? "\n" : writer.indented(line) + "\n")
                }
                writer.line("\"\"\"")
            }
            writer.line()
            writer.documentation([
                "The page's HTML.",
                "- Parameters:",
                "  - specURL: where the page loads the OpenAPI document from.",
                "  - assetsURL: the base URL of the `swagger-ui-dist` files (`swagger-ui.css`, `swagger-ui-bundle.js`).",
                "  - scriptIntegrity, stylesheetIntegrity: their `integrity` attributes; `nil` leaves one out.",
            ])
            writer.wrappedLine(
                "\(access) static func html(",
                [
                    "specURL: String = \"/openapi.json\"", "assetsURL: String = defaultAssetsURL",
                    "scriptIntegrity: String? = DocsPage.scriptIntegrity",
                    "stylesheetIntegrity: String? = DocsPage.stylesheetIntegrity",
                ],
                ") -> String {"
            )
            writer.indent { writer in
                writer.line(
                    "let assets = PageEscaping.html(assetsURL.hasSuffix(\"/\") ? String(assetsURL.dropLast()) : assetsURL)"
                )
                writer.line("let scriptCheck = integrityAttributes(scriptIntegrity)")
                writer.line("let stylesheetCheck = integrityAttributes(stylesheetIntegrity)")
                writer.line("return \"\"\"")
                // The title lands in a Swift string literal: HTML-escaped first, then escaped for Swift.
                let title = Escaping.escape(Self.escapeHTML(plan.title), style: .swift, quotes: true)
                for line in Self.template(title: title) {
                    writer.raw(line.isEmpty ? "\n" : writer.indented(line) + "\n")
                }
                writer.line("\"\"\"")
            }
            writer.line("}")
            writer.line()
            writer.block("private static func integrityAttributes(_ value: String?) -> String") { writer in
                writer.line(
                    "value.map { \" integrity=\\\"\\(PageEscaping.html($0))\\\" crossorigin=\\\"anonymous\\\"\" } ?? \"\""
                )
            }
        }
        return writer.text
    }

    /// Swagger UI's start-up call. `persistAuthorization` stays off: a token kept in `localStorage` outlives the
    /// tab and is readable by any script the page ever runs.
    private static let initializer = [
        "window.ui = SwaggerUIBundle({",
        "  url: '\\(spec)',",
        "  dom_id: '#swagger-ui',",
        "  deepLinking: true,",
        "  persistAuthorization: false,",
        "  displayRequestDuration: true,",
        "  tryItOutEnabled: false,",
        "  presets: [SwaggerUIBundle.presets.apis],",
        "  layout: 'BaseLayout'",
        "});",
    ]

    private static func template(title: String) -> [String] {
        [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(title) – Swagger UI</title>",
            "<link rel=\"stylesheet\" href=\"\\(assets)/swagger-ui.css\"\\(stylesheetCheck)>",
            "</head>",
            "<body>",
            "<div id=\"swagger-ui\"></div>",
            "<script src=\"\\(assets)/swagger-ui-bundle.js\"\\(scriptCheck)></script>",
            "<script>\\(initializer(specURL: specURL))</script>",
            "</body>",
            "</html>",
        ]
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
