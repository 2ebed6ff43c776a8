internal import CLibPQ

/// What one statement answered: its rows, or how many rows it affected.
enum StatementOutput: Sendable {
    case rows([PostgresRow])
    case count(Int)
}

/// A statement on its way through libpq's asynchronous interface: sent, and perhaps prepared first.
struct PendingStatement {
    let text: String
    let parameters: [String?]
    let returnsRows: Bool
    /// The name it runs under, or `nil` for the unnamed statement (the cache is full).
    var name: String?
    /// The answer now awaited is the one to `PQsendPrepare`; the statement itself is sent once it comes.
    var isPreparing: Bool
    /// Whether a statement the backend no longer knows may be prepared and sent once more.
    var mayRetryStale = true
    /// The statement's result, kept until libpq says the command is complete.
    var result: Result<OpaquePointer, PostgresError>?
}

/// The non-blocking side of `PGConnection`, for `Database`'s I/O thread: `send` a statement, then `receive` each
/// time the socket is readable (and `flush` while it wants to write) until the answer is complete. The socket
/// never blocks the thread, so one thread serves every connection of the pool.
///
/// The blocking calls (`query`, `execute`, `simpleExecute`) stay usable on the same connection between statements:
/// libpq's `PQexec` family blocks whatever the connection's mode.
extension PGConnection {
    /// The connection's socket, to poll; -1 when closed.
    var socket: Int32 {
        guard let handle else { return -1 }
        return PQsocket(handle)
    }

    /// Puts the socket into non-blocking mode, once after connecting.
    func makeNonBlocking() throws(PostgresError) {
        let handle = try openHandle()
        guard PQsetnonblocking(handle, 1) == 0 else { throw lostOrFailed(on: handle, sqlState: "", constraint: nil) }
    }

    /// Sends `sql` (prepared first the first time its text is seen) without waiting for the answer.
    /// - Throws: what `query(_:)` throws before sending anything: a NUL character, too many parameters, a closed or
    ///   broken connection.
    func send(_ sql: SQL, returningRows: Bool) throws(PostgresError) {
        precondition(pending == nil, "one statement at a time")
        let handle = try openHandle()
        // Both are computed from the statement's pieces: once each.
        let text = sql.text
        let parameters = sql.parameters
        try Self.rejectNULCharacters(in: text, parameters)
        guard parameters.count <= Self.maximumParameterCount else {
            throw .queryFailed(sqlState: "54000", constraint: nil, message: "more than 65535 parameters")
        }
        var statement = PendingStatement(
            text: text, parameters: parameters, returnsRows: returningRows, name: nil, isPreparing: false)
        try start(&statement, on: handle)
        pending = statement
    }

    /// Writes what libpq still holds of the request. Returns whether everything is out; `false` means: poll for
    /// writability and call again.
    /// - Throws: `PostgresError.connectionLost`.
    func flush() throws(PostgresError) -> Bool {
        let handle = try openHandle()
        switch PQflush(handle) {
        case 0: return true
        case 1: return false
        default: throw lostOrFailed(on: handle, sqlState: "", constraint: nil)
        }
    }

    /// Reads what has arrived. Returns the statement's outcome once its answer is complete, `nil` while more is to
    /// come. A stale prepared statement is prepared and sent again here, once.
    func receive() -> Result<StatementOutput, PostgresError>? {
        guard var statement = pending else { return nil }
        do throws(PostgresError) {
            let handle = try openHandle()
            guard PQconsumeInput(handle) == 1 else { throw lostOrFailed(on: handle, sqlState: "", constraint: nil) }
            while PQisBusy(handle) == 0 {
                guard let result = PQgetResult(handle) else {
                    // The command is complete.
                    if let outcome = try finishCommand(&statement, on: handle) {
                        pending = nil
                        return outcome
                    }
                    continue
                }
                // The extended protocol answers a command with one result; anything more is dropped.
                guard statement.result == nil else {
                    PQclear(result)
                    continue
                }
                do throws(PostgresError) {
                    statement.result = .success(try check(result, on: handle))
                } catch {
                    statement.result = .failure(error)
                    // `check` closes a connection that a COPY left waiting for data: nothing more will come.
                    if self.handle == nil { throw error }
                }
            }
            pending = statement
            return nil
        } catch {
            if case .success(let result) = statement.result { PQclear(result) }
            pending = nil
            return .failure(error)
        }
    }

    /// Forgets the statement in flight after a failure, clearing a result that had already arrived.
    func abandonPending() {
        if case .success(let result)? = pending?.result { PQclear(result) }
        pending = nil
    }

    // MARK: Private

    /// Sends the statement, or its `PQsendPrepare` first when its text has no name on this connection yet.
    private func start(_ statement: inout PendingStatement, on handle: OpaquePointer) throws(PostgresError) {
        let count = Int32(statement.parameters.count)
        if let name = statementNames[statement.text] {
            statement.name = name
            statement.isPreparing = false
            try sendPrepared(statement, on: handle)
        } else if let name = reserveStatementName(for: statement.text) {
            statement.name = name
            statement.isPreparing = true
            guard PQsendPrepare(handle, name, statement.text, count, nil) == 1 else {
                statementNames[statement.text] = nil
                throw lostOrFailed(on: handle, sqlState: "", constraint: nil)
            }
        } else {
            statement.name = nil
            statement.isPreparing = false
            let sent = withCStringArray(statement.parameters) { values in
                PQsendQueryParams(handle, statement.text, count, nil, values, nil, nil, 0)
            }
            guard sent == 1 else { throw lostOrFailed(on: handle, sqlState: "", constraint: nil) }
        }
    }

    private func sendPrepared(_ statement: PendingStatement, on handle: OpaquePointer) throws(PostgresError) {
        let count = Int32(statement.parameters.count)
        let sent = withCStringArray(statement.parameters) { values in
            PQsendQueryPrepared(handle, statement.name, count, values, nil, nil, 0)
        }
        guard sent == 1 else { throw lostOrFailed(on: handle, sqlState: "", constraint: nil) }
    }

    /// At the end of one command: the outcome when it was the statement itself, or `nil` when the statement has
    /// just been sent after its preparation (or again after it went stale).
    private func finishCommand(
        _ statement: inout PendingStatement,
        on handle: OpaquePointer
    ) throws(PostgresError) -> Result<StatementOutput, PostgresError>? {
        let outcome = statement.result ?? .failure(lostOrFailed(on: handle, sqlState: "", constraint: nil))
        statement.result = nil
        if statement.isPreparing {
            switch outcome {
            case .success(let result):
                PQclear(result)
                statement.isPreparing = false
                try sendPrepared(statement, on: handle)
                return nil
            case .failure(let error):
                statementNames[statement.text] = nil
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let result):
            defer { PQclear(result) }
            if statement.returnsRows { return .success(.rows(Self.rows(of: result))) }
            return .success(.count(Self.affectedRows(of: result)))
        case .failure(let error):
            guard forgetStaleStatement(statement.text, after: error), statement.mayRetryStale else {
                return .failure(error)
            }
            statement.mayRetryStale = false
            try start(&statement, on: handle)
            return nil
        }
    }
}
