import Foundation

/// `DocsPage.swift`: the Swagger UI page served at `/docs`, as FastAPI serves it.
struct DocsRenderer {
    /// Pinned so the page does not change under us; overridable at run time (e.g. to serve the assets locally).
    static let defaultAssetsURL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.17.14"

    let plan: GenerationPlan

    private var access: String { plan.accessModifier.rawValue }

    func render(header: FileHeader) -> String {
        var writer = CodeWriter()
        writer.raw(header.text)
        writer.imports(plan.imports[.docs], access: access)
        writer.documentation(["The interactive documentation page."])
        writer.block("\(access) enum DocsPage") { writer in
            writer.documentation(["The Swagger UI release the page loads unless told otherwise."])
            writer.line("\(access) static let defaultAssetsURL = \(SwiftNaming.stringLiteral(Self.defaultAssetsURL))")
            writer.line()
            writer.documentation([
                "The page's HTML.",
                "- Parameters:",
                "  - specURL: where the page loads the OpenAPI document from.",
                "  - assetsURL: the base URL of the `swagger-ui-dist` files (`swagger-ui.css`, `swagger-ui-bundle.js`).",
            ])
            writer.block(
                "\(access) static func html(specURL: String = \"/openapi.json\", assetsURL: String = defaultAssetsURL) -> String"
            ) { writer in
                writer.line(
                    "let assets = PageEscaping.html(assetsURL.hasSuffix(\"/\") ? String(assetsURL.dropLast()) : assetsURL)"
                )
                writer.line("let spec = PageEscaping.javaScript(specURL)")
                writer.line("return \"\"\"")
                // The title lands in a Swift string literal: HTML-escaped first, then escaped for Swift.
                let title = Escaping.escape(Self.escapeHTML(plan.title), style: .swift, quotes: true)
                for line in Self.template(title: title) {
                    writer.raw(line.isEmpty ? "\n" : writer.indented(line) + "\n")
                }
                writer.line("\"\"\"")
            }
        }
        return writer.text
    }

    private static func template(title: String) -> [String] {
        [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(title) – Swagger UI</title>",
            "<link rel=\"stylesheet\" href=\"\\(assets)/swagger-ui.css\">",
            "</head>",
            "<body>",
            "<div id=\"swagger-ui\"></div>",
            "<script src=\"\\(assets)/swagger-ui-bundle.js\"></script>",
            "<script>",
            "window.ui = SwaggerUIBundle({",
            "  url: '\\(spec)',",
            "  dom_id: '#swagger-ui',",
            "  deepLinking: true,",
            "  persistAuthorization: true,",
            "  displayRequestDuration: true,",
            "  tryItOutEnabled: false,",
            "  presets: [SwaggerUIBundle.presets.apis],",
            "  layout: 'BaseLayout'",
            "});",
            "</script>",
            "</body>",
            "</html>",
        ]
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
