import APIRuntime
import Foundation
import InMemoryLogging
import PostgresLibPQ
import SecurityLibcrypto
import Testing

/// Registration, login, `/users/me` and every way a token can be wrong, over real HTTP against real PostgreSQL.
@Suite struct AuthTests {
    func server() async throws -> TestServer { try await TestServer.shared.value }

    @Test func registerReturns201WithLocationAndNoPassword() async throws {
        let server = try await server()
        let email = "Mixed-\(UUID().uuidString)@Example.com"
        let response = try await server.request(
            "POST", "/auth/register", json: #"{"email": "\#(email)", "password": "long enough"}"#)
        #expect(response.status == 201)
        #expect(response.header("Location") == "/users/me")
        #expect(response.object["email"]?.string == email.lowercased())
        #expect(response.object["id"]?.integer ?? 0 > 0)
        #expect((response.object["created_at"]?.string)?.hasSuffix("Z") == true)
        #expect(response.object["password"] == nil && response.object["password_hash"] == nil)
    }

    @Test func duplicateEmailIs400WhateverItsCase() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let response = try await server.request(
            "POST", "/auth/register", json: #"{"email": "\#(user.email.uppercased())", "password": "another one"}"#
        )
        #expect(response.status == 400)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.object["detail"]?.string == "Email already registered")
    }

