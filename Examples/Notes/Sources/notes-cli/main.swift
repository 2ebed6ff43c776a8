import APIClientURLSession
import APIRuntime
import Foundation
import NotesAPI

// notes-cli SERVER_URL list | add TEXT | get ID | delete ID — the Notes API through its generated client.
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: notes-cli SERVER_URL list | add TEXT | get ID | delete ID\n".utf8))
    exit(2)
}
let client = APIClient(serverURL: arguments[0], transport: URLSessionTransport(), middleware: [RetryMiddleware()])

/// Prints a problem the server answered and ends with status 1.
func fail(_ problem: Problem) -> Never {
    FileHandle.standardError.write(Data("notes-cli: \(problem.status) \(problem.detail ?? problem.title)\n".utf8))
    exit(1)
}

switch (arguments[1], arguments.dropFirst(2).first) {
case ("list", _):
    guard case .ok(let notes) = try await client.listNotes() else { fail(Problem(status: 500)) }
    for note in notes { print("\(note.id)\t\(note.pinned ? "*" : " ")\t\(note.text)") }
case ("add", let text?):
    switch try await client.createNote(.init(body: .init(text: text))) {
    case .created(let note): print(note.id)
    case .unprocessableContent(let problem): fail(problem)
    case .undocumented(let response): fail(Problem(status: response.status))
    }
case ("get", let id?):
    switch try await client.getNote(.init(path: .init(id: Int64(id) ?? 0))) {
    case .ok(let note): print(note.text)
    case .notFound(let problem): fail(problem)
    case .undocumented(let response): fail(Problem(status: response.status))
    }
case ("delete", let id?):
    switch try await client.deleteNote(.init(path: .init(id: Int64(id) ?? 0))) {
    case .noContent: break
    case .notFound(let problem): fail(problem)
    case .undocumented(let response): fail(Problem(status: response.status))
    }
default:
    FileHandle.standardError.write(Data("notes-cli: unknown command \(arguments[1])\n".utf8))
    exit(2)
}
