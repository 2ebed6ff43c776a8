/// Decides which generated types decode JSON and which write it — decoding for what a request can carry, writing
/// for what a response can — and maps the schemas that only describe `application/problem+json` bodies onto the
/// runtime's `Problem` and `ValidationIssue` instead of generating duplicates of them.
struct CodingPlanner {
    private(set) var types: [TypeDeclaration]
    private(set) var operations: [OperationPlan]
    /// Qualified type name → what it needs.
    private var roles: [String: CodingRoles] = [:]
    /// Qualified type name → its declaration, nested ones included.
    private let declarations: [String: TypeDeclaration]

    init(types: [TypeDeclaration], operations: [OperationPlan]) {
        self.types = types
        self.operations = operations
        var declarations: [String: TypeDeclaration] = [:]
        func index(_ declaration: TypeDeclaration) {
            if let name = declaration.qualifiedName { declarations[name] = declaration }
            declaration.nested.forEach(index)
        }
        types.forEach(index)
        operations.forEach { $0.nested.forEach(index) }
        self.declarations = declarations
    }

    /// Marks every type reachable from a request as decoding and from a response body as writing, and the types
    /// of `alsoCoding` (the example checks' types) as both.
    /// With `forClient`, the other way round too: a client writes requests and decodes responses, their headers
    /// included.
    mutating func assignRoles(alsoCoding extra: [ValueKind] = [], forClient: Bool = false) {
        for kind in extra {
            mark(kind, .decoding)
            mark(kind, .writing)
        }
        for operation in operations {
            for parameter in operation.allParameters { mark(parameter.value, [.decoding, .decodesRequests]) }
            if let body = operation.body { mark(body.value, [.decoding, .decodesRequests]) }
            for response in operation.responses {
                if case .json(let value, _)? = response.body { mark(value, .writing) }
            }
            guard forClient else { continue }
            for parameter in operation.allParameters { mark(parameter.value, .writing) }
            if let body = operation.body { mark(body.value, .writing) }
            for response in operation.responses {
                if case .json(let value, _)? = response.body { mark(value, [.decoding, .decodesResponses]) }
                for header in response.headers { mark(header.value, .decoding) }
            }
        }
        types = types.map(applyingRoles)
        operations = operations.map { operation in
            var operation = operation
            operation.nested = operation.nested.map(applyingRoles)
            return operation
        }
    }

    /// The component types with `problemSchemas` (qualified names) mapped onto the runtime: each becomes an alias
    /// of `Problem`, the component items of its arrays aliases of `ValidationIssue`, and other types only they use
    /// are left out. A schema that anything else uses — a request, a response body, another schema — stays.
    func mappingProblemSchemas(_ problemSchemas: [String]) -> [TypeDeclaration] {
        let problemReach = reach(from: problemSchemas)
        let problemOnly = problemReach.subtracting(reach(from: usedOutside(problemReach)))
        guard !problemOnly.isEmpty else { return types }
        let issueTypes = Set(
            problemSchemas.filter(problemOnly.contains).flatMap { name -> [String] in
                guard case .structure(let plan)? = declarations[name] else { return [] }
                return plan.properties.compactMap { property in
                    if case .array(.named(let element), _, _, _) = property.value { return element }
                    return nil
                }
            })
        return types.compactMap { declaration in
            guard let name = declaration.qualifiedName, problemOnly.contains(name) else { return declaration }
            if problemSchemas.contains(name) { return .alias(AliasPlan(declaration, target: .problem)) }
            if issueTypes.contains(name) { return .alias(AliasPlan(declaration, target: .validationIssue)) }
            return nil
        }
    }

    private mutating func mark(_ kind: ValueKind, _ role: CodingRoles) {
        switch kind {
        case .named(let name):
            guard roles[name]?.contains(role) != true else { return }
            roles[name, default: []].insert(role)
            switch declarations[name] {
            case .structure(let plan)?:
                for property in plan.properties { mark(property.value, role) }
                if let additional = plan.additionalMembers { mark(additional.value, role) }
            case .union(let plan)?:
                for item in plan.cases { mark(item.value, role) }
            default:
                break
            }
        case .array(let element, _, _, _):
            mark(element, role)
        case .dictionary(let value):
            mark(value, role)
        case .allowed(let base, _):
            mark(base, role)
        default:
            break
        }
    }

