import APIRuntime
import Handlers
import Testing

@testable import TaskAPIApp

@Suite struct SettingsTests {
    /// A key as `openssl rand -hex 32` makes one.
    static let valid = [
        "DATABASE_URL": "postgresql:///tasks",
        "SECRET_KEY": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    ]

    @Test func defaultsApplyWhenOnlyTheRequiredSettingsAreGiven() throws {
        let settings = try Settings.load(environment: Self.valid)
        #expect(settings.port == 8000)
        #expect(settings.host == "127.0.0.1")
        #expect(settings.bcryptCost == 12)
        #expect(settings.accessTokenLifetime == .seconds(1800))
        #expect(settings.databasePoolSize == 10)
        #expect(settings.maximumBodySize == 1 << 20)
        #expect(settings.docsAssetsURL == nil)
        #expect(settings.rateLimits == .standard)
        #expect(settings.rateLimits.login == RateLimit(limit: 10, window: .seconds(900)))
        #expect(settings.trustedProxies.isEmpty)
        #expect(settings.corsPolicy == nil)
        #expect(settings.maximumConnections == 1024)
        #expect(settings.headTimeout == .seconds(10))
        #expect(settings.minimumBodyRate == 1024)
        #expect(settings.bcryptQueueLimit == 8 * settings.bcryptThreads)
    }

    @Test func testOnlySettingsAreAcceptedUnderEnvironmentTest() throws {
        var environment = Self.valid
        environment["ENVIRONMENT"] = "test"
        environment["BCRYPT_COST"] = "4"
        environment["SECRET_KEY"] = "0123456789abcdef0123456789abcdef"
        let settings = try Settings.load(environment: environment)
        #expect(settings.environment == .test)
        #expect(settings.bcryptCost == 4)
        #expect(try Settings.load(environment: Self.valid).environment == .production)
    }

    @Test(arguments: [
        ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", true),  // openssl rand -hex 32
        ("3q2+7w8LtS9Pz1XfG6hJkQ0aYvBn4cMdE5rU", true),  // openssl rand -base64 27
        ("e3b0c44298fc1c149afbf4c8996fb924", true),  // openssl rand -hex 16: 128 bits
        ("0123456789abcdef0123456789abcdef", false),  // a pattern said twice
        ("passwordpasswordpasswordpassword", false),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", false),
    ])
    func secretStrengthTellsRandomKeysFromTypedOnes(_ secret: String, _ isStrong: Bool) {
        #expect((SecretStrength.estimatedBits(of: secret) >= SecretStrength.requiredBits) == isStrong, "\(secret)")
    }

    @Test func rateLimitsAndTrustedProxiesAreRead() throws {
        var environment = Self.valid
        environment["LOGIN_RATE_LIMIT"] = "0"
        environment["REGISTER_RATE_WINDOW_SECONDS"] = "60"
        environment["TRUSTED_PROXIES"] = "10.0.0.0/8, ::1"
        let settings = try Settings.load(environment: environment)
        #expect(settings.rateLimits.login.limit == 0)
        #expect(settings.rateLimits.registration == RateLimit(limit: 20, window: .seconds(60)))
        #expect(settings.trustedProxies.contains("10.1.2.3") && settings.trustedProxies.contains("::1"))
    }

    @Test(arguments: [
        ([:], "configuration error: DATABASE_URL is required (a libpq URL such as postgresql://user@host/db)"),
        (["SECRET_KEY": ""], "configuration error: SECRET_KEY is required (generate one with: openssl rand -hex 32)"),
        (
            ["SECRET_KEY": "short"],
            "configuration error: SECRET_KEY is too weak: use at least 32 random characters (generate one with: openssl rand -hex 32)"
        ),
        (
            ["SECRET_KEY": "change-me-run-openssl-rand-hex-32"],
            "configuration error: SECRET_KEY is too weak: use at least 32 random characters (generate one with: openssl rand -hex 32)"
        ),
        (
            ["SECRET_KEY": String(repeating: "a", count: 40)],
            "configuration error: SECRET_KEY is too weak: use at least 32 random characters (generate one with: openssl rand -hex 32)"
        ),
        (["PORT": "eighty"], "configuration error: PORT must be a whole number from 0 to 65535, not 'eighty'"),
        (["BCRYPT_COST": "3"], "configuration error: BCRYPT_COST must be a whole number from 4 to 31, not '3'"),
        (
            ["LOG_LEVEL": "loud"],
            "configuration error: LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical, not 'loud'"
        ),
        (
            ["TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal"],
            "configuration error: TRUSTED_PROXIES must be a comma-separated list of IP addresses and CIDR ranges, not '10.0.0.0/8, proxy.internal'"
        ),
        (
            ["SECRET_KEY": "0123456789abcdef0123456789abcdef"],
            "configuration error: SECRET_KEY is too weak: use at least 32 random characters (generate one with: openssl rand -hex 32)"
        ),
        (
            ["BCRYPT_COST": "9"],
            "configuration error: BCRYPT_COST must be at least 10 unless ENVIRONMENT=test, not '9'"
        ),
        (
            ["ENVIRONMENT": "staging"],
            "configuration error: ENVIRONMENT must be one of production, development, test, not 'staging'"
        ),
        (
            ["CORS_ORIGINS": "app.example.com"],
            "configuration error: CORS_ORIGINS must be * or a comma-separated list of origins such as https://app.example.com, not 'app.example.com'"
        ),
        (
            ["LOGIN_RATE_WINDOW_SECONDS": "0"],
            "configuration error: LOGIN_RATE_WINDOW_SECONDS must be a whole number from 1 to 86400, not '0'"
        ),
    ])
    func malformedSettingStopsStartUpNamingTheVariable(_ overrides: [String: String], _ message: String) {
        var environment = overrides.keys.contains("DATABASE_URL") || !overrides.isEmpty ? Self.valid : [:]
        environment.merge(overrides) { _, new in new }
        #expect(throws: ConfigError.self) { try Settings.load(environment: environment) }
        do {
            _ = try Settings.load(environment: environment)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func environmentWinsOverDotEnv() throws {
        let dotEnv = DotEnv.parse(
            """
            # comment
            export PORT=9000
            HOST="0.0.0.0"
            DB_POOL_SIZE=3 # trailing comment
            BCRYPT_COST='11'
            """
        )
        #expect(dotEnv == ["PORT": "9000", "HOST": "0.0.0.0", "DB_POOL_SIZE": "3", "BCRYPT_COST": "11"])
        var environment = Self.valid
        environment["PORT"] = "9001"
        let settings = try Settings.load(environment: environment, dotEnv: dotEnv)
        #expect(settings.port == 9001)
        #expect(settings.host == "0.0.0.0")
        #expect(settings.databasePoolSize == 3)
        #expect(settings.bcryptCost == 11)
    }
}
