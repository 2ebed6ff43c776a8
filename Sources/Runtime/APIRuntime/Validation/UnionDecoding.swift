/// Decodes a `oneOf` or `anyOf` without a discriminator by trying its member schemas in declared order.
///
/// Each member is tried against a validator of its own, so a member that does not match leaves no issues behind.
/// When none matches, the issues of the member that came closest (fewest issues) are reported under the union's
/// own complaint, so that a `422` still names the offending field.
public struct UnionDecoding<Value> {
    public enum Rule: Sendable {
        /// `oneOf`: exactly one member must match.
        case exactlyOne
        /// `anyOf`: the first member that matches is taken.
        case firstMatch
    }

    private let rule: Rule
    private let coercesText: Bool
    private var tried: [String] = []
    private var matches: [(member: String, value: Value)] = []
    private var closestIssues: [ValidationIssue]?

    public init(_ rule: Rule, _ validator: Validator) {
        self.rule = rule
        coercesText = validator.coercesText
    }

    /// Tries one member, named in messages by `member`, unless an `anyOf` already has its match.
    public mutating func attempt(_ member: String, _ decode: (inout Validator) -> Value?) {
        if rule == .firstMatch, !matches.isEmpty { return }
        tried.append(member)
        var trial = Validator(coercesText: coercesText)
        if let value = decode(&trial) {
            matches.append((member, value))
        } else if closestIssues.map({ trial.issues.count < $0.count }) ?? true {
            closestIssues = trial.issues
        }
    }

    /// The decoded value, or `nil` with the reasons recorded in `validator`.
    public func result(at location: @autoclosure () -> String, _ validator: inout Validator) -> Value? {
        // Text (a query, header, cookie or form value) is read by each member's type, so "5" is a string and an
        // integer at once: there, the first member to match is taken even for `oneOf`.
        if matches.count == 1 || (!matches.isEmpty && (rule == .firstMatch || coercesText)) { return matches[0].value }
        let here = location()
        if matches.isEmpty {
            let quantity = rule == .exactlyOne ? "exactly one" : "at least one"
            validator.fail(here, "must match \(quantity) of: " + tried.joined(separator: ", "))
            // The closest member's complaints help only when they point inside the value.
            if let closestIssues, closestIssues.contains(where: { $0.location != here }) {
                for issue in closestIssues { validator.fail(issue.location, issue.message) }
            }
        } else {
            validator.fail(
                here,
                "must match exactly one of: \(tried.joined(separator: ", ")), but matches "
                    + matches.map(\.member).joined(separator: " and "))
        }
        return nil
    }
}

extension Validator {
    /// The value of a discriminator: `property` of the object `json`, which must be a string among `allowed`.
    public mutating func discriminator(
        _ json: JSONValue,
        at location: @autoclosure () -> String,
        property: String,
        allowed: [String]
    ) -> String? {
        guard let members = object(json, at: location()) else { return nil }
        guard let member = members[property] else {
            missing(at: location() + "." + property)
            return nil
        }
        guard let value = string(member, at: location() + "." + property) else { return nil }
        guard allowed.contains(value) else {
            fail(location() + "." + property, "must be one of: " + allowed.map { "'\($0)'" }.joined(separator: ", "))
            return nil
        }
        return value
    }

    /// `value`, if it is one of `allowed` (an untyped `enum` of several JSON types); the message lists them as JSON.
    public mutating func allowed(
        _ value: JSONValue?,
        _ allowed: [JSONValue],
        at location: @autoclosure () -> String
    ) -> JSONValue? {
        guard let value else { return nil }
        guard allowed.contains(value) else {
            let list = allowed.map { String(decoding: JSONWriter.encode($0), as: UTF8.self) }.joined(separator: ", ")
            fail(location(), allowed.count == 1 ? "must be \(list)" : "must be one of: \(list)")
            return nil
        }
        return value
    }

    /// `value`, if it is one of `allowed` (an `enum` or `const` of numbers or booleans).
    public mutating func allowed<T: Equatable>(
        _ value: T?,
        _ allowed: [T],
        at location: @autoclosure () -> String
    ) -> T? {
        guard let value else { return nil }
        guard allowed.contains(value) else {
            let list = allowed.map { "\($0)" }.joined(separator: ", ")
            fail(location(), allowed.count == 1 ? "must be \(list)" : "must be one of: \(list)")
            return nil
        }
        return value
    }
}
