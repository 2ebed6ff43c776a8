/// How the plan's typed values are spelled in Swift source.
extension ValueKind {
    var swiftType: String {
        switch self {
        case .string: "String"
        case .int64: "Int64"
        case .int32: "Int32"
        case .double: "Double"
        case .bool: "Bool"
        case .dateTime: "Date"
        case .named(let name): name
        case .array(let element, _, _, _): "[\(element.swiftType)]"
        case .dictionary(let value): "[String: \(value.swiftType)]"
        case .bytes: "Data"
        case .any: "JSONValue"
        case .allowed(let base, _): base.swiftType
        }
    }
}

extension PropertyPlan {
    var swiftType: String {
        switch presence {
        case .required, .defaulted: value.swiftType
        case .requiredNullable, .optional: value.swiftType + "?"
        case .optionalNullable: "Nullable<\(value.swiftType)>?"
        }
    }
}

extension ParameterPlan {
    var swiftType: String {
        switch presence {
        case .required, .defaulted: value.swiftType
        default: value.swiftType + "?"
        }
    }
}

extension BodyPlan {
    var swiftType: String { isRequired ? value.swiftType : value.swiftType + "?" }
}

extension AliasPlan.Target {
    /// Runtime types are spelled with their module, so that a schema of the same name cannot shadow them.
    var swiftType: String {
        switch self {
        case .value(let value): value.swiftType
        case .problem: "APIRuntime.Problem"
        case .validationIssue: "APIRuntime.ValidationIssue"
        }
    }
}

extension DefaultValue {
    var swiftExpression: String {
        switch self {
        case .string(let text): SwiftNaming.stringLiteral(text)
        case .integer(let number): String(number)
        case .double(let number): "\(number)"
        case .bool(let value): value ? "true" : "false"
        case .enumCase(let name): ".\(name)"
        case .emptyArray: "[]"
        }
    }
}

extension Presence {
    /// The default argument of an initializer parameter for a member of this presence, if any.
    var defaultArgument: String? {
        switch self {
        case .optional, .optionalNullable: "nil"
        case .defaulted(let value): value.swiftExpression
        case .required, .requiredNullable: nil
        }
    }
}

extension CodeWriter {
    /// The file's imports, each with `access` where the file's declarations show the module's types.
    mutating func imports(_ imports: [ModuleImport]?, access: String) {
        guard let imports, !imports.isEmpty else { return }
        for item in imports {
            let level = item.visible ? access : "internal"
            guard item.module == "Foundation" else {
                line("\(level) import \(item.module)")
                continue
            }
            // FoundationEssentials where the platform has it (Linux): `Date` without all of Foundation and ICU.
            line("#if canImport(FoundationEssentials)")
            line("\(level) import FoundationEssentials")
            line("#else")
            line("\(level) import Foundation")
            line("#endif")
        }
        line()
    }
}
