/// One result row, its values copied out of libpq in text format.
///
/// Columns are found by name (the first column of that name wins, so alias duplicates in SQL) or by position:
/// ```swift
/// let id = try row.decode("id", as: Int64.self)
/// let dueAt = try row.decodeIfPresent("due_at", as: Date.self)
/// ```
package struct PostgresRow: Sendable {
    /// The column names and where each is, shared by every row of one result.
    private let layout: PostgresColumns
    /// The values in text format, `nil` for SQL `NULL`, one per column.
    package let values: [String?]

    /// A row as PostgreSQL would return it; for tests of code that reads rows.
    package init(columns: [String], values: [String?]) {
        self.init(layout: PostgresColumns(columns), values: values)
    }

    init(layout: PostgresColumns, values: [String?]) {
        self.layout = layout
        self.values = values
    }

    /// The column names in result order.
    package var columns: [String] { layout.names }

    /// The text of the value at `index`; `nil` for SQL `NULL` and also for an index past the last column.
    package subscript(index: Int) -> String? {
        values.indices.contains(index) ? values[index] : nil
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
        guard values.indices.contains(index) else { throw .unknownColumn("#\(index)") }
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
        guard values.indices.contains(index) else { throw .unknownColumn(column) }
        guard let text = values[index] else { return nil }
        guard let value = Value(postgresText: text) else {
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
