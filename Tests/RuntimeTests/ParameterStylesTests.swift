import APIRuntime
import Testing

/// `style` and `explode` as the runtime reads them, before any schema is applied.
@Suite struct ParameterStylesTests {
    func path(_ segment: String, _ style: ParameterStyle, explode: Bool, _ shape: ParameterShape) -> JSONValue {
        RequestParameters.path(segment[...], "id", style: style, explode: explode, shape: shape)
    }

    @Test func pathStylesFromTheSpecificationsTable() {
        #expect(path("3,4,5", .simple, explode: false, .array) == .array([.string("3"), .string("4"), .string("5")]))
        #expect(path(".3.4.5", .label, explode: true, .array) == .array([.string("3"), .string("4"), .string("5")]))
        #expect(path(".3,4,5", .label, explode: false, .array) == .array([.string("3"), .string("4"), .string("5")]))
        #expect(path(";id=5", .matrix, explode: false, .scalar) == .string("5"))
        #expect(path(";id=3;id=4", .matrix, explode: true, .array) == .array([.string("3"), .string("4")]))
        #expect(
            path(";role=admin;firstName=Alex", .matrix, explode: true, .object)
                == .object(["role": .string("admin"), "firstName": .string("Alex")]))
        #expect(
            path("role,admin,firstName,Alex", .simple, explode: false, .object)
                == .object(["role": .string("admin"), "firstName": .string("Alex")]))
        #expect(
            path("role=admin,firstName=Alex", .simple, explode: true, .object)
                == .object(["role": .string("admin"), "firstName": .string("Alex")]))
        // The wrong shape is passed on as text, for validation to name.
        #expect(path("5", .label, explode: false, .array) == .string("5"))
        #expect(path("role,admin,first", .simple, explode: false, .object) == .string("role,admin,first"))
    }

    @Test func anEncodedSeparatorStaysInItsValue() {
        #expect(path("a%2Cb,c", .simple, explode: false, .array) == .array([.string("a,b"), .string("c")]))
    }

    @Test func deepObjectsNestAppendAndStopNesting() {
        let items: [String: [String]] = [
            "f[a][b]": ["1"], "f[tag][]": ["x", "y"], "f[a][c]": ["2"], "g[x]": ["3"],
            "f[1][2][3][4][5][6][7][8][9]": ["deep"],
        ]
        guard
            case .object(let members)? = RequestParameters.query(
                items, "f", style: .deepObject, explode: true, shape: .object)
        else { return #expect(Bool(false)) }
        #expect(members["a"] == .object(["b": .string("1"), "c": .string("2")]))
        #expect(members["tag"] == .array([.string("x"), .string("y")]))
        #expect(members["g"] == nil)
        // Eight levels at most: the rest stays one key.
        var node = members["1"]
        for key in ["2", "3", "4", "5", "6", "7"] {
            guard case .object(let inner)? = node else { return #expect(Bool(false), "stopped before \(key)") }
            node = inner[key]
        }
        #expect(node == .object(["8][9": .string("deep")]))
    }

    @Test func queryArraysInEveryDelimiter() {
        let items = ["a": ["1 2"], "b": ["1|2"], "c": ["1,2"], "d": ["1", "2"]]
        let expected = JSONValue.array([.string("1"), .string("2")])
        #expect(RequestParameters.query(items, "a", style: .spaceDelimited, explode: false, shape: .array) == expected)
        #expect(RequestParameters.query(items, "b", style: .pipeDelimited, explode: false, shape: .array) == expected)
        #expect(RequestParameters.query(items, "c", style: .form, explode: false, shape: .array) == expected)
        #expect(RequestParameters.query(items, "d", style: .form, explode: true, shape: .array) == expected)
    }

    @Test func anIndexedObjectIsAnArrayOnlyWhereTextIsCoerced() {
        let indexed = JSONValue.object(["1": .string("b"), "0": .string("a")])
        var coercing = Validator(coercesText: true)
        let items = coercing.array(indexed, at: "query.x") { validator, item, location in
            validator.string(item, at: location())
        }
        #expect(items == ["a", "b"])
        var strict = Validator()
        _ = strict.array(indexed, at: "body.x") { validator, item, location in validator.string(item, at: location()) }
        #expect(strict.issues.map(\.message) == ["must be an array"])
    }
}