    @Test(arguments: [
        (#"{"email": "not-an-email", "password": "long enough"}"#, ["body.email"]),
        (#"{"email": "a@example.com", "password": "short"}"#, ["body.password"]),
        (#"{"email": "a@example.com", "password": "\#(String(repeating: "€", count: 25))"}"#, ["body.password"]),
        (#"{"password": "long enough"}"#, ["body.email"]),
        (#"{}"#, ["body.email", "body.password"]),
    ])
    func invalidRegistrationIs422NamingTheField(_ body: String, _ locations: [String]) async throws {
        let response = try await server().request("POST", "/auth/register", json: body)
        #expect(response.status == 422)
        #expect(response.errorLocations == locations)
    }

    @Test func loginReturnsABearerTokenThatIsNotCached() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let response = try await server.request(
            "POST", "/auth/login", form: "grant_type=password&username=\(user.email)&password=\(user.password)")
        #expect(response.status == 200)
        #expect(response.header("Cache-Control") == "no-store")
        #expect(response.object["token_type"]?.string == "bearer")
        #expect(response.object["expires_in"]?.integer == 1800)
        let token = try #require(response.object["access_token"]?.string)
        #expect(token.split(separator: ".").count == 3)
        let me = try await server.request("GET", "/users/me", token: token)
        #expect(me.status == 200)
        #expect(me.object["id"]?.integer == user.id)
        #expect(me.object["email"]?.string == user.email)
    }

    /// Every login field is bounded; a password past bcrypt's 72 bytes is refused rather than matched on its first
    /// 72, which bcrypt alone would do.
    @Test func loginFieldsAreBoundedAndAPasswordPast72BytesNeverMatches() async throws {
        let server = try await server()
        let email = "bytes-\(UUID().uuidString.lowercased())@example.com"
        let password = String(repeating: "p", count: 72)
        let registered = try await server.request(
            "POST", "/auth/register", json: #"{"email": "\#(email)", "password": "\#(password)"}"#)
        #expect(registered.status == 201)
        #expect(
            try await server.request("POST", "/auth/login", form: "username=\(email)&password=\(password)").status
                == 200)
        let longer = try await server.request("POST", "/auth/login", form: "username=\(email)&password=\(password)x")
        #expect(longer.status == 422, "the first 72 bytes match; the password does not")
        #expect(longer.errorLocations == ["body.password"])
        let longName = try await server.request(
            "POST", "/auth/login", form: "username=\(String(repeating: "u", count: 255))&password=x")
        #expect(longName.errorLocations == ["body.username"])
        let longScope = try await server.request(
            "POST", "/auth/login",
            form: "username=\(email)&password=\(password)&scope=\(String(repeating: "s", count: 1025))")
        #expect(longScope.errorLocations == ["body.scope"])
    }

    @Test func loginComparesEmailsCaseInsensitively() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let response = try await server.request(
            "POST", "/auth/login", form: "username=\(user.email.uppercased())&password=\(user.password)")
        #expect(response.status == 200)
    }

    @Test func wrongPasswordAndUnknownUserGetTheSame401() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let wrong = try await server.request(
            "POST", "/auth/login", form: "username=\(user.email)&password=wrong-password")
        let unknown = try await server.request(
            "POST", "/auth/login", form: "username=nobody-\(UUID())@example.com&password=whatever1")
        for response in [wrong, unknown] {
            #expect(response.status == 401)
            #expect(response.header("WWW-Authenticate") == "Bearer")
            #expect(response.object["error"]?.string == "invalid_grant")
            #expect(response.object["detail"]?.string == "Incorrect email or password")
        }
        #expect(wrong.body == unknown.body)
    }

    @Test func loginWithMissingFieldsIs422() async throws {
        let response = try await server().request("POST", "/auth/login", form: "username=a@example.com")
        #expect(response.status == 422)
        #expect(response.errorLocations == ["body.password"])
    }

    @Test func missingTokenIs401WithBearerChallenge() async throws {
        let response = try await server().request("GET", "/users/me")
        #expect(response.status == 401)
        #expect(response.header("WWW-Authenticate") == "Bearer")
        #expect(response.object["detail"]?.string == "Not authenticated")
    }

    /// Every forged, expired or otherwise wrong token is `401 invalid_token`.
    @Test func tamperedTokensAreRejected() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let parts = user.token.split(separator: ".").map(String.init)
        let otherSigner = try #require(JWTSigner(secret: Array(repeating: 7, count: 32)))
        let signer = try #require(JWTSigner(secret: server.secret))
        let now = Date()
        let expired = try signer.sign(
            JWTClaims(
                subject: String(user.id), issuedAt: now.addingTimeInterval(-7200),
                expiresAt: now.addingTimeInterval(-3600), id: "x"))
        let forged = try otherSigner.sign(JWTClaims(subject: String(user.id), issuedAt: now, lifetime: .seconds(600)))
        let noneHeader = Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8))
        let hs512Header = Base64URL.encode(Array(#"{"alg":"HS512","typ":"JWT"}"#.utf8))
        let otherPayload = Base64URL.encode(
            Array(#"{"sub":"\#(user.id + 1)","iat":1,"exp":9999999999,"jti":"j"}"#.utf8))
        let candidates = [
            "\(parts[0]).\(parts[1]).\(Base64URL.encode(Array(repeating: UInt8(0), count: 32)))",  // bad signature
            "\(parts[0]).\(otherPayload).\(parts[2])",  // payload swapped
            "\(noneHeader).\(parts[1]).",  // alg none
            "\(hs512Header).\(parts[1]).\(parts[2])",  // another algorithm
            expired.text,
            forged.text,
            "not-a-jwt",
            "\(parts[0]).\(parts[1])",
            String(user.token.dropLast()),
        ]
        for token in candidates {
            let response = try await server.request("GET", "/users/me", token: token)
            #expect(response.status == 401, "\(token)")
            #expect(response.header("WWW-Authenticate") == #"Bearer error="invalid_token""#)
        }
    }

    @Test func tokenOfADeletedUserStopsWorking() async throws {
        let server = try await server()
        let user = try await server.newUser()
        _ = try await server.sql("DELETE FROM users WHERE id = \(user.id)")
        let response = try await server.request("GET", "/users/me", token: user.token)
        #expect(response.status == 401)
        #expect(response.header("WWW-Authenticate") == #"Bearer error="invalid_token""#)
    }

    /// Valid bodies for the secured operations that take one, so that only authentication can fail.
    static let validBodies: [String: String] = [
        "POST /tasks": #"{"title": "after deletion"}"#,
        "PATCH /tasks/{id}": #"{"title": "after deletion"}"#,
    ]

    /// Every operation the spec secures, read from the served document so that a new endpoint is covered at once:
    /// a deleted user's token gets `401` — never `403`, `404` or an empty list — with no statement of its own for
    /// the user (each operation's statement proves the owner exists).
    @Test func deletingYourAccountDeletesItsTasksAndEndsEveryToken() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let other = try await server.newUser()
        let othersTask = try #require(try await server.newTask(for: other)["id"]?.integer)
        for _ in 1...3 { _ = try await server.newTask(for: user) }
        // A second login: every token of the account must stop working, not only the one that deleted it.
        let secondLogin = try await server.request(
            "POST", "/auth/login", form: "username=\(user.email)&password=\(user.password)")
        let secondToken = try #require(secondLogin.object["access_token"]?.string)

        let deleted = try await server.request("DELETE", "/users/me", token: user.token)
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        let remaining = try await server.sql("SELECT count(*) AS n FROM tasks WHERE user_id = \(user.id)")
        #expect(try remaining.first?.decode("n", as: Int64.self) == 0, "the tasks went with the account")
        for token in [user.token, secondToken] {
            for (method, path) in [("GET", "/users/me"), ("GET", "/tasks"), ("DELETE", "/users/me")] {
                let response = try await server.request(method, path, token: token)
                #expect(response.status == 401, "\(method) \(path) after the account was deleted")
            }
        }
        let login = try await server.request(
            "POST", "/auth/login", form: "username=\(user.email)&password=\(user.password)")
        #expect(login.status == 401)
        // Nobody else's data moved.
        #expect(try await server.request("GET", "/tasks/\(othersTask)", token: other.token).status == 200)
        #expect(try await server.request("GET", "/users/me", token: other.token).status == 200)
    }

    @Test func tokenOfADeletedUserIs401OnEverySecuredOperation() async throws {
        let server = try await server()
        let gone = try await server.newUser()
        let other = try await server.newUser()
        let othersTask = try #require(try await server.newTask(for: other)["id"]?.integer)
        _ = try await server.newTask(for: gone)
        _ = try await server.sql("DELETE FROM users WHERE id = \(gone.id)")
        let spec = try await server.request("GET", "/openapi.json").object
        let globalSecurity = spec["security"]
        var checked = 0
        for (path, item) in spec["paths"]?.members ?? [:] {
            for (method, operation) in item.members ?? [:] {
                guard let operation = operation.members, operation["responses"] != nil else { continue }
                let security = operation["security"] ?? globalSecurity
                guard case .array(let alternatives)? = security, !alternatives.contains(.object([:])) else { continue }
                let route = "\(method.uppercased()) \(path)"
                let body = Self.validBodies[route]
                if operation["requestBody"] != nil, body == nil {
                    Issue.record("\(route) takes a body: add a valid one to validBodies")
                    continue
                }
                // Another user's task and a missing one: neither may answer 403 or 404 to a deleted user.
                for id in [othersTask, 9_000_000_000_000] {
                    let target = path.replacingOccurrences(of: "{id}", with: "\(id)")
                    let response = try await server.request(method.uppercased(), target, json: body, token: gone.token)
                    #expect(response.status == 401, "\(route) with id \(id): \(response.status) \(response.text)")
                    #expect(response.header("WWW-Authenticate") == #"Bearer error="invalid_token""#, "\(route)")
                }
                checked += 1
            }
        }
        #expect(checked >= 6, "secured operations found: \(checked)")
        // Refused input too: validation runs no statement, and still a deleted user's token is what counts.
        let refused: [(method: String, target: String, body: String?)] = [
            ("POST", "/tasks", "{}"), ("GET", "/tasks?limit=0", nil), ("GET", "/tasks/abc", nil),
            ("DELETE", "/tasks/abc", nil), ("PATCH", "/tasks/\(othersTask)", "{\"title\": 5}"),
            ("PATCH", "/tasks/\(othersTask)", "{"),
        ]
        for (method, target, body) in refused {
            let response = try await server.request(method, target, json: body, token: gone.token)
            #expect(response.status == 401, "\(method) \(target): \(response.status) \(response.text)")
        }
        let wrongType = try await server.request(
            "POST", "/tasks", token: gone.token, headers: [("Content-Type", "text/plain")])
        #expect(wrongType.status == 401, "415 case: \(wrongType.status)")
        // The other user's task is untouched.
        let stillThere = try await server.request("GET", "/tasks/\(othersTask)", token: other.token)
        #expect(stillThere.object["title"]?.string == "A task")
    }

    @Test func passwordsAreStoredAsBcryptHashes() async throws {
        let server = try await server()
        let user = try await server.newUser()
        let rows = try await server.sql("SELECT password_hash FROM users WHERE id = \(user.id)")
        let hash: String = try #require(rows.first).decode("password_hash")
        #expect(hash.hasPrefix("$2b$04$"))
        #expect(!hash.contains(user.password))
    }

    /// Logs never carry a password, a token or a hash.
    @Test func logsHoldNoSecrets() async throws {
        let server = try await server()
        let user = try await server.newUser()
        _ = try await server.request("GET", "/users/me", token: user.token)
        _ = try await server.request(
            "POST", "/auth/login", form: "username=\(user.email)&password=wrong-\(user.password)")
        let rows = try await server.sql("SELECT password_hash FROM users WHERE id = \(user.id)")
        let hash: String = try #require(rows.first).decode("password_hash")
        let text = server.logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!server.logs.entries.isEmpty)
        for secret in [user.password, user.token, hash] {
            #expect(!text.contains(secret))
        }
    }
}
