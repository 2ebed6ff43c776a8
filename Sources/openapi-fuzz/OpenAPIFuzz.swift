import ArgumentParser
import Foundation
internal import Generator

@main
struct OpenAPIFuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi-fuzz",
        abstract: "Feeds mutated OpenAPI documents to the generator and checks that it never crashes, hangs or fails "
            + "without located diagnostics.",
        discussion: """
            Tries the corpus documents as they are, then mutants of them: structure-aware mutations keep the YAML \
            valid but make the OpenAPI odd (wrong kinds of values, edge numbers, unknown and cyclic $refs, odd path \
            templates, Swift keywords, names that collide once made identifiers); byte mutations break the YAML; \
            now and then a document gets a thousand colliding names, to catch quadratic work. Each input is \
            generated twice and must be either refused (no files; every diagnostic one \
            'file:line:column: severity: message' line pointing into the document) or accepted (files that end in \
            one newline, have no trailing spaces or characters Swift rejects, and are the same both times), within \
            --hang-seconds. \
            Whether accepted output compiles is checked apart: save a sample with --save-generated and run \
            scripts/fuzz-compile.sh on it.

            A run is a function of --seed and the corpus: a failure is replayed with the same seed and --iteration, \
            or from its saved input with --replay (add --minimize to shrink it).

            Exit status: 0 no failures, 1 failures (their inputs are saved under --artifacts), 2 usage errors.
            """
    )

    @Argument(help: "Documents and folders of documents to mutate (default: ../shared/specs and openapi.yaml).")
    var corpus: [String] = []

    @Option(help: "The seed of the run.")
    var seed: UInt64 = 1

    @Option(help: "Stop after this many inputs (default: 2000, or no limit when --seconds is given).")
    var iterations: Int?

    @Option(help: "Stop after this many seconds, if that comes before --iterations.")
    var seconds: Double?

    @Option(help: "Run only this iteration of the seed's run, printing how its input was made.")
    var iteration: Int?

    @Option(help: "Check this one saved input instead of fuzzing.")
    var replay: String?

    @Flag(help: "With --replay: shrink a failing input to one that fails the same way, saved beside it as .min.yaml.")
    var minimize = false

    @Option(help: "An input that takes longer than this many seconds is a hang.")
    var hangSeconds = 2.0

    @Option(help: "Where failing inputs, and the input being tried, are saved.")
    var artifacts = "test-output/fuzz"

    @Option(help: "Save generated files (with their input) here, one folder per input, for scripts/fuzz-compile.sh.")
    var saveGenerated: String?

    @Option(help: "How many generated outputs --save-generated keeps (the first distinct ones).")
    var saveGeneratedLimit = 20

    func validate() throws {
        guard iterations.map({ $0 > 0 }) ?? true else { throw ValidationError("--iterations must be positive") }
        guard seconds.map({ $0 > 0 }) ?? true else { throw ValidationError("--seconds must be positive") }
        guard iteration.map({ $0 >= 0 }) ?? true else { throw ValidationError("--iteration must not be negative") }
        guard hangSeconds > 0 else { throw ValidationError("--hang-seconds must be positive") }
        guard saveGeneratedLimit >= 0 else { throw ValidationError("--save-generated-limit must not be negative") }
        guard !minimize || replay != nil else { throw ValidationError("--minimize needs --replay FILE") }
    }

    func run() throws {
        let paths = corpus.isEmpty ? ["../shared/specs", "openapi.yaml"] : corpus
        // A replay needs no corpus: the input is the file.
        let documents = FuzzCorpus(paths: replay == nil ? paths : [])
        for path in documents.skipped {
            Console.error("openapi-fuzz: note: cannot read corpus path '\(path)'; skipped")
        }
        let fuzzer = Fuzzer(
            configuration: Fuzzer.Configuration(
                seed: seed,
                iterations: iterations ?? (seconds == nil ? 2_000 : Int.max - 1),
                timeLimit: seconds.map { .milliseconds(Int64($0 * 1000)) },
                hangLimit: .milliseconds(Int64(hangSeconds * 1000)),
                artifacts: artifacts,
                saveGenerated: saveGenerated,
                saveGeneratedLimit: saveGeneratedLimit,
                corpusArguments: corpus
            ),
            corpus: documents
        )
        if let replay {
            try runReplay(replay, with: fuzzer)
            return
        }
        if let iteration {
            let input = fuzzer.input(forIteration: iteration)
            Console.output(fuzzer.describe(iteration, input))
        }
        let summary = fuzzer.run(only: iteration)
        report(summary, corpusCount: documents.entries.count)
        if !summary.failures.isEmpty { throw ExitCode(1) }
    }

    private func runReplay(_ path: String, with fuzzer: Fuzzer) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("openapi-fuzz: error: cannot read '\(path)'")
            throw ExitCode(2)
        }
        let input = Fuzzer.Input(bytes: [UInt8](data), family: .original, mutations: ["replay of \(path)"])
        let outcome = fuzzer.check(input)
        for diagnostic in outcome.result.diagnostics { Console.output(diagnostic.description) }
        let verdict = outcome.result.hasErrors ? "refused" : "generated \(outcome.result.files.count) files"
        Console.output("openapi-fuzz: \(path): \(verdict) in \(Fuzzer.seconds(outcome.duration)) s")
        for problem in outcome.problems { Console.output("openapi-fuzz: FAILURE: \(problem)") }
        if minimize, !outcome.problems.isEmpty, let smaller = FuzzMinimizer(fuzzer: fuzzer).minimize(input.bytes) {
            let target = (path as NSString).deletingPathExtension + ".min.yaml"
            guard FileManager.default.createFile(atPath: target, contents: Data(smaller)) else {
                Console.error("openapi-fuzz: error: cannot write '\(target)'")
                throw ExitCode(2)
            }
            Console.output("openapi-fuzz: minimized to \(smaller.count) bytes in \(target):")
            Console.output(String(decoding: smaller.prefix(2_000), as: UTF8.self))
        }
        if let folder = saveGenerated, !outcome.result.hasErrors {
            ArtifactStore(folder: artifacts).saveGenerated(
                input, files: outcome.result.files, in: folder, name: "replay")
            Console.output("openapi-fuzz: generated files saved to \(folder)/replay")
        }
        if !outcome.problems.isEmpty { throw ExitCode(1) }
    }

    private func report(_ summary: Fuzzer.Summary, corpusCount: Int) {
        Console.output(
            "openapi-fuzz: \(summary.inputs) inputs in \(Fuzzer.seconds(summary.elapsed)) s (seed \(seed), "
                + "\(corpusCount) corpus documents): \(summary.refused) refused with diagnostics, "
                + "\(summary.generated) generated, \(summary.failures.count) failures"
        )
        let families = Fuzzer.Input.Family.allCases.compactMap { family -> String? in
            guard let counts = summary.byFamily[family] else { return nil }
            return "\(family.rawValue) \(counts.generated)/\(counts.inputs)"
        }
        Console.output(
            "openapi-fuzz: generated per mutation family: \(families.joined(separator: ", ")); slowest input "
                + "\(Fuzzer.seconds(summary.slowest.duration)) s of CPU time (iteration \(summary.slowest.iteration))"
                + (saveGenerated.map { "; \(summary.savedGenerated) outputs saved to \($0)" } ?? "")
        )
        guard !summary.failures.isEmpty else { return }
        for failure in summary.failures.prefix(20) { Console.output("  " + failure) }
        if summary.failures.count > 20 { Console.output("  … and \(summary.failures.count - 20) more") }
        Console.output("openapi-fuzz: failing inputs saved:")
        for path in summary.artifacts { Console.output("  " + path) }
    }
}
