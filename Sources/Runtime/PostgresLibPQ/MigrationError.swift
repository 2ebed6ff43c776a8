/// Why migrations could not be applied or listed.
///
/// Meant for the operator running the server or CI, so unlike `PostgresError` the description includes the
/// server's message (migration scripts are code, not user data). It must still never reach an HTTP client.
package enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The migrations directory is missing or unreadable.
    case unreadableDirectory(String)
    /// A file in the directory is not named `NNNN_lowercase_words.sql`.
    case invalidFileName(String)
    /// Two files share one version number.
    case duplicateVersion(String, String)
    /// A migration file could not be read or is not UTF-8.
    case unreadableFile(String)
    /// A file that was already applied has changed since.
    case checksumMismatch(String)
    /// A script ended the migration's transaction itself (`COMMIT`, `ROLLBACK`); statements that cannot run in a
    /// transaction, such as `CREATE INDEX CONCURRENTLY`, are not supported.
    case endedTransaction(String)
    /// The database rejected a migration or the bookkeeping around it; the file name is empty for bookkeeping.
    case failed(String, PostgresError)

    /// A one-line explanation naming the file.
    package var description: String {
        switch self {
        case .unreadableDirectory(let path):
            "cannot read the migrations directory '\(path)'"
        case .invalidFileName(let name):
            "migration file '\(name)' is not named NNNN_description.sql (lowercase letters, digits and underscores)"
        case .duplicateVersion(let first, let second):
            "migration files '\(first)' and '\(second)' have the same version number"
        case .unreadableFile(let name):
            "cannot read migration file '\(name)' as UTF-8 text"
        case .checksumMismatch(let name):
            "migration file '\(name)' was changed after it was applied; add a new migration instead of editing it"
        case .endedTransaction(let name):
            "migration file '\(name)' ended its own transaction; remove BEGIN/COMMIT/ROLLBACK from it"
        case .failed(let name, let error):
            (name.isEmpty ? "recording migrations failed: " : "migration file '\(name)' failed: ")
                + (error.diagnosticMessage.map { "\(error.description): \($0)" } ?? error.description)
        }
    }
}
