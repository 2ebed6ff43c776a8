import APIServerNIO
import ArgumentParser
import Logging
import NIOCore
import NIOPosix
import PostgresLibPQ
import ServiceLifecycle
import TaskAPIApp
import UnixSignals

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
enum Main {
    /// Before any task exists, on the main thread as NIO requires: NIO's event loops become Swift concurrency's
    /// executor, so a request's handler and its database continuation run on the threads that own the sockets
    /// instead of hopping to Swift's own pool and back. The loops are `EVENT_LOOP_THREADS` (one per core).
    static func main() async {
        NIOSingletons.groupLoopCountSuggestion = Startup.eventLoopThreads()
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await TaskAPICommand.main()
    }
}

struct TaskAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taskapi",
        abstract: "The Task API server.",
        discussion: "Configuration comes from the environment and an optional .env file; see .env.example.",
        subcommands: [Serve.self, Migrate.self],
        defaultSubcommand: Serve.self
    )
}

/// Reads settings and sets up logging, turning a bad setting into one clear line and exit status 2.
enum Startup {
    static func settings() throws -> Settings {
        do {
            return try Settings.load(environment: ProcessInfo.processInfo.environment, dotEnv: dotEnv())
        } catch {
            Startup.printError("taskapi: \(error)")
            throw ExitCode(2)
        }
    }

    /// The event-loop thread count, read before anything else; a bad setting is reported later by `settings()`.
    static func eventLoopThreads() -> Int {
        let settings = try? Settings.load(environment: ProcessInfo.processInfo.environment, dotEnv: dotEnv())
        return settings?.eventLoopThreads ?? System.coreCount
    }

    /// One line on standard error (no Foundation `FileHandle`: the server links FoundationEssentials only).
    static func printError(_ line: String) {
        var text = line + "\n"
        text.withUTF8 { bytes in _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count) }
    }

    private static func dotEnv() -> [String: String] {
        (try? String(contentsOfFile: ".env", encoding: .utf8)).map(DotEnv.parse) ?? [:]
    }

    /// JSON lines unless told otherwise or writing to a terminal, where a person reads them.
    static func logger(_ settings: Settings) -> Logger {
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        let json = (settings.logFormat ?? (isatty(STDERR_FILENO) == 1 ? .text : .json)) == .json
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "taskapi")
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the API until SIGTERM or SIGINT.")

    func run() async throws {
        let settings = try Startup.settings()
        let logger = Startup.logger(settings)
        let application = try Application(settings: settings, logger: logger, sharesEventLoops: true)
        logger.info("starting", metadata: ["environment": "\(settings.environment.rawValue)"])
        var configuration = application.serviceGroupConfiguration(logger: logger)
        configuration.gracefulShutdownSignals = [.sigterm, .sigint]
        try await ServiceGroup(configuration: configuration).run()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending migrations from the migrations folder.")

    @Flag(help: "List applied and pending migrations without applying any.")
    var status = false

    @Option(help: "The folder holding NNNN_name.sql files.")
    var directory = ProcessInfo.processInfo.environment["MIGRATIONS_DIR"] ?? "migrations"

    func run() async throws {
        let settings = try Startup.settings()
        _ = Startup.logger(settings)
        let database = Database(url: settings.databaseURL, size: 1)
        let failure: (any Error)?
        do {
            try await report(Migrator(database: database, directory: directory))
            failure = nil
        } catch {
            failure = error
        }
        await database.shutdown()
        if let error = failure {
            Startup.printError("taskapi migrate: \(error)")
            throw ExitCode(1)
        }
    }

    private func report(_ migrator: Migrator) async throws {
        if status {
            for migration in try await migrator.status() {
                print("\(migration.isApplied ? "applied" : "pending")  \(migration.name)")
            }
        } else {
            let applied = try await migrator.migrate()
            print(applied.isEmpty ? "migrations: up to date" : applied.map { "applied  \($0)" }.joined(separator: "\n"))
        }
    }
}
