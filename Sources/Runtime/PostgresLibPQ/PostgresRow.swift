/// One result row, its values copied out of libpq in text format (into one buffer for the whole result).
///
/// Columns are found by name (the first column of that name wins, so alias duplicates in SQL) or by position:
/// ```swift
/// let id = try row.decode("id", as: Int64.self)
/// let dueAt = try row.decodeIfPresent("due_at", as: Date.self)
/// ```
package struct PostgresRow: Sendable {
    /// Every value of the result this row belongs to.
    private let result: PostgresResultValues
    /// This row's number in the result.
    private let row: Int

    /// A row as PostgreSQL would return it; for tests of code that reads rows.
    package init(columns: [String], values: [String?]) {
        var builder = PostgresResultValues.Builder(columns: columns)
        for value in values { builder.append(value.map { Array($0.utf8) }) }
        self.init(result: builder.finish(), row: 0)
    }

    init(result: PostgresResultValues, row: Int) {
        self.result = result
        self.row = row
    }

    private var layout: PostgresColumns { result.layout }

    /// The column names in result order.
    package var columns: [String] { layout.names }

    /// The text of the value at `index`; `nil` for SQL `NULL` and also for an index past the last column.
    package subscript(index: Int) -> String? {
        guard layout.names.indices.contains(index) else { return nil }
        return result.withValue(row: row, column: index) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// The value of `column`, which must not be `NULL`.
    /// - Throws: `PostgresError.unknownColumn`, `.unexpectedNull` or `.typeMismatch`.
    package func decode<Value: PostgresDecodable>(
        _ column: String,
        as type: Value.Type = Value.self
    ) throws(PostgresError) -> Value {
        guard let value = try decodeIfPresent(column, as: type) else { throw .unexpectedNull(column: column) }
        return value
    }

    /// The value of `column`, or `nil` when it is `NULL`.
    /// - Throws: `PostgresError.unknownColumn` or `.typeMismatch`.
    package func decodeIfPresent<Value: PostgresDecodable>(
        _ column: String,
        as type: Value.Type = Value.self
    ) throws(PostgresError) -> Value? {
        guard let index = layout.positions[column] else { throw .unknownColumn(column) }
        return try decodeValue(at: index, named: column, as: type)
    }

    /// The value at position `index`, which must not be `NULL`.
    /// - Throws: `PostgresError.unknownColumn`, `.unexpectedNull` or `.typeMismatch`.
    package func decode<Value: PostgresDecodable>(
        _ index: Int,
        as type: Value.Type = Value.self
    ) throws(PostgresError) -> Value {
        guard let value = try decodeIfPresent(index, as: type) else {
            throw .unexpectedNull(column: columnName(at: index))
        }
        return value
    }

    /// The value at position `index`, or `nil` when it is `NULL`.
    /// - Throws: `PostgresError.unknownColumn` or `.typeMismatch`.
    package func decodeIfPresent<Value: PostgresDecodable>(
        _ index: Int,
        as type: Value.Type = Value.self
    ) throws(PostgresError) -> Value? {
        guard layout.names.indices.contains(index) else { throw .unknownColumn("#\(index)") }
        return try decodeValue(at: index, named: columnName(at: index), as: type)
    }

    private func columnName(at index: Int) -> String {
        columns.indices.contains(index) ? columns[index] : "#\(index)"
    }

    private func decodeValue<Value: PostgresDecodable>(
        at index: Int,
        named column: String,
        as type: Value.Type
    ) throws(PostgresError) -> Value? {
        guard layout.names.indices.contains(index) else { throw .unknownColumn(column) }
        // Decoded from the result's bytes in place: no `String` is made unless the value is one.
        let decoded: Value?? = result.withValue(row: row, column: index) { bytes in
            bytes.map(Value.init(postgresBytes:))
        }
        guard let decoded else { return nil }
        guard let value = decoded else { throw .typeMismatch(column: column, expected: Value.postgresTypeName) }
        return value
    }
}

/// The columns of one result: their names and, built once for all its rows, where each name is (the first column
/// of a name wins), so that decoding by name is a hash lookup instead of a scan of every name.
final class PostgresColumns: Sendable {
    let names: [String]
    let positions: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        positions.reserveCapacity(names.count)
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }
}

/// Every value of one result in text format, copied out of libpq into one buffer with one offset table, so a result
/// of any size costs a handful of allocations instead of one per value; rows read their values from it in place.
final class PostgresResultValues: Sendable {
    let layout: PostgresColumns
    private let bytes: [UInt8]
    /// Per value, row by row: where it starts in `bytes` and its length, or a length of -1 for SQL `NULL`.
    private let cells: [(start: Int, length: Int)]

    private init(layout: PostgresColumns, bytes: [UInt8], cells: [(start: Int, length: Int)]) {
        self.layout = layout
        self.bytes = bytes
        self.cells = cells
    }

    /// Runs `body` with the value's bytes, or with `nil` for SQL `NULL`.
    func withValue<Result>(row: Int, column: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> Result) -> Result {
        let cell = cells[row * layout.names.count + column]
        guard cell.length >= 0 else { return body(nil) }
        return bytes.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[cell.start..<(cell.start + cell.length)]))
        }
    }

    /// Collects values row by row, each column in order.
    struct Builder {
        private let layout: PostgresColumns
        private var bytes: [UInt8] = []
        private var cells: [(start: Int, length: Int)] = []

        init(columns: [String], expectedCells: Int = 0, expectedBytes: Int = 0) {
            layout = PostgresColumns(columns)
            cells.reserveCapacity(expectedCells)
            bytes.reserveCapacity(expectedBytes)
        }

        /// The next value; `nil` for SQL `NULL`.
        mutating func append(_ value: (some Collection<UInt8>)?) {
            guard let value else {
                cells.append((start: bytes.count, length: -1))
                return
            }
            cells.append((start: bytes.count, length: value.count))
            bytes.append(contentsOf: value)
        }

        func finish() -> PostgresResultValues {
            PostgresResultValues(layout: layout, bytes: bytes, cells: cells)
        }
    }
}
