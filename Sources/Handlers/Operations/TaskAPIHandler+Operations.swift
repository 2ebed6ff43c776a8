import APIRuntime
package import Generated
import PostgresLibPQ

extension TaskAPIHandler {
    package func health(_ input: Operations.Health.Input) async throws -> Operations.Health.Output {
        .ok(Schemas.HealthStatus(status: "ok"))
    }

    package func metrics(
        _ input: Operations.Metrics.Input, principal: AuthenticatedUser?
    ) async throws -> Operations.Metrics.Output {
        if metricsToken != nil, principal != .metricsScraper {
            return .unauthorized(
                Problem(status: 401, detail: "The metrics need the server's metrics token"), wwwAuthenticate: "Bearer")
        }
        return .ok(metricsExposition())
    }

    package func ready(_ input: Operations.Ready.Input) async throws -> Operations.Ready.Output {
        guard await database.ping() else {
            return .serviceUnavailable(Problem(status: 503, detail: "The database is unavailable"), retryAfter: 5)
        }
        return .ok(Schemas.HealthStatus(status: "ok"))
    }

    package func docs(_ input: Operations.Docs.Input) async throws -> Operations.Docs.Output {
        .ok(docsSite.page, contentSecurityPolicy: docsSite.contentSecurityPolicy)
    }

    package func docsScript(_ input: Operations.DocsScript.Input) async throws -> Operations.DocsScript.Output {
        let file = try DocsSite.builtIn.get().script
        if let ifNoneMatch = input.headers.ifNoneMatch, EntityTagCondition(ifNoneMatch).matchesWeakly(file.entityTag) {
            return .notModified(eTag: file.entityTag.headerValue)
        }
        return .ok(file.text, eTag: file.entityTag.headerValue, cacheControl: DocsSite.cacheControl)
    }

    package func docsStylesheet(
        _ input: Operations.DocsStylesheet.Input
    ) async throws -> Operations.DocsStylesheet.Output {
        let file = try DocsSite.builtIn.get().stylesheet
        if let ifNoneMatch = input.headers.ifNoneMatch, EntityTagCondition(ifNoneMatch).matchesWeakly(file.entityTag) {
            return .notModified(eTag: file.entityTag.headerValue)
        }
        return .ok(file.text, eTag: file.entityTag.headerValue, cacheControl: DocsSite.cacheControl)
    }

    package func openapiJSON(_ input: Operations.OpenapiJSON.Input) async throws -> Operations.OpenapiJSON.Output {
        .ok(specJSON)
    }

    package func openapiYAML(_ input: Operations.OpenapiYAML.Input) async throws -> Operations.OpenapiYAML.Output {
        .ok(OpenAPISpec.yaml)
    }
}
