#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Checks decoded JSON values against schema constraints and collects every violation with its location,
/// so that one `422` lists all of them.
///
/// Locations are autoclosures: building `body.tags[3]` costs an allocation, and the happy path never needs one.
public struct Validator: Sendable {
    public private(set) var issues: [ValidationIssue] = []
    /// Whether scalars arrive as text (path, query, header and form values) and are converted by the schema's type.
    public var coercesText: Bool
    /// Whether a client is reading a response: `readOnly` members are then required where the schema says so,
    /// and `writeOnly` ones are not (a server reading a request, the other way round).
    public var readsResponse: Bool

    public init(coercesText: Bool = false, readsResponse: Bool = false) {
        self.coercesText = coercesText
        self.readsResponse = readsResponse
    }

    public var isValid: Bool { issues.isEmpty }

    public mutating func fail(_ location: String, _ message: String) {
        issues.append(ValidationIssue(location: location, message: message))
    }

    public mutating func missing(at location: @autoclosure () -> String) {
        fail(location(), "is required")
    }

    /// A problem for the `422` response listing every issue.
    public var problem: Problem {
        let detail =
            issues.count == 1 ? "\(issues[0].location): \(issues[0].message)" : "\(issues.count) validation errors"
        return Problem(status: 422, detail: detail, errors: issues)
    }

    // MARK: Containers

    public mutating func object(_ json: JSONValue, at location: @autoclosure () -> String) -> [String: JSONValue]? {
        guard case .object(let members) = json else { return mismatch(json, "an object", at: location()) }
        return members
    }

    public mutating func array<Element>(
        _ json: JSONValue,
        at location: @autoclosure () -> String,
        minItems: Int? = nil,
        maxItems: Int? = nil,
        element: (inout Validator, JSONValue, () -> String) -> Element?
    ) -> [Element]? {
        let items: [JSONValue]
        switch json {
        case .array(let elements):
            items = elements
        // `line[0][x]=1` in a query is an object of index keys, which means an array there.
        case .object(let members) where coercesText && Self.isIndexed(members):
            items = members.sorted { Int($0.key)! < Int($1.key)! }.map(\.value)
        default:
            return mismatch(json, "an array", at: location())
        }
        let before = issues.count
        checkCount(items.count, at: location(), minItems: minItems, maxItems: maxItems)
        var result: [Element] = []
        result.reserveCapacity(items.count)
        // The element's location closure outlives no call; it only defers building the string.
        withoutActuallyEscaping(location) { location in
            for (index, item) in items.enumerated() {
                if let value = element(&self, item, { "\(location())[\(index)]" }) { result.append(value) }
            }
        }
        return issues.count == before ? result : nil
    }

    public mutating func array<Element: Hashable>(
        _ json: JSONValue,
        at location: @autoclosure () -> String,
        minItems: Int? = nil,
        maxItems: Int? = nil,
        uniqueItems: Bool,
        element: (inout Validator, JSONValue, () -> String) -> Element?
    ) -> [Element]? {
        guard let result = array(json, at: location(), minItems: minItems, maxItems: maxItems, element: element) else {
            return nil
        }
        if uniqueItems, Set(result).count != result.count {
            fail(location(), "must not contain duplicate items")
            return nil
        }
        return result
    }

    /// Reports every member not in `known` (`additionalProperties: false`), in key order so messages are stable.
    public mutating func rejectUnknownMembers(
        _ members: [String: JSONValue],
        at location: @autoclosure () -> String,
        known: Set<String>
    ) {
        for key in members.keys.sorted() where !known.contains(key) {
            fail(location() + "." + key, "is not allowed (the schema declares no such member)")
        }
    }

    /// An object whose members all follow one schema (`additionalProperties: {schema}`).
    public mutating func dictionary<Value>(
        _ json: JSONValue,
        at location: @autoclosure () -> String,
        value: (inout Validator, JSONValue, () -> String) -> Value?
    ) -> [String: Value]? {
        guard let members = object(json, at: location()) else { return nil }
        let before = issues.count
        var result: [String: Value] = [:]
        withoutActuallyEscaping(location) { location in
            for (key, member) in members {
                if let decoded = value(&self, member, { "\(location()).\(key)" }) { result[key] = decoded }
            }
        }
        return issues.count == before ? result : nil
    }