    private func applyingRoles(_ declaration: TypeDeclaration) -> TypeDeclaration {
        switch declaration {
        case .structure(var plan):
            plan.coding = roles[plan.qualifiedName] ?? []
            plan.nested = plan.nested.map(applyingRoles)
            // `required` of a readOnly member applies to responses only: a request may leave it out.
            // `required` of a writeOnly member applies to requests only: a response leaves it out.
            let relaxed: [(role: CodingRoles, applies: (PropertyPlan) -> Bool, direction: PropertyPlan.Direction)] = [
                (.decodesRequests, \.isReadOnly, .responses), (.decodesResponses, \.isWriteOnly, .requests),
            ]
            for rule in relaxed where plan.coding.contains(rule.role) {
                for index in plan.properties.indices where rule.applies(plan.properties[index]) {
                    switch plan.properties[index].presence {
                    case .required: plan.properties[index].presence = .optional
                    case .requiredNullable: plan.properties[index].presence = .optionalNullable
                    default: continue
                    }
                    plan.properties[index].requiredOnlyIn = rule.direction
                }
            }
            return .structure(plan)
        case .enumeration(var plan):
            plan.coding = roles[plan.qualifiedName] ?? []
            return .enumeration(plan)
        case .union(var plan):
            plan.coding = roles[plan.qualifiedName] ?? []
            plan.nested = plan.nested.map(applyingRoles)
            return .union(plan)
        case .alias:
            return declaration
        }
    }

    /// The qualified names of `roots` and of every type their members (and, for aliases, their targets) use.
    private func reach(from roots: [String]) -> Set<String> {
        var seen: Set<String> = []
        var pending = roots
        while let name = pending.popLast() {
            guard seen.insert(name).inserted else { continue }
            switch declarations[name] {
            case .structure(let plan)?:
                for property in plan.properties { pending += property.value.namedTypes }
                pending += plan.additionalMembers?.value.namedTypes ?? []
            case .union(let plan)?:
                for item in plan.cases { pending += item.value.namedTypes }
            case .alias(let plan)?:
                if case .value(let value) = plan.target { pending += value.namedTypes }
            case .enumeration?, nil:
                break
            }
        }
        return seen
    }

    /// The types something outside `excluded` names: an operation's parameters, bodies, response bodies and
    /// headers and inline types, and every component declaration outside `excluded` with an alias's target.
    private func usedOutside(_ excluded: Set<String>) -> [String] {
        var roots: [String] = []
        for operation in operations {
            roots += operation.allParameters.flatMap(\.value.namedTypes)
            roots += operation.body?.value.namedTypes ?? []
            for response in operation.responses {
                if case .json(let value, _)? = response.body { roots += value.namedTypes }
                roots += response.headers.flatMap(\.value.namedTypes)
            }
            roots += operation.nested.compactMap(\.qualifiedName)
        }
        for name in types.compactMap(\.qualifiedName) where !excluded.contains(name) { roots.append(name) }
        return roots
    }
}

extension ValueKind {
    /// The generated types this kind names, directly or as elements.
    var namedTypes: [String] {
        switch self {
        case .named(let name): [name]
        case .array(let element, _, _, _): element.namedTypes
        case .dictionary(let value): value.namedTypes
        case .allowed(let base, _): base.namedTypes
        default: []
        }
    }
}

extension TypeDeclaration {
    var qualifiedName: String? {
        switch self {
        case .structure(let plan): plan.qualifiedName
        case .enumeration(let plan): plan.qualifiedName
        case .union(let plan): plan.qualifiedName
        case .alias(let plan): "Schemas.\(plan.name)"
        }
    }

    /// The declarations nested inside this one.
    var nested: [TypeDeclaration] {
        switch self {
        case .structure(let plan): plan.nested
        case .union(let plan): plan.nested
        case .enumeration, .alias: []
        }
    }
}

extension AliasPlan {
    /// An alias with the name and documentation of the declaration it replaces.
    init(_ declaration: TypeDeclaration, target: Target) {
        switch declaration {
        case .structure(let plan): self.init(name: plan.name, documentation: plan.documentation, target: target)
        case .enumeration(let plan): self.init(name: plan.name, documentation: plan.documentation, target: target)
        case .union(let plan): self.init(name: plan.name, documentation: plan.documentation, target: target)
        case .alias(let plan): self.init(name: plan.name, documentation: plan.documentation, target: target)
        }
    }
}
