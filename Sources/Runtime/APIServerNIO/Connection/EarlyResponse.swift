internal import APIRuntime

/// Carries a response decided from a request's head (`Expect: 100-continue`) through the middleware chain, whose
/// innermost step returns it instead of asking the application.
enum EarlyResponse {
    @TaskLocal static var current: HTTPResponse?
}