    // MARK: Scalars

    public mutating func string(
        _ json: JSONValue,
        at location: @autoclosure () -> String,
        trim: Bool = false,
        minLength: Int? = nil,
        maxLength: Int? = nil,
        maxBytes: Int? = nil,
        pattern: Pattern? = nil,
        format: StringFormat? = nil
    ) -> String? {
        guard case .string(var text) = json else { return mismatch(json, "a string", at: location()) }
        if trim { text = Self.trimmed(text) }
        let before = issues.count
        // PostgreSQL text cannot hold U+0000, so it is refused here rather than failing in the database; the
        // other checks would only repeat the complaint (the spec states the rule as a pattern too).
        if text.utf8.contains(0) {
            fail(location(), "must not contain NUL characters")
            return nil
        }
        if minLength != nil || maxLength != nil {
            // JSON Schema lengths count Unicode code points, not grapheme clusters or UTF-16 units.
            let length = text.unicodeScalars.count
            if let minLength, length < minLength {
                fail(location(), "must be at least \(minLength) character\(minLength == 1 ? "" : "s") long")
            }
            if let maxLength, length > maxLength {
                fail(location(), "must be at most \(maxLength) character\(maxLength == 1 ? "" : "s") long")
            }
        }
        if let maxBytes, text.utf8.count > maxBytes { fail(location(), "must be at most \(maxBytes) bytes in UTF-8") }
        if let pattern, !pattern.matches(text) { fail(location(), "must match the pattern '\(pattern.source)'") }
        if let format, !format.accepts(text) { fail(location(), format.expectation) }
        return issues.count == before ? text : nil
    }

    public mutating func int64(
        _ json: JSONValue,
        at location: @autoclosure () -> String,
        minimum: Int64? = nil,
        maximum: Int64? = nil,
        exclusiveMinimum: Int64? = nil,
        exclusiveMaximum: Int64? = nil,
        multipleOf: Double? = nil
    ) -> Int64? {
        let number: Int64
        switch json {
        case .int(let value): number = value
        // JSON Schema counts 5.0 as an integer.
        case .double(let value) where value.rounded() == value && abs(value) < 9.2e18: number = Int64(value)
        case .string(let text) where coercesText:
            guard let value = Int64(text) else { return mismatch(json, "an integer", at: location()) }
            number = value
        default: return mismatch(json, "an integer", at: location())
        }
        let before = issues.count
        checkBounds(number, at: location(), minimum, maximum, exclusiveMinimum, exclusiveMaximum)
        if let multipleOf { checkMultiple(Double(number), of: multipleOf, at: location()) }
        return issues.count == before ? number : nil
    }

    public mutating func int32(
        _ json: JSONValue,
        at location: @autoclosure () -> String,
        minimum: Int64? = nil,
        maximum: Int64? = nil,
        exclusiveMinimum: Int64? = nil,
        exclusiveMaximum: Int64? = nil,
        multipleOf: Double? = nil
    ) -> Int32? {
        let lower = max(minimum ?? Int64(Int32.min), Int64(Int32.min))
        let upper = min(maximum ?? Int64(Int32.max), Int64(Int32.max))
        let value = int64(
            json, at: location(), minimum: lower, maximum: upper,
            exclusiveMinimum: exclusiveMinimum, exclusiveMaximum: exclusiveMaximum, multipleOf: multipleOf
        )
        return value.map { Int32(truncatingIfNeeded: $0) }
    }

