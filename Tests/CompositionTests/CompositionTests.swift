import APIRuntime
import CompositionsFixture
import Foundation
import Synchronization
import Testing

/// What the generator emits for `oneOf`, `anyOf`, `allOf`, discriminators, `const`, `multipleOf`,
/// `additionalProperties: false` and binary bodies, run: the compositions golden fixture is compiled as a module.
@Suite struct CompositionTests {
    /// Decodes `text` as `T` at `body`; the value, or the issues as `location: message` lines.
    func decode<T: JSONDecodable>(_ type: T.Type, _ text: String) throws -> Result<T, Issues> {
        var validator = Validator()
        let value = T.decode(try JSONParser.parse(Array(text.utf8)), at: "body", &validator)
        if let value, validator.isValid { return .success(value) }
        return .failure(Issues(lines: validator.issues.map { "\($0.location): \($0.message)" }))
    }

    struct Issues: Error, Equatable {
        var lines: [String]
    }

    func issues<T: JSONDecodable>(_ type: T.Type, _ text: String) throws -> [String] {
        guard case .failure(let issues) = try decode(type, text) else { return [] }
        return issues.lines
    }

    /// Decoding then writing gives back the same JSON value.
    func expectRoundTrip<T: JSONDecodable & JSONWritable>(
        _ type: T.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let value = try decode(type, text).get()
        let written = try JSONParser.parse(JSONWriter.encode(value))
        #expect(written == (try JSONParser.parse(Array(text.utf8))), sourceLocation: sourceLocation)
    }

    // MARK: Discriminator

    @Test func theDiscriminatorSelectsTheMemberByMappingOrByName() throws {
        #expect(
            try decode(Schemas.Pet.self, #"{"kind": "cat", "name": "Tom", "lives": 9}"#).get()
                == .cat(.init(kind: "cat", name: "Tom", lives: 9)))
        #expect(
            try decode(Schemas.Pet.self, #"{"kind": "dog", "name": "Rex"}"#).get()
                == .dog(.init(kind: "dog", name: "Rex")))
        // Lizard is not in the mapping, so its own name selects it.
        #expect(
            try decode(Schemas.Pet.self, #"{"kind": "Lizard", "name": "Liz"}"#).get()
                == .lizard(.init(kind: "Lizard", name: "Liz")))
        try expectRoundTrip(Schemas.Pet.self, #"{"kind": "cat", "name": "Tom", "lives": 7}"#)
    }

    @Test func aWrongOrMissingDiscriminatorIsNamed() throws {
        #expect(
            try issues(Schemas.Pet.self, #"{"kind": "bird", "name": "Tweety"}"#)
                == ["body.kind: must be one of: 'cat', 'dog', 'Lizard'"])
        #expect(try issues(Schemas.Pet.self, #"{"name": "Tom"}"#) == ["body.kind: is required"])
        #expect(try issues(Schemas.Pet.self, #"[]"#) == ["body: must be an object"])
        // The selected member's own constraints still apply.
        #expect(
            try issues(Schemas.Pet.self, #"{"kind": "cat", "name": ""}"#) == [
                "body.name: must be at least 1 character long"
            ])
    }

