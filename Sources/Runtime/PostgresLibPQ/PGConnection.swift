internal import CLibPQ

// @unchecked Sendable: the mutable state (`handle`, the statement cache, the pending statement) is touched by one
// thread at a time: the pool's I/O thread, or the helper it lent the connection to, which hands it back through
// the pool's queue (or, outside the pool, its single user).

/// One libpq connection (`PGconn*`), closed with `PQfinish` in `deinit`.
///
/// Every call here blocks its thread until the server answers, so handlers get a connection only inside
/// `Database.withConnection` or `Database.transaction` (on a helper thread) and must not keep it afterwards. The
/// pool's own statements go through the non-blocking side, `PGConnection+Sending.swift`.
///
/// Statements are prepared once per distinct text (`s1`, `s2`, …) and then executed with their parameters, all in
/// text format; every result is copied into `PostgresRow` values and cleared before the call returns.
package final class PGConnection: @unchecked Sendable {
    /// `nil` once closed.
    private(set) var handle: OpaquePointer?
    /// Statement text → prepared statement name on this connection's backend.
    var statementNames: [String: String] = [:]
    private var preparedCount = 0

    // Dynamically built SQL (filter combinations) could otherwise grow the backend's memory without bound; past
    // this many, statements run unnamed, which costs a parse per call but no server memory.
    private static let maximumPreparedStatements = 512
    // libpq's limit: the protocol counts parameters in 16 bits.
    static let maximumParameterCount = 65_535

    /// How many statements this connection prepares; 0 sends each with its text (for poolers without them).
    private var preparedStatementLimit = PGConnection.maximumPreparedStatements

    /// The statement sent with `send(_:returningRows:)` whose answer has not been read completely yet.
    var pending: PendingStatement?

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Opens a connection to `url` (a `postgresql://` URI or a `key=value` connection string).
    ///
    /// The session uses UTF-8, `TimeZone` UTC and the ISO `DateStyle`, whatever the URL or the server default say,
    /// because decoding relies on them. `connect_timeout` defaults to 5 seconds unless the URL sets it.
    /// - Throws: `PostgresError.connectionFailed`.
    /// - Parameter preparesStatements: whether repeated statements are prepared once per connection (the default);
    ///   off for a pooler that cannot carry them between server connections (PgBouncer before 1.21).
    package static func connect(_ url: String, preparesStatements: Bool = true) throws(PostgresError) -> PGConnection {
        // With expand_dbname, keywords are applied in order and later ones win: those before `dbname` are
        // defaults the URL may override, those after it are forced.
        let keywords: [String?] = ["connect_timeout", "dbname", "client_encoding", nil]
        let values: [String?] = ["5", url, "UTF8", nil]
        let connection = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else { throw .connectionFailed(message: "libpq could not allocate a connection") }
        // Owned from here on, so every early exit below frees it.
        let owner = PGConnection(handle: connection)
        owner.preparedStatementLimit = preparesStatements ? maximumPreparedStatements : 0
        guard PQstatus(connection) == CONNECTION_OK else {
            throw .connectionFailed(message: errorMessage(of: connection))
        }
        // libpq prints server notices ("table does not exist, skipping") to stderr, bypassing the structured log;
        // they never carry anything the application acts on.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        do {
            try owner.applySessionSettings()
        } catch {
            throw .connectionFailed(message: error.diagnosticMessage ?? error.description)
        }
        return owner
    }

    /// Whether the connection is open and libpq has not seen it break.
    package var isHealthy: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Runs one statement and returns its rows (none for a statement without a result set).
    /// - Throws: `PostgresError.queryFailed` when the server rejects it, `.connectionLost` when the connection broke.
    package func query(_ sql: SQL) throws(PostgresError) -> [PostgresRow] {
        try withResult(of: sql) { result in Self.rows(of: result) }
    }

    /// Runs one statement and returns how many rows it inserted, updated, deleted or selected.
    /// - Throws: `PostgresError.queryFailed` when the server rejects it, `.connectionLost` when the connection broke.
    @discardableResult
    package func execute(_ sql: SQL) throws(PostgresError) -> Int {
        try withResult(of: sql, Self.affectedRows)
    }

    /// Runs `text` through the simple query protocol, with no parameters and no statement cache.
    ///
    /// For `BEGIN`/`COMMIT`/`ROLLBACK`, `SET` and migration scripts of several statements; `text` must come from
    /// code or files, never from a request.
    /// - Throws: `PostgresError.queryFailed` when the server rejects it, `.connectionLost` when the connection broke.
    package func simpleExecute(_ text: String) throws(PostgresError) {
        let handle = try openHandle()
        try Self.rejectNULCharacters(in: text, [])
        let result = try check(PQexec(handle, text), on: handle, allowingEmptyQuery: true)
        PQclear(result)
    }

    // MARK: Pool and migrator support

    /// Where the session stands with respect to transactions.
    enum TransactionState {
        case idle
        case inTransaction
        case inFailedTransaction
        /// A statement is running or the state cannot be known (closed or broken connection).
        case unknown
    }

    var transactionState: TransactionState {
        guard let handle else { return .unknown }
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .inFailedTransaction
        default: return .unknown
        }
    }

    /// Whether an idle connection is still usable, judged without a round trip.
    ///
    /// A terminated backend sends a FATAL error and closes its socket while we are idle; reading that pending
    /// input (libpq's socket never blocks) makes libpq notice the end of the stream and mark the connection bad.
    func isStillAlive() -> Bool {
        guard let handle, PQstatus(handle) == CONNECTION_OK else { return false }
        // First read: takes the FATAL message, if any. Parsing it while idle hands it to the (silent) notice
        // processor. Second read: sees the end of the stream that follows it.
        guard PQconsumeInput(handle) == 1 else { return false }
        _ = PQisBusy(handle)
        guard PQconsumeInput(handle) == 1 else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Ends an open transaction, if any, keeping the caller's original error as the one that matters.
    func rollBack() {
        do {
            try simpleExecute("ROLLBACK")
        } catch {
            // Only a broken connection fails to roll back, and then the server has ended the transaction itself;
            // `transactionState` reports it, so the pool closes the connection.
            return
        }
    }

    /// Closes the connection now rather than at `deinit`.
    func close() {
        guard let handle else { return }
        PQfinish(handle)
        self.handle = nil
        statementNames = [:]
    }

    // MARK: Private

    private func applySessionSettings() throws(PostgresError) {
        try simpleExecute("SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, MDY'")
    }

    func openHandle() throws(PostgresError) -> OpaquePointer {
        guard let handle else { throw .connectionLost(message: "the connection is closed") }
        return handle
    }

    /// Runs `sql`, passes its successful result to `consume` and clears the result before returning.
    private func withResult<Value>(
        of sql: SQL,
        _ consume: (OpaquePointer) -> Value
    ) throws(PostgresError) -> Value {
        let handle = try openHandle()
        let text = sql.text
        let parameters = sql.parameters
        try Self.rejectNULCharacters(in: text, parameters)
        guard parameters.count <= Self.maximumParameterCount else {
            throw .queryFailed(sqlState: "54000", constraint: nil, message: "more than 65535 parameters")
        }
        let result = try run(text, parameters, on: handle, retryingStaleStatement: true)
        defer { PQclear(result) }
        return consume(result)
    }

    /// Executes through the prepared-statement cache; a successful result, which the caller clears.
    private func run(
        _ text: String,
        _ parameters: [String?],
        on handle: OpaquePointer,
        retryingStaleStatement: Bool
    ) throws(PostgresError) -> OpaquePointer {
        let count = Int32(parameters.count)
        guard let name = try preparedName(for: text, parameterCount: count, on: handle) else {
            let result = withCStringArray(parameters) { values in
                PQexecParams(handle, text, count, nil, values, nil, nil, 0)
            }
            return try check(result, on: handle)
        }
        let result = withCStringArray(parameters) { values in
            PQexecPrepared(handle, name, count, values, nil, nil, 0)
        }
        do {
            return try check(result, on: handle)
        } catch {
            guard forgetStaleStatement(text, after: error), retryingStaleStatement else { throw error }
            return try run(text, parameters, on: handle, retryingStaleStatement: false)
        }
    }

    /// After `error` from executing the prepared `text`: forgets the names the backend no longer holds, and
    /// answers whether the statement may run once more.
    ///
    /// 26000: the backend lost the statement (DISCARD ALL, DEALLOCATE). 0A000: a table changed shape under a cached
    /// `SELECT *` ("cached plan must not change result type"). Both fail before executing anything, so outside a
    /// transaction the statement can be prepared afresh and run again.
    func forgetStaleStatement(_ text: String, after error: PostgresError) -> Bool {
        switch error.sqlState {
        case "26000": statementNames = [:]
        case "0A000": statementNames[text] = nil
        default: return false
        }
        return transactionState == .idle
    }

    /// How many rows a successful result inserted, updated, deleted or selected.
    static func affectedRows(of result: OpaquePointer) -> Int {
        guard let tuples = PQcmdTuples(result) else { return 0 }
        return Int(String(cString: tuples)) ?? 0
    }

    /// The cached statement name for `text`, preparing it first if needed; `nil` when the cache is full.
    func preparedName(
        for text: String,
        parameterCount: Int32,
        on handle: OpaquePointer
    ) throws(PostgresError) -> String? {
        if let name = statementNames[text] { return name }
        guard let name = reserveStatementName(for: text) else { return nil }
        do {
            PQclear(try check(PQprepare(handle, name, text, parameterCount, nil), on: handle))
        } catch {
            statementNames[text] = nil
            throw error
        }
        return name
    }

    /// A new statement name for `text`, recorded at once (the caller forgets it again if preparing fails); `nil`
    /// when the cache is full.
    func reserveStatementName(for text: String) -> String? {
        guard statementNames.count < preparedStatementLimit else { return nil }
        preparedCount += 1
        let name = "s\(preparedCount)"
        statementNames[text] = name
        return name
    }

    /// The one place libpq results become Swift errors: returns `result` when it succeeded, else clears it and
    /// throws.
    func check(
        _ result: OpaquePointer?,
        on handle: OpaquePointer,
        allowingEmptyQuery: Bool = false
    ) throws(PostgresError) -> OpaquePointer {
        // libpq returns no result when it could not even send the statement, or ran out of memory.
        guard let result else { throw lostOrFailed(on: handle, sqlState: "", constraint: nil) }
        let status = PQresultStatus(result)
        switch status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
            return result
        case PGRES_EMPTY_QUERY where allowingEmptyQuery:
            return result
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            let sqlState = Self.field(DiagnosticField.sqlState, of: result) ?? ""
            let constraint = Self.field(DiagnosticField.constraintName, of: result)
            let message =
                Self.field(DiagnosticField.primaryMessage, of: result)
                ?? PQresultErrorMessage(result).map { String(cString: $0) } ?? ""
            PQclear(result)
            throw lostOrFailed(on: handle, sqlState: sqlState, constraint: constraint, serverMessage: message)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            let name = Self.statusName(status)
            PQclear(result)
            // The backend now waits for COPY data that will never come; the session cannot be used again.
            close()
            throw .unexpectedResult(status: name)
        default:
            let name = Self.statusName(status)
            PQclear(result)
            throw .unexpectedResult(status: name)
        }
    }

    func lostOrFailed(
        on handle: OpaquePointer,
        sqlState: String,
        constraint: String?,
        serverMessage: String? = nil
    ) -> PostgresError {
        guard PQstatus(handle) == CONNECTION_OK else {
            statementNames = [:]
            return .connectionLost(message: Self.errorMessage(of: handle))
        }
        return .queryFailed(
            sqlState: sqlState,
            constraint: constraint,
            message: serverMessage ?? Self.errorMessage(of: handle)
        )
    }

    private static func field(_ code: Int32, of result: OpaquePointer) -> String? {
        PQresultErrorField(result, code).map { String(cString: $0) }
    }

    private static func statusName(_ status: ExecStatusType) -> String {
        PQresStatus(status).map { String(cString: $0) } ?? "unknown"
    }

    private static func errorMessage(of handle: OpaquePointer) -> String {
        guard let message = PQerrorMessage(handle) else { return "" }
        return String(cString: message).trimmingTrailingNewlines()
    }

    /// Copies every value out of `result`, which dies with `PQclear`, into one buffer the rows share.
    static func rows(of result: OpaquePointer) -> [PostgresRow] {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        guard rowCount > 0 else { return [] }
        let columns = (0..<columnCount).map { column in PQfname(result, Int32(column)).map { String(cString: $0) } ?? ""
        }
        var totalLength = 0
        for row in 0..<rowCount {
            for column in 0..<columnCount { totalLength += Int(PQgetlength(result, Int32(row), Int32(column))) }
        }
        var values = PostgresResultValues.Builder(
            columns: columns, cellCount: rowCount * columnCount, byteCount: totalLength)
        for row in Int32(0)..<Int32(rowCount) {
            for column in Int32(0)..<Int32(columnCount) {
                guard PQgetisnull(result, row, column) == 0, let value = PQgetvalue(result, row, column) else {
                    values.append(nil)
                    continue
                }
                // client_encoding is UTF8, so the bytes are valid UTF-8; text output never contains NUL.
                values.append(UnsafeRawBufferPointer(start: value, count: Int(PQgetlength(result, row, column))))
            }
        }
        let shared = values.finish()
        return (0..<rowCount).map { PostgresRow(result: shared, row: $0) }
    }

    /// libpq takes C strings, which would silently cut text at a NUL; PostgreSQL rejects NUL in text with 22021
    /// (character_not_in_repertoire), so the same error is raised here instead of truncating.
    static func rejectNULCharacters(in text: String, _ parameters: [String?]) throws(PostgresError) {
        if text.utf8.contains(0) {
            throw .queryFailed(sqlState: "22021", constraint: nil, message: "statement text contains a NUL character")
        }
        if let position = parameters.firstIndex(where: { $0?.utf8.contains(0) ?? false }) {
            throw .queryFailed(
                sqlState: "22021",
                constraint: nil,
                message: "parameter $\(position + 1) contains a NUL character"
            )
        }
    }
}