    public mutating func double(
        _ json: JSONValue,
        at location: @autoclosure () -> String,
        minimum: Double? = nil,
        maximum: Double? = nil,
        exclusiveMinimum: Double? = nil,
        exclusiveMaximum: Double? = nil,
        multipleOf: Double? = nil
    ) -> Double? {
        let number: Double
        switch json {
        case .int(let value): number = Double(value)
        case .double(let value): number = value
        case .string(let text) where coercesText:
            guard let value = Double(text), value.isFinite else { return mismatch(json, "a number", at: location()) }
            number = value
        default: return mismatch(json, "a number", at: location())
        }
        let before = issues.count
        checkBounds(number, at: location(), minimum, maximum, exclusiveMinimum, exclusiveMaximum)
        if let multipleOf { checkMultiple(number, of: multipleOf, at: location()) }
        return issues.count == before ? number : nil
    }

    public mutating func bool(_ json: JSONValue, at location: @autoclosure () -> String) -> Bool? {
        switch json {
        case .bool(let value): return value
        case .string("true") where coercesText: return true
        case .string("false") where coercesText: return false
        default: return mismatch(json, "a boolean", at: location())
        }
    }

    /// An RFC 3339 `date-time`; any offset is accepted and the result is an absolute instant.
    public mutating func dateTime(_ json: JSONValue, at location: @autoclosure () -> String) -> Date? {
        guard case .string(let text) = json else { return mismatch(json, "a string", at: location()) }
        guard let date = RFC3339.parse(text) else {
            fail(location(), "must be an RFC 3339 date-time such as 2026-11-24T18:23:00Z")
            return nil
        }
        return date
    }

    /// A string that must be one of `allowed`; `T` is a generated string enum.
    public mutating func enumeration<T: RawRepresentable<String>>(
        _ json: JSONValue,
        at location: @autoclosure () -> String,
        allowed: [String]
    ) -> T? {
        guard let text = string(json, at: location()) else { return nil }
        guard let value = T(rawValue: text) else {
            fail(location(), "must be one of: " + allowed.map { "'\($0)'" }.joined(separator: ", "))
            return nil
        }
        return value
    }

    // MARK: Helpers

    private mutating func mismatch<T>(_ json: JSONValue, _ expected: String, at location: String) -> T? {
        fail(location, json == .null ? "must not be null" : "must be \(expected)")
        return nil
    }

    private mutating func checkCount(_ count: Int, at location: String, minItems: Int?, maxItems: Int?) {
        if let minItems, count < minItems {
            fail(location, "must have at least \(minItems) item\(minItems == 1 ? "" : "s")")
        }
        if let maxItems, count > maxItems {
            fail(location, "must have at most \(maxItems) item\(maxItems == 1 ? "" : "s")")
        }
    }

    private mutating func checkBounds<T: Comparable>(
        _ value: T,
        at location: String,
        _ minimum: T?,
        _ maximum: T?,
        _ exclusiveMinimum: T?,
        _ exclusiveMaximum: T?
    ) {
        if let minimum, value < minimum { fail(location, "must be greater than or equal to \(minimum)") }
        if let maximum, value > maximum { fail(location, "must be less than or equal to \(maximum)") }
        if let exclusiveMinimum, value <= exclusiveMinimum {
            fail(location, "must be greater than \(exclusiveMinimum)")
        }
        if let exclusiveMaximum, value >= exclusiveMaximum { fail(location, "must be less than \(exclusiveMaximum)") }
    }

    /// Whether `value / factor` is whole, allowing for binary fractions: 0.3 is a multiple of 0.1.
    private mutating func checkMultiple(_ value: Double, of factor: Double, at location: String) {
        let quotient = value / factor
        guard quotient.isFinite, abs(quotient - quotient.rounded()) > 1e-9 * max(1, abs(quotient)) else { return }
        fail(location, "must be a multiple of \(factor)")
    }

    /// Keys `0` … `n - 1`, as `deepObject` query parameters write an array.
    private static func isIndexed(_ members: [String: JSONValue]) -> Bool {
        !members.isEmpty
            && members.keys.allSatisfy { key in Int(key).map { (0..<members.count).contains($0) } ?? false }
    }

    /// Without the Unicode White_Space scalars at either end. Scalar by scalar, not by Character, so that it means
    /// what the pattern the served document implies for `x-trim` says (`[^<White_Space>]`) and what JSON Schema
    /// lengths count: a combining mark after a leading space stays.
    private static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
