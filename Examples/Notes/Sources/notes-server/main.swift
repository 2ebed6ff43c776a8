import APIServerNIO
import Logging
import NotesAPI

// notes-server [PORT]: serves the Notes API on 127.0.0.1 (default port 8080) until interrupted.
let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 8080
let router = APIRouter(handler: NotesHandler())
let server = HTTPServer(
    configuration: .init(host: "127.0.0.1", port: port),
    logger: Logger(label: "notes-server"),
    onListening: { port in print("notes-server: listening on http://127.0.0.1:\(port)") },
    responseBeforeBody: { request in await router.responseBeforeBody(to: request) },
    responder: { request in try await router.respond(to: request) }
)
try await server.run()