/// `PQresultErrorField` codes. libpq defines them as character-literal macros (`PG_DIAG_SQLSTATE` is `'C'`), which
/// Swift does not import.
private enum DiagnosticField {
    static let sqlState = Int32(UInt8(ascii: "C"))
    static let primaryMessage = Int32(UInt8(ascii: "M"))
    static let constraintName = Int32(UInt8(ascii: "n"))
}

/// Calls `body` with a C array of C strings (`nil` entries stay null pointers), valid only during the call.
func withCStringArray<Result>(
    _ strings: [String?],
    _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> Result
) -> Result {
    // One buffer for all the strings, so the pointers stay valid together for the whole call; the bytes are
    // appended as they are (a mapped copy per string was one more allocation per parameter).
    var storage: [UInt8] = []
    storage.reserveCapacity(strings.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 1 })
    var offsets: [Int?] = []
    offsets.reserveCapacity(strings.count)
    for string in strings {
        guard let string else {
            offsets.append(nil)
            continue
        }
        offsets.append(storage.count)
        storage.append(contentsOf: string.utf8)
        storage.append(0)
    }
    return storage.withUnsafeBufferPointer { bytes in
        bytes.withMemoryRebound(to: CChar.self) { buffer in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset.flatMap { buffer.baseAddress?.advanced(by: $0) }
            }
            return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
        }
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}
