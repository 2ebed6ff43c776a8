import APIRuntime
import NotesAPI
import Synchronization

/// The whole application: the generated protocol, implemented over an in-memory list. Input arrives decoded and
/// checked (a `text` of 501 characters never gets here), and each answer is one of the documented responses.
final class NotesHandler: APIHandler, Sendable {
    private let notes = Mutex<[Schemas.Note]>([])

    func listNotes(_ input: Operations.ListNotes.Input) async throws -> Operations.ListNotes.Output {
        .ok(notes.withLock { Array($0.reversed().prefix(Int(input.query.limit))) })
    }

    func createNote(_ input: Operations.CreateNote.Input) async throws -> Operations.CreateNote.Output {
        let note = notes.withLock { notes in
            let note = Schemas.Note(id: (notes.last?.id ?? 0) + 1, text: input.body.text, pinned: input.body.pinned)
            notes.append(note)
            return note
        }
        return .created(note)
    }

    func getNote(_ input: Operations.GetNote.Input) async throws -> Operations.GetNote.Output {
        guard let note = notes.withLock({ $0.first { $0.id == input.path.id } }) else {
            return .notFound(Problem(status: 404, detail: "No note \(input.path.id)."))
        }
        return .ok(note)
    }

    func deleteNote(_ input: Operations.DeleteNote.Input) async throws -> Operations.DeleteNote.Output {
        let removed = notes.withLock { notes in
            notes.firstIndex { $0.id == input.path.id }.map { notes.remove(at: $0) } != nil
        }
        return removed ? .noContent : .notFound(Problem(status: 404, detail: "No note \(input.path.id)."))
    }
}
