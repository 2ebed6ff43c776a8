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
        var builder = PostgresResultValues.Builder(
            columns: columns, cellCount: values.count, byteCount: values.reduce(0) { $0 + ($1?.utf8.count ?? 0) })
        for value in values {
            guard let value else {
                builder.append(nil)
                continue
            }
            Array(value.utf8).withUnsafeBytes { builder.append($0) }
        }
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
        return result.text(row: row, column: index)
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
        // Generic only in the one call that makes the value. Callers in other modules run this unspecialised, and
        // the generic closures and `Value??` it used to build each looked up their type metadata in the runtime's
        // hash table, for every value: 7 % of the server's CPU time on a mixed load.
        guard let bytes = result.value(row: row, column: index) else { return nil }
        guard let value = Value(postgresBytes: bytes) else {
            throw .typeMismatch(column: column, expected: Value.postgresTypeName)
        }
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
final class PostgresResultValues: @unchecked Sendable {
    // @unchecked: `bytes` is written once, before `init` returns, and only read afterwards.

    let layout: PostgresColumns
    /// Owned and freed by this object, so a value's bytes stay where they are for as long as a row holds it.
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    /// Per value, row by row: where it starts in `bytes` and its length, or a length of -1 for SQL `NULL`.
    private let cells: [(start: Int, length: Int)]

    private init(layout: PostgresColumns, bytes: UnsafeMutableBufferPointer<UInt8>, cells: [(start: Int, length: Int)])
    {
        self.layout = layout
        self.bytes = bytes
        self.cells = cells
    }

    deinit {
        bytes.deallocate()
    }

    /// The value's bytes, valid while this object lives; `nil` for SQL `NULL`.
    func value(row: Int, column: Int) -> UnsafeBufferPointer<UInt8>? {
        let cell = cells[row * layout.names.count + column]
        guard cell.length >= 0 else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[cell.start..<(cell.start + cell.length)])
    }

    /// The value's bytes as a `String`; `nil` for SQL `NULL`.
    func text(row: Int, column: Int) -> String? {
        value(row: row, column: column).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Collects values row by row, each column in order, into a buffer of the size given up front (libpq tells
    /// it), which the finished result then owns: one allocation for all the bytes, no copy after the first.
    struct Builder: ~Copyable {
        private let layout: PostgresColumns
        private let bytes: UnsafeMutableBufferPointer<UInt8>
        private var used = 0
        private var cells: [(start: Int, length: Int)] = []

        init(columns: [String], cellCount: Int, byteCount: Int) {
            layout = PostgresColumns(columns)
            bytes = .allocate(capacity: byteCount)
            cells.reserveCapacity(cellCount)
        }

        /// The next value; `nil` for SQL `NULL`. All values together must fit in `byteCount`.
        mutating func append(_ value: UnsafeRawBufferPointer?) {
            guard let value else {
                cells.append((start: used, length: -1))
                return
            }
            precondition(used + value.count <= bytes.count, "more bytes than the builder was sized for")
            cells.append((start: used, length: value.count))
            UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: bytes[used...])).copyMemory(from: value)
            used += value.count
        }

        consuming func finish() -> PostgresResultValues {
            PostgresResultValues(layout: layout, bytes: bytes, cells: cells)
        }
    }
}
