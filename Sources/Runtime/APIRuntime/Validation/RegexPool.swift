internal import Synchronization

/// Compiled copies of one regular expression, lent out one per match.
///
/// `Regex` is not `Sendable`, so one copy must never run on two threads at once. A single copy behind a lock would
/// make every request that matches the pattern wait for the others' matches; here the lock guards only the lending
/// and returning of copies, and a pool with none idle compiles another, so there are at most as many copies as
/// matches ever ran at once.
final class RegexPool: Sendable {
    /// One compiled copy; the pool hands it to one borrower at a time, which is what makes it safe to send.
    private final class Compiled: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
        init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }
    }

    private let source: String
    private let idle: Mutex<[Compiled]>

    /// `nil` when `source` does not compile (the generator rejects such patterns before code exists).
    init?(_ source: String) {
        guard let first = try? Regex(source) else { return nil }
        self.source = source
        self.idle = Mutex([Compiled(first)])
    }

    /// Whether the expression matches anywhere in `text`, run on a copy nobody else is using. Compiling the same
    /// source again cannot fail once it succeeded; were it to, the text would match nothing (a `422`, not a crash).
    func matches(_ text: String) -> Bool {
        guard let borrowed = idle.withLock({ $0.popLast() }) ?? (try? Regex(source)).map(Compiled.init) else {
            return false
        }
        defer { idle.withLock { $0.append(borrowed) } }
        return (try? borrowed.regex.firstMatch(in: text)) != nil
    }
}