    @Test func integerEnumsAndConstantsAreChecked() throws {
        #expect(
            try issues(Schemas.Pet.self, #"{"kind": "cat", "name": "Tom", "lives": 8}"#) == [
                "body.lives: must be one of: 1, 7, 9"
            ])
        #expect(
            try issues(Schemas.Pet.self, #"{"kind": "dog", "name": "Rex", "good": false}"#) == [
                "body.good: must be true"
            ])
        try expectRoundTrip(Schemas.Pet.self, #"{"kind": "dog", "name": "Rex", "good": true}"#)
    }

    // MARK: oneOf and anyOf by trial

    @Test func exactlyOneMemberOfAOneOfMustMatch() throws {
        #expect(try decode(Schemas.Shape.self, #"{"radius": 2.5}"#).get() == .circle(.init(radius: 2.5)))
        #expect(try decode(Schemas.Shape.self, #"{"side": 3}"#).get() == .square(.init(side: 3)))
        #expect(try decode(Schemas.Shape.self, #""dot""#).get() == .case3(.dot))
        try expectRoundTrip(Schemas.Shape.self, #"{"side": 3}"#)
        try expectRoundTrip(Schemas.Shape.self, #""dot""#)
        // Both members refuse a member the other declares (additionalProperties: false).
        #expect(
            try issues(Schemas.Shape.self, #"{"radius": 1, "side": 1}"#).first
                == "body: must match exactly one of: Circle, Square, string")
        // The closest member's complaint names the field.
        #expect(
            try issues(Schemas.Shape.self, #"{"side": 0}"#)
                == [
                    "body: must match exactly one of: Circle, Square, string",
                    "body.side: must be greater than or equal to 1",
                ])
        #expect(
            try issues(Schemas.Amount.self, "5") == [
                "body: must match exactly one of: number, integer, but matches number and integer"
            ])
        #expect(try decode(Schemas.Amount.self, "5.5").get() == .number(5.5))
    }

    @Test func textThatEveryMemberReadsTakesTheFirst() {
        // A query's "5" is a number and an integer once read by each type: there, oneOf takes the first.
        var validator = Validator(coercesText: true)
        #expect(Schemas.Amount.decode(.string("5"), at: "query.amount", &validator) == .number(5))
        #expect(validator.isValid)
    }

    @Test func anyOfTakesTheFirstMatchAndTypeArraysAreAnyOf() throws {
        #expect(try decode(Schemas.Drawing.Label.self, #""north""#).get() == .string("north"))
        #expect(try decode(Schemas.Drawing.Label.self, "12").get() == .integer(12))
        #expect(try issues(Schemas.Drawing.Label.self, "true") == ["body: must match at least one of: string, integer"])
    }

    @Test func aNullMemberMakesTheUnionNullable() throws {
        let drawing = try decode(Schemas.Drawing.self, #"{"shape": "dot", "owner": null}"#).get()
        #expect(drawing.owner == .null)
        let absent = try decode(Schemas.Drawing.self, #"{"shape": "dot"}"#).get()
        #expect(absent.owner == nil)
        try expectRoundTrip(Schemas.Drawing.self, #"{"shape": "dot", "owner": {"radius": 1.0}}"#)
    }

    @Test func anUntypedEnumOfSeveralTypesKeepsEachValuesType() throws {
        #expect(try decode(Schemas.Drawing.self, #"{"shape": "dot", "mode": 1}"#).get().mode == .int(1))
        #expect(try decode(Schemas.Drawing.self, #"{"shape": "dot", "mode": true}"#).get().mode == .bool(true))
        #expect(
            try issues(Schemas.Drawing.self, #"{"shape": "dot", "mode": "1"}"#)
                == [#"body.mode: must be one of: 1, "auto", true"#])
    }

    @Test func undeclaredMembersAreKeptAndCheckedWhenTheSchemaSaysSo() throws {
        let text =
            #"{"shape": "dot", "counts": {"total": 3, "apples": 2, "pears": 1}, "loose": {"name": "n", "x": [1]}}"#
        let drawing = try decode(Schemas.Drawing.self, text).get()
        #expect(drawing.counts?.total == 3)
        #expect(drawing.counts?.additionalProperties == ["apples": 2, "pears": 1])
        #expect(drawing.loose?.additionalProperties == ["x": .array([.int(1)])])
        try expectRoundTrip(Schemas.Drawing.self, text)
        #expect(
            try issues(Schemas.Drawing.self, #"{"shape": "dot", "counts": {"total": 3, "pears": "x", "apples": -1}}"#)
                == ["body.counts.apples: must be greater than or equal to 0", "body.counts.pears: must be an integer"])
    }

    @Test func anAllOfPartForbiddingUndeclaredMembersForbidsThoseNoPartDeclares() throws {
        let lizard = try decode(Schemas.Lizard.self, #"{"kind": "Lizard", "name": "Liz", "tail": true}"#).get()
        #expect(lizard.tail == true)
        #expect(
            try issues(Schemas.Lizard.self, #"{"kind": "Lizard", "name": "Liz", "wings": 2}"#)
                == ["body.wings: is not allowed (the schema declares no such member)"])
    }

    @Test func aFreeFormObjectTakesAnyMembersButOnlyAnObject() throws {
        let text = #"{"shape": "dot", "settings": {"theme": "dark", "zoom": [1, 2]}}"#
        #expect(
            try decode(Schemas.Drawing.self, text).get().settings == [
                "theme": .string("dark"), "zoom": .array([.int(1), .int(2)]),
            ])
        try expectRoundTrip(Schemas.Drawing.self, text)
        for wrong in [#""dark""#, "[1]", "null", "3"] {
            let messages = try issues(Schemas.Drawing.self, #"{"shape": "dot", "settings": \#(wrong)}"#)
            #expect(messages.count == 1 && messages[0].hasPrefix("body.settings: "), "\(wrong): \(messages)")
        }
    }

    @Test func multipleOfIsChecked() throws {
        #expect(try decode(Schemas.Drawing.self, #"{"shape": "dot", "scale": 1.5}"#).get().scale == 1.5)
        #expect(
            try issues(Schemas.Drawing.self, #"{"shape": "dot", "scale": 1.2}"#) == [
                "body.scale: must be a multiple of 0.5"
            ])
    }

    // MARK: allOf kept as parts

    @Test func aUnionBesidePropertiesMustSatisfyBoth() throws {
        let layer = try decode(Schemas.Layer.self, #"{"name": "top", "opacity": 0.5}"#).get()
        #expect(layer.part1.name == "top")
        #expect(layer.part2 == .visible(.init(opacity: 0.5)))
        try expectRoundTrip(
            Schemas.Layer.self, #"{"name": "top", "hidden": true, "children": [{"name": "inner", "opacity": 1.0}]}"#)
        #expect(
            try issues(Schemas.Layer.self, #"{"name": "top"}"#).first
                == "body: must match at least one of: Visible, Hidden")
        #expect(try issues(Schemas.Layer.self, #"{"opacity": 0.5}"#) == ["body.name: is required"])
        // A nested layer is checked at its own location.
        #expect(
            try issues(
                Schemas.Layer.self, #"{"name": "top", "hidden": true, "children": [{"name": "x", "opacity": 2}]}"#
            )
            .contains("body.children[0].opacity: must be less than or equal to 1.0"))
    }

    // MARK: Recursion

    @Test func structsThatContainEachOtherCompileThroughABox() throws {
        let text = #"{"shape": "dot", "intent": {"id": "a", "last_error": {"code": "x", "intent": {"id": "b"}}}}"#
        let drawing = try decode(Schemas.Drawing.self, text).get()
        guard case .value(let error)? = drawing.intent?.lastError else { return #expect(Bool(false)) }
        #expect(error.intent?.id == "b")
        var changed = error
        changed.intent?.id = "c"
        #expect(error.intent?.id == "b", "a copy of the box's owner is a value: changing it leaves the original")
        #expect(changed != error)
        try expectRoundTrip(Schemas.Drawing.self, text)
        #expect(
            try issues(Schemas.Drawing.self, #"{"shape": "dot", "intent": {"last_error": {"intent": {"id": 1}}}}"#)
                == ["body.intent.last_error.code: is required", "body.intent.last_error.intent.id: must be a string"])
    }

    // MARK: Names

    @Test func schemasNamedLikeTypesTheGeneratedCodeUsesDoNotShadowThem() throws {
        let text =
            #"{"shape": "dot", "when": {"day": "Monday", "validator": {"strict": true}}, "checked_at": "2026-12-02T06:00:00Z"}"#
        let drawing = try decode(Schemas.Drawing.self, text).get()
        #expect(drawing.when == Schemas.Date2(day: "Monday", validator: .init(strict: true)))
        #expect(drawing.checkedAt == Date(timeIntervalSince1970: 1_796_191_200))
        try expectRoundTrip(Schemas.Drawing.self, text)
    }

    @Test func membersNamedLikeTheGeneratedCodesOwnNamesWork() throws {
        let text = #"""
            {"writer": "w", "validator": "v", "json": "j", "location": "l", "object": "o", "issueCount": "i",
             "value": "x", "Type": "t", "self": "s"}
            """#
        let meta = try decode(Schemas.Collisions.self, text).get()
        #expect(meta.writer == "w" && meta.validator == "v" && meta.json == "j" && meta.location == "l")
        #expect(meta.object == "o" && meta.issueCount == "i" && meta.value == "x" && meta.type == "t")
        #expect(meta.self_ == "s")
        try expectRoundTrip(Schemas.Collisions.self, text)
    }

    // MARK: Binary bodies

    /// The last input of `report` and `label`, for the style tests to inspect.
    static let reported = Mutex<Operations.Report.Input?>(nil)
    static let labelled = Mutex<Operations.Label.Input?>(nil)
    static let exported = Mutex<Operations.Export.Input?>(nil)

    struct PhotoStore: APIHandler {
        func report(_ input: Operations.Report.Input) async throws -> Operations.Report.Output {
            CompositionTests.reported.withLock { $0 = input }
            return .ok(.null)
        }

        func uploadDocument(
            _ input: Operations.UploadDocument.Input
        ) async throws -> Operations.UploadDocument.Output {
            let body = input.body
            let file = body.file.map { String($0, radix: 16) }.joined(separator: " ")
            let summary =
                "\(body.title) [\(file)] tags=\(body.tags ?? []) pages=\(body.meta?.pages ?? -1) copies=\(body.copies ?? -1)"
            return .created(.init(summary: summary))
        }

        func export(_ input: Operations.Export.Input) async throws -> Operations.Export.Output {
            CompositionTests.exported.withLock { $0 = input }
            return .noContent
        }

        func subscribe(_ input: Operations.Subscribe.Input) async throws -> Operations.Subscribe.Output {
            let body = input.body
            return .ok(
                .init(
                    email: body.email, topics: body.topics,
                    preferences: body.preferences.map { .init(digest: $0.digest) },
                    note: .null))
        }

        func createAccount(_ input: Operations.CreateAccount.Input) async throws -> Operations.CreateAccount.Output {
            var account = input.body
            account.id = 42
            return .created(account)
        }

        func storeBlob(_ input: Operations.StoreBlob.Input) async throws -> Operations.StoreBlob.Output {
            guard input.body == nil || input.body == Data([1, 2]) else { throw Problem(status: 400, detail: "bytes") }
            return .noContent
        }

        func label(_ input: Operations.Label.Input) async throws -> Operations.Label.Output {
            CompositionTests.labelled.withLock { $0 = input }
            return .noContent
        }

        func createPet(_ input: Operations.CreatePet.Input) async throws -> Operations.CreatePet.Output {
            .created(input.body)
        }

        func drawShape(_ input: Operations.DrawShape.Input) async throws -> Operations.DrawShape.Output {
            .ok(input.body)
        }

        func uploadPhoto(_ input: Operations.UploadPhoto.Input) async throws -> Operations.UploadPhoto.Output {
            guard input.body == Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF]) else {
                throw Problem(status: 400, detail: "bytes changed")
            }
            return .noContent
        }

        func downloadPhoto(_ input: Operations.DownloadPhoto.Input) async throws -> Operations.DownloadPhoto.Output {
            .ok(Data([0x89, 0x50, 0x4E, 0x47, UInt8(input.path.id), UInt8(input.query.id ?? 0)]))
        }
    }

    func send(
        _ method: String, _ target: String, contentType: String?, body: [UInt8], headers extra: HTTPHeaders = [:]
    ) async throws -> HTTPResponse {
        var headers = extra
        if let contentType { headers.add("Content-Type", contentType) }
        return try await APIRouter(handler: PhotoStore()).respond(
            to: HTTPRequest(method: method, target: target, headers: headers, body: body))
    }

    @Test func binaryBodiesArriveAndLeaveAsTheirBytes() async throws {
        // Not UTF-8, and not valid in any charset: the bytes are passed on untouched.
        let upload = try await send(
            "PUT", "/photos/1", contentType: "application/octet-stream", body: [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF])
        #expect(upload.status == 204)
        let download = try await send("GET", "/photos/7?id=3", contentType: nil, body: [])
        #expect(download.status == 200)
        #expect(download.headers["Content-Type"] == "image/png")
        #expect(download.body == [0x89, 0x50, 0x4E, 0x47, 7, 3])
    }

    @Test func repeatedFormFieldsFillAnArrayMember() async throws {
        let form = "application/x-www-form-urlencoded"
        let response = try await send(
            "POST", "/subscriptions", contentType: form, body: Array("email=a%40b.c&topics=x&topics=y".utf8))
        #expect(response.status == 200)
        // An array member is written back as the repeated field it was read from.
        #expect(String(decoding: response.body, as: UTF8.self) == "email=a%40b.c&topics=x&topics=y")
        let one = try await send("POST", "/subscriptions", contentType: form, body: Array("email=a&topics=only".utf8))
        #expect(one.status == 200)
        #expect(String(decoding: one.body, as: UTF8.self) == "email=a&topics=only")
        let none = try await send("POST", "/subscriptions", contentType: form, body: Array("email=a".utf8))
        #expect(String(decoding: none.body, as: UTF8.self).contains(#""location":"body.topics""#))
    }

    @Test func anObjectFieldOfAFormIsJSONText() async throws {
        let form = "application/x-www-form-urlencoded"
        let body = "email=a&topics=x&preferences=%7B%22digest%22%3Atrue%7D"
        let response = try await send("POST", "/subscriptions", contentType: form, body: Array(body.utf8))
        #expect(response.status == 200)
        // The answer is a form too: fields in name order, the object as JSON text, the null `note` left out.
        #expect(response.headers["Content-Type"] == form)
        #expect(
            String(decoding: response.body, as: UTF8.self) == "email=a&preferences=%7B%22digest%22%3Atrue%7D&topics=x")
        let wrong = try await send(
            "POST", "/subscriptions", contentType: form,
            body: Array("email=a&topics=x&preferences=%7B%22digest%22%3A1%7D".utf8))
        #expect(wrong.status == 422)
        #expect(String(decoding: wrong.body, as: UTF8.self).contains(#""location":"body.preferences.digest""#))
        let malformed = try await send(
            "POST", "/subscriptions", contentType: form, body: Array("email=a&topics=x&preferences=digest".utf8))
        #expect(malformed.status == 400)
        #expect(String(decoding: malformed.body, as: UTF8.self).contains("Malformed JSON in field 'preferences'"))
    }

    @Test func readOnlyIsNotRequiredOfRequestsAndWriteOnlyIsNeverWritten() async throws {
        let response = try await send(
            "POST", "/accounts", contentType: "application/json",
            body: Array(#"{"email": "a@b.c", "password": "secret"}"#.utf8))
        #expect(response.status == 201)
        #expect(try JSONParser.parse(response.body) == .object(["id": .int(42), "email": .string("a@b.c")]))
        let missing = try await send("POST", "/accounts", contentType: "application/json", body: Array("{}".utf8))
        let text = String(decoding: missing.body, as: UTF8.self)
        #expect(text.contains(#""location":"body.password""#) && !text.contains(#""location":"body.id""#))
    }

    @Test func anOptionalBinaryBodyMayBeAbsent() async throws {
        #expect(try await send("POST", "/blobs", contentType: nil, body: []).status == 204)
        #expect(try await send("POST", "/blobs", contentType: "application/octet-stream", body: [1, 2]).status == 204)
    }

    @Test func aBinaryBodyOfAnotherMediaTypeIs415AndAMissingOneIs422() async throws {
        let json = try await send("PUT", "/photos/1", contentType: "application/json", body: Array("{}".utf8))
        #expect(json.status == 415)
        let missing = try await send("PUT", "/photos/1", contentType: nil, body: [])
        #expect(missing.status == 422)
    }

    @Test func aDiscriminatedBodyIsCheckedByTheRouter() async throws {
        let created = try await send(
            "POST", "/pets", contentType: "application/json", body: Array(#"{"kind": "dog", "name": "Rex"}"#.utf8))
        #expect(created.status == 201)
        let refused = try await send(
            "POST", "/pets", contentType: "application/json", body: Array(#"{"kind": "fish", "name": "Nemo"}"#.utf8))
        #expect(refused.status == 422)
        #expect(String(decoding: refused.body, as: UTF8.self).contains(#""location":"body.kind""#))
    }

    // MARK: Parameter styles

    @Test func everyStyleIsReadIntoItsSchema() async throws {
        var headers = HTTPHeaders()
        headers.add("X-Dims", "w=3,h=4")
        headers.add("Cookie", "theme=dark; prefs=a,b%2Cc")
        let target =
            "/reports/1,2,3?filter[owner]=ann&filter[size]=2&created[gt]=5&lines[0][amount]=7&lines[1][amount]=8"
            + "&tags=x|y|z&point=x,1.5,y,-2"
        let response = try await send("GET", target, contentType: nil, body: [], headers: headers)
        #expect(response.status == 200)
        let input = try #require(Self.reported.withLock { $0 })
        #expect(input.path.ids == [1, 2, 3])
        #expect(input.query.filter == .init(owner: "ann", size: 2))
        #expect(input.query.created == .case2(.init(gt: 5)))
        #expect(input.query.lines == [.init(amount: 7), .init(amount: 8)])
        #expect(input.query.tags == ["x", "y", "z"])
        #expect(input.query.point == .init(x: 1.5, y: -2))
        #expect(input.headers.xDims == .init(w: 3, h: 4))
        #expect(input.cookies.prefs == ["a", "b,c"])
        _ = try await send("GET", "/reports/4?created=9", contentType: nil, body: [])
        #expect(Self.reported.withLock { $0?.query.created } == .integer(9))
    }

    @Test func aStyledValueThatBreaksItsSchemaIsNamed() async throws {
        let response = try await send(
            "GET", "/reports/1,x?filter[size]=0&lines[0][amount]=many", contentType: nil, body: [])
        #expect(response.status == 422)
        let body = String(decoding: response.body, as: UTF8.self)
        for location in ["path.ids[1]", "query.filter.size", "query.lines[0].amount"] {
            #expect(body.contains(#""location":"\#(location)""#), "\(location) in \(body)")
        }
    }

    @Test func labelStyleWithExplode() async throws {
        let response = try await send("GET", "/labels/.5.6?color=red", contentType: nil, body: [])
        #expect(response.status == 204)
        #expect(Self.labelled.withLock { $0?.path.id } == [5, 6])
        let unlabelled = try await send("GET", "/labels/5?color=red", contentType: nil, body: [])
        #expect(unlabelled.status == 422)
    }

    // MARK: multipart/form-data

    func multipart(_ parts: [(headers: String, body: [UInt8])], boundary: String = "b0undary") -> [UInt8] {
        var bytes: [UInt8] = Array("preamble is ignored\r\n".utf8)
        for part in parts {
            bytes += Array("--\(boundary)\r\n\(part.headers)\r\n\r\n".utf8) + part.body + Array("\r\n".utf8)
        }
        return bytes + Array("--\(boundary)--\r\n".utf8)
    }

    func field(_ name: String, _ value: String) -> (headers: String, body: [UInt8]) {
        ("Content-Disposition: form-data; name=\"\(name)\"", Array(value.utf8))
    }

    @Test func multipartPartsBecomeTypedMembersAndFilesKeepTheirBytes() async throws {
        // The file holds a CRLF and a byte that is not UTF-8: parts end only at a delimiter line.
        let file: (headers: String, body: [UInt8]) = (
            "Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream",
            [0x0D, 0x0A, 0xFF, 0x2D, 0x2D]
        )
        let body = multipart([
            field("title", "Report"), file, field("tags", "a"), field("tags", "b"), field("meta", #"{"pages": 3}"#),
            field("copies", "2"),
        ])
        let response = try await send(
            "POST", "/documents", contentType: "multipart/form-data; boundary=b0undary", body: body)
        #expect(response.status == 201)
        #expect(
            String(decoding: response.body, as: UTF8.self)
                == #"{"summary":"Report [d a ff 2d 2d] tags=[\"a\", \"b\"] pages=3 copies=2"}"#)
        // One part of an array member is an array of one.
        let single = multipart([field("title", "T"), file, field("tags", "only")])
        let one = try await send(
            "POST", "/documents", contentType: "multipart/form-data; boundary=b0undary", body: single)
        #expect(String(decoding: one.body, as: UTF8.self).contains(#"tags=[\"only\"]"#))
    }

    @Test func multipartProblemsAreNamed() async throws {
        let contentType = "multipart/form-data; boundary=b0undary"
        let invalid = try await send(
            "POST", "/documents", contentType: contentType,
            body: multipart([field("title", String(repeating: "x", count: 21)), field("copies", "0")]))
        #expect(invalid.status == 422)
        let text = String(decoding: invalid.body, as: UTF8.self)
        for location in ["body.title", "body.file", "body.copies"] {
            #expect(text.contains(#""location":"\#(location)""#), "\(location) in \(text)")
        }
        let noBoundary = try await send("POST", "/documents", contentType: "multipart/form-data", body: [])
        #expect(noBoundary.status == 400)
        let unterminated = try await send(
            "POST", "/documents", contentType: contentType,
            body: Array("--b0undary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx".utf8))
        #expect(unterminated.status == 400)
        let badJSON = try await send(
            "POST", "/documents", contentType: contentType, body: multipart([field("title", "T"), field("meta", "{")]))
        #expect(badJSON.status == 400)
    }

    // MARK: Paths with text around a parameter, JSON parameters

    @Test func aParameterBetweenTextAndAJSONQueryParameter() async throws {
        let filter = #"{"owner":"ann"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let response = try await send("GET", "/exports/data.csv?filter=\(filter)", contentType: nil, body: [])
        #expect(response.status == 204)
        let input = try #require(Self.exported.withLock { $0 })
        #expect(input.path.format == .csv)
        #expect(input.query.filter?.owner == "ann")
        #expect(try await send("GET", "/exports/data.", contentType: nil, body: []).status == 404)
        #expect(try await send("GET", "/exports/other.csv", contentType: nil, body: []).status == 404)
        let invalid = try await send("GET", "/exports/data.xml?filter=%7B%7D", contentType: nil, body: [])
        #expect(invalid.status == 422)
        let text = String(decoding: invalid.body, as: UTF8.self)
        #expect(text.contains(#""location":"path.format""#) && text.contains(#""location":"query.filter.owner""#))
        let notJSON = try await send("GET", "/exports/data.csv?filter=owner", contentType: nil, body: [])
        #expect(String(decoding: notJSON.body, as: UTF8.self).contains(#""location":"query.filter""#))
    }

    // MARK: The generated client, through the router in process

    /// Sends the client's requests straight to the router: what the client writes, the server must read back.
    struct RouterTransport: ClientTransport {
        func send(_ request: HTTPRequest, serverURL: String) async throws -> HTTPResponse {
            try await APIRouter(handler: PhotoStore()).respond(to: request)
        }
    }

    let client = APIClient(serverURL: "", transport: RouterTransport())

    @Test func theClientWritesEveryStyleAsTheRouterReadsIt() async throws {
        let sent = Operations.Report.Input(
            path: .init(ids: [1, 2, 3]),
            query: .init(
                filter: .init(owner: "ann lee", size: 2), created: .case2(.init(gt: 5)),
                lines: [.init(amount: 7), .init(amount: 8)], tags: ["x", "y"], point: .init(x: 1.5, y: -2)),
            headers: .init(xDims: .init(w: 3, h: 4)), cookies: .init(prefs: ["a", "b,c"]))
        guard case .ok = try await client.report(sent) else { throw Problem(status: 500, detail: "report") }
        let input = try #require(Self.reported.withLock { $0 })
        #expect(input.path == sent.path && input.query == sent.query)
        #expect(input.headers == sent.headers && input.cookies == sent.cookies)
        guard case .noContent = try await client.label(.init(path: .init(id: [4, 5]), query: .init(color: "r&d")))
        else { throw Problem(status: 500, detail: "label") }
        #expect(Self.labelled.withLock { $0?.path.id } == [4, 5])
        #expect(Self.labelled.withLock { $0?.query.color } == "r&d")
        guard
            case .noContent = try await client.export(
                .init(path: .init(format: .csv), query: .init(filter: .init(owner: "o"))))
        else { throw Problem(status: 500, detail: "export") }
        #expect(Self.exported.withLock { $0?.path.format } == .csv)
        #expect(Self.exported.withLock { $0?.query.filter?.owner } == "o")
    }

    @Test func theClientSendsEveryBodyAndReadsEveryResponse() async throws {
        let pet = Schemas.Pet.cat(.init(kind: "cat", name: "Tom", lives: 9))
        guard case .created(let created) = try await client.createPet(.init(body: pet)) else {
            throw Problem(status: 500, detail: "createPet")
        }
        #expect(created == pet)
        guard
            case .created(let document) = try await client.uploadDocument(
                .init(body: .init(title: "Q4", file: Data([0xCA, 0xFE]), tags: ["a", "b"], meta: .init(pages: 3))))
        else { throw Problem(status: 500, detail: "uploadDocument") }
        #expect(document.summary == "Q4 [ca fe] tags=[\"a\", \"b\"] pages=3 copies=-1")
        guard
            case .ok(let subscription) = try await client.subscribe(
                .init(body: .init(email: "a@b.c", topics: ["x", "y"], preferences: .init(digest: true))))
        else { throw Problem(status: 500, detail: "subscribe") }
        #expect(subscription.topics == ["x", "y"] && subscription.preferences?.digest == true)
        // The writeOnly password goes out in the request and is never expected back; the readOnly id comes back.
        guard
            case .created(let account) = try await client.createAccount(
                .init(body: .init(email: "a@b.c", password: "secret")))
        else { throw Problem(status: 500, detail: "createAccount") }
        #expect(account.id == 42 && account.password == nil)
        guard case .noContent = try await client.storeBlob(.init(body: Data([1, 2]))),
            case .noContent = try await client.storeBlob(),
            case .noContent = try await client.uploadPhoto(
                .init(path: .init(id: 1), body: Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF])))
        else { throw Problem(status: 500, detail: "binary bodies") }
        guard case .ok(let photo) = try await client.downloadPhoto(.init(path: .init(id: 7), query: .init(id: 3)))
        else { throw Problem(status: 500, detail: "downloadPhoto") }
        #expect(photo == Data([0x89, 0x50, 0x4E, 0x47, 7, 3]))
    }

    @Test func errorsComeBackTypedAndUndocumentedStatusesAsTheyAre() async throws {
        // A status createPet does not document is handed over as it came.
        struct Teapot: ClientTransport {
            func send(_ request: HTTPRequest, serverURL: String) async throws -> HTTPResponse {
                HTTPResponse(status: 418, body: Array("short and stout".utf8))
            }
        }
        guard
            case .undocumented(let response) = try await APIClient(serverURL: "", transport: Teapot()).createPet(
                .init(body: .cat(.init(kind: "cat", name: "Tom"))))
        else { throw Problem(status: 500, detail: "createPet") }
        #expect(response.status == 418 && response.body == Array("short and stout".utf8))
        // A documented status whose body breaks the schema is an error naming where.
        struct Lying: ClientTransport {
            func send(_ request: HTTPRequest, serverURL: String) async throws -> HTTPResponse {
                HTTPResponse(
                    status: 201, headers: ["Content-Type": "application/json"], body: Array(#"{"kind": "cat"}"#.utf8))
            }
        }
        let lied = APIClient(serverURL: "", transport: Lying())
        await #expect {
            _ = try await lied.createPet(.init(body: .cat(.init(kind: "cat", name: "Tom"))))
        } throws: { error in
            "\(error)".contains("body.name: is required")
        }
    }
}
