/// A failure talking to PostgreSQL or reading its answer.
///
/// `description` is generic on purpose, as postgres-nio's `PSQLError`: it never contains SQL text, parameter
/// values or connection details. The server's own words are in `diagnosticMessage`, for the server log only —
/// they may quote values (`invalid input syntax for type bigint: "abc"`) and must never reach a client.
package enum PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be opened: the server is down, refuses us, or the URL is wrong.
    case connectionFailed(message: String)
    /// The connection broke while in use, e.g. the backend was terminated or the server restarted.
    case connectionLost(message: String)
    /// The server rejected the statement. `sqlState` is empty when libpq itself raised the error.
    case queryFailed(sqlState: String, constraint: String?, message: String)
    /// The statement produced a result this wrapper does not handle, such as `COPY`; `status` is libpq's name.
    case unexpectedResult(status: String)
    /// A column decoded as non-optional was `NULL`.
    case unexpectedNull(column: String)
    /// A column's text is not a value of the requested type; `expected` names the PostgreSQL type.
    case typeMismatch(column: String, expected: String)
    /// The row has no column of that name (or position, written `#n`).
    case unknownColumn(String)
    /// No connection became free within the pool's wait limit.
    case poolTimeout
    /// The pool was shut down.
    case poolClosed

    /// A one-line explanation without SQL, parameter values or connection details.
    package var description: String {
        switch self {
        case .connectionFailed:
            "could not connect to PostgreSQL"
        case .connectionLost:
            "the connection to PostgreSQL was lost"
        case .queryFailed(let sqlState, let constraint, _):
            if let constraint {
                "PostgreSQL statement failed (SQLSTATE \(sqlState), constraint \(constraint))"
            } else if sqlState.isEmpty {
                "PostgreSQL statement failed in libpq"
            } else {
                "PostgreSQL statement failed (SQLSTATE \(sqlState))"
            }
        case .unexpectedResult(let status):
            "PostgreSQL returned an unsupported result (\(status))"
        case .unexpectedNull(let column):
            "column '\(column)' is NULL"
        case .typeMismatch(let column, let expected):
            "column '\(column)' does not hold a \(expected) value"
        case .unknownColumn(let column):
            "the result has no column '\(column)'"
        case .poolTimeout:
            "timed out waiting for a free database connection"
        case .poolClosed:
            "the database connection pool is shut down"
        }
    }

    /// libpq's or the server's explanation, for the server log only; `nil` for errors raised by this wrapper.
    package var diagnosticMessage: String? {
        switch self {
        case .connectionFailed(let message), .connectionLost(let message), .queryFailed(_, _, let message):
            message
        default:
            nil
        }
    }

    /// The five-character SQLSTATE of a failed statement.
    package var sqlState: String? {
        guard case .queryFailed(let sqlState, _, _) = self, !sqlState.isEmpty else { return nil }
        return sqlState
    }

    /// The constraint a failed statement violated, when the server named one.
    package var constraint: String? {
        guard case .queryFailed(_, let constraint, _) = self else { return nil }
        return constraint
    }

    /// A `UNIQUE` or primary-key constraint was violated (SQLSTATE 23505).
    package var isUniqueViolation: Bool {
        sqlState == "23505"
    }

    /// The database could not be reached or dropped the connection: retrying later may succeed.
    ///
    /// True for connection failures and losses, SQLSTATE class 08 (connection exception), 57P01 (admin shutdown),
    /// 57P02 (crash shutdown) and 57P03 (cannot connect now).
    package var isConnectionProblem: Bool {
        switch self {
        case .connectionFailed, .connectionLost:
            return true
        default:
            guard let sqlState else { return false }
            return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
        }
    }

    /// The database cannot serve right now — a connection problem, or the pool is exhausted or shut down — so the
    /// request deserves `503` with `Retry-After` rather than `500`.
    package var isServiceUnavailable: Bool {
        switch self {
        case .poolTimeout, .poolClosed: true
        default: isConnectionProblem
        }
    }

    /// The transaction lost a race (SQLSTATE 40001 serialization failure or 40P01 deadlock) and may be retried.
    package var isSerializationFailure: Bool {
        sqlState == "40001" || sqlState == "40P01"
    }

    /// The connection died under a statement (as opposed to never opening), so the statement may not have run.
    var isLostConnection: Bool {
        if case .connectionLost = self { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || sqlState == "57P01" || sqlState == "57P02"
    }
}
