/// Which modules each generated file imports: Foundation only for `Date`, the runtime only where its types are
/// used, and each with the generated code's access level only when the file's declarations show its types.
struct ImportPlanner {
    let types: [TypeDeclaration]
    let operations: [OperationPlan]

    var imports: [GeneratedFile: [ModuleImport]] {
        let hasSecurity = operations.contains { $0.security != nil }
        let routerDecodesDates = operations.contains { operation in
            operation.allParameters.contains { $0.value.usesFoundation } || operation.body?.value.usesFoundation == true
        }
        return [
            .handler: hasSecurity ? [.init(module: "APIRuntime", visible: true)] : [],
            .router: (routerDecodesDates ? [ModuleImport(module: "Foundation", visible: false)] : [])
                + [.init(module: "APIRuntime", visible: true)],
            .docs: [.init(module: "APIRuntime", visible: false)],
            .spec: [],
            .operations:
                (operations.contains { $0.usesFoundation } ? [ModuleImport(module: "Foundation", visible: true)] : [])
                + (operations.isEmpty ? [] : [.init(module: "APIRuntime", visible: true)]),
            .schemas: (types.contains { $0.usesFoundation } ? [ModuleImport(module: "Foundation", visible: true)] : [])
                + (types.contains { $0.usesRuntime } ? [.init(module: "APIRuntime", visible: true)] : []),
        ]
    }
}

extension ValueKind {
    var usesFoundation: Bool {
        switch self {
        case .dateTime, .bytes: true
        case .array(let element, _, _, _): element.usesFoundation
        case .dictionary(let value): value.usesFoundation
        case .allowed(let base, _): base.usesFoundation
        default: false
        }
    }

    /// Whether the Swift type names one of the runtime's (`JSONValue`).
    var usesRuntime: Bool {
        switch self {
        case .any: true
        case .array(let element, _, _, _): element.usesRuntime
        case .dictionary(let value): value.usesRuntime
        case .allowed(let base, _): base.usesRuntime
        default: false
        }
    }
}

extension TypeDeclaration {
    var usesFoundation: Bool {
        switch self {
        case .structure(let plan):
            plan.properties.contains { $0.value.usesFoundation } || plan.nested.contains { $0.usesFoundation }
                || plan.additionalMembers?.value.usesFoundation == true
        case .enumeration: false
        case .union(let plan):
            plan.cases.contains { $0.value.usesFoundation } || plan.nested.contains { $0.usesFoundation }
        case .alias(let plan):
            if case .value(let value) = plan.target { value.usesFoundation } else { false }
        }
    }

    /// Whether the declaration names a runtime type or conforms to the runtime's coding protocols.
    var usesRuntime: Bool {
        switch self {
        case .structure(let plan):
            !plan.coding.isEmpty || plan.nested.contains { $0.usesRuntime }
                || plan.properties.contains {
                    $0.value.usesRuntime || $0.presence == .optionalNullable || $0.isIndirect
                } || plan.additionalMembers?.value.usesRuntime == true
        case .enumeration(let plan):
            !plan.coding.isEmpty
        case .union(let plan):
            !plan.coding.isEmpty || plan.nested.contains { $0.usesRuntime }
                || plan.cases.contains { $0.value.usesRuntime }
        case .alias(let plan):
            if case .value(let value) = plan.target { value.usesRuntime } else { true }
        }
    }
}

extension OperationPlan {
    var usesFoundation: Bool {
        allParameters.contains { $0.value.usesFoundation } || body?.value.usesFoundation == true
            || responses.contains { response in
                response.headers.contains { $0.value.usesFoundation } || response.bodyUsesFoundation
            }
            || nested.contains { $0.usesFoundation }
    }
}

extension ResponsePlan {
    var bodyUsesFoundation: Bool {
        if case .json(let value, _)? = body { return value.usesFoundation }
        if case .binary? = body { return true }
        return false
    }
}
