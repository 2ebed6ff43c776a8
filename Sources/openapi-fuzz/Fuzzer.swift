import Foundation
internal import Generator

/// Runs the generator over mutated documents and checks every result against `InvariantChecker`.
///
/// Each iteration's input depends only on the seed, the iteration number and the corpus, so any one of them
/// can be made again with `--seed S --iteration N`.
struct Fuzzer {
    struct Configuration {
        var seed: UInt64
        var iterations: Int
        var timeLimit: Duration?
        var hangLimit: Duration
        var artifacts: String
        var saveGenerated: String?
        var saveGeneratedLimit: Int
        /// The command-line arguments that name the corpus, for replay commands.
        var corpusArguments: [String]
    }

    /// One document to try, with how it was made.
    struct Input {
        enum Family: String, CaseIterable {
            case original = "unmutated"
            case tree = "structure"
            case bytes = "byte"
            case mixed = "structure+byte"
            case scaling = "scaling"
        }

        var bytes: [UInt8]
        var family: Family
        var mutations: [String]
        /// The tree the bytes were written from, when they must read back as exactly that tree.
        var emittedTree: FuzzNode?
        /// The same document with half as many of something: generating from `bytes` must not take much more
        /// than twice as long.
        var half: [UInt8]?
    }

    static let specPath = "openapi.yaml"

    let configuration: Configuration
    let corpus: FuzzCorpus
    private let checker = InvariantChecker(specPath: Fuzzer.specPath)

    init(configuration: Configuration, corpus: FuzzCorpus) {
        self.configuration = configuration
        self.corpus = corpus
    }

    // MARK: Inputs

    /// The input of one iteration: the corpus documents as they are first, then mutants.
    func input(forIteration iteration: Int) -> Input {
        let entries = corpus.entries
        if iteration < entries.count {
            return Input(
                bytes: entries[iteration].bytes, family: .original, mutations: ["\(entries[iteration].name) as is"])
        }
        var random = SplitMix64(seed: configuration.seed, iteration: iteration)
        if random.oneIn(400), let tree = entries[0].tree {
            return scalingInput(from: tree, random: &random)
        }
        let entry = random.element(of: entries)
        let treeDonors = entries.compactMap(\.tree)
        var family = random.weighted([(50, Input.Family.tree), (35, .bytes), (15, .mixed)])
        if entry.tree == nil { family = .bytes }
        var mutations = ["from \(entry.name)"]
        var bytes = entry.bytes
        var emittedTree: FuzzNode?
        if family != .bytes, var tree = entry.tree {
            let mutator = TreeMutator(donors: treeDonors)
            for _ in 0...random.skewed(below: 6) {
                mutations.append(mutator.mutate(&tree, random: &random))
            }
            let style = random.oneIn(4) ? YAMLEmitter.Style.flow : .block
            mutations.append("written in \(style) style")
            bytes = Array(YAMLEmitter.emit(tree, style: style).utf8)
            // Deeper trees are refused by the parser's depth limit, and duplicate keys by YAML itself.
            if family == .tree, !tree.hasDuplicateKeys, tree.depth < 200 { emittedTree = tree }
        }
        if family != .tree {
            let mutator = ByteMutator(donors: entries.map(\.bytes))
            let count = family == .mixed ? 1 : 1 + random.skewed(below: 4)
            for _ in 0..<count {
                mutations.append(mutator.mutate(&bytes, random: &random))
            }
        }
        return Input(bytes: bytes, family: family, mutations: mutations, emittedTree: emittedTree)
    }

    /// The built-in document with many names that collide once made Swift names, and with half as many.
    private func scalingInput(from tree: FuzzNode, random: inout SplitMix64) -> Input {
        let place = random.element(of: TreeMutator.ManyNames.allCases)
        let mutator = TreeMutator(donors: [])
        var half = tree
        _ = mutator.addManyCollidingNames(&half, count: place.count, at: place)
        var full = tree
        let description = mutator.addManyCollidingNames(&full, count: place.count * 2, at: place)
        return Input(
            bytes: Array(YAMLEmitter.emit(full, style: .block).utf8),
            family: .scaling,
            mutations: ["from (built-in)", description, "written in block style"],
            half: Array(YAMLEmitter.emit(half, style: .block).utf8)
        )
    }

    // MARK: Checking one input

    /// What one input produced.
    struct Outcome {
        var result: OpenAPIGenerator.Result
        var duration: Duration
        var problems: [String]
    }

    /// Generates from `input` twice and checks the results; durations are CPU time (see `ThreadCPUClock`).
    func check(_ input: Input) -> Outcome {
        func timed(_ bytes: [UInt8]) -> (OpenAPIGenerator.Result, Duration) {
            let start = ThreadCPUClock.now()
            let result = OpenAPIGenerator.generate(
                spec: bytes, specPath: Self.specPath, outputPath: "Sources/Generated")
            return (result, ThreadCPUClock.now() - start)
        }
        let (first, firstDuration) = timed(input.bytes)
        var duration = firstDuration
        var second = first
        // A hang is reported as such: running it again would only double the wait.
        if firstDuration <= configuration.hangLimit {
            let (result, secondDuration) = timed(input.bytes)
            second = result
            duration = min(firstDuration, secondDuration)
        }
        var problems = checker.problems(input: input.bytes, first: first, second: second)
        if duration > configuration.hangLimit {
            problems.append(
                "hang: generating took \(Self.seconds(duration)) s of CPU time "
                    + "(limit \(Self.seconds(configuration.hangLimit)) s)")
        }
        if let half = input.half {
            // The faster of two runs each, so that cache and allocator noise does not pass for quadratic work.
            let halfDuration = min(timed(half).1, timed(half).1)
            // Twice the names should take about twice the time; four times means quadratic work.
            func looksSuperlinear(_ full: Duration, _ half: Duration) -> Bool {
                full > .milliseconds(200) && full > half * 3
            }
            if looksSuperlinear(duration, halfDuration) {
                // Confirmed on fresh measurements, the fastest of three each: a busy machine (make test runs the
                // fuzzer beside other work) once stretched one run to three times the other.
                let full = (0..<3).map { _ in timed(input.bytes).1 }.min() ?? duration
                let halved = (0..<3).map { _ in timed(half).1 }.min() ?? halfDuration
                if looksSuperlinear(full, halved) {
                    problems.append(
                        "superlinear: twice the names took \(Self.milliseconds(full)) ms instead of "
                            + "\(Self.milliseconds(halved)) ms (×\(Int((full / halved).rounded())))")
                }
            }
        }
        if let tree = input.emittedTree {
            var diagnostics = Diagnostics()
            let reread = YAMLParser.parse(input.bytes, file: Self.specPath, diagnostics: &diagnostics)
            if let error = diagnostics.all.first(where: { $0.severity == .error }) {
                problems.append("the YAML parser refused a document written from a valid tree: \(error.description)")
            } else if let reread, let difference = tree.difference(from: FuzzNode(reread)) {
                problems.append(
                    "a document written from a tree reads back differently (emitter or YAML parser bug): \(difference)")
            }
        }
        return Outcome(result: first, duration: duration, problems: problems)
    }

    // MARK: Running

    struct Summary {
        var inputs = 0
        var refused = 0
        var generated = 0
        var failures: [String] = []
        var artifacts: [String] = []
        var byFamily: [Input.Family: (inputs: Int, generated: Int)] = [:]
        var slowest: (duration: Duration, iteration: Int) = (.zero, 0)
        var elapsed: Duration = .zero
        var savedGenerated = 0
    }

    /// Runs iterations until the count or the time limit is reached, whichever comes first.
    func run(only iteration: Int? = nil) -> Summary {
        let artifacts = ArtifactStore(folder: configuration.artifacts)
        artifacts.prepare()
        if let folder = configuration.saveGenerated, iteration == nil { artifacts.clearGenerated(in: folder) }
        let clock = ContinuousClock()
        let start = clock.now
        let watchdog = Watchdog(limit: configuration.hangLimit * 30) { [configuration] iteration in
            let saved = artifacts.keepCurrent(as: "hang-s\(configuration.seed)-i\(iteration)")
            Console.error(
                "openapi-fuzz: HANG: iteration \(iteration) (seed \(configuration.seed)) has run for over "
                    + "\(Self.seconds(configuration.hangLimit * 30)) s; input saved to \(saved)"
            )
            exit(1)
        }
        watchdog.start()
        Console.error(
            "openapi-fuzz: seed \(configuration.seed); should the process crash, the input it crashed on is "
                + "\(artifacts.folder)/current.yaml (how it was made: current.txt)")
        var summary = Summary()
        var savedOutputs = Set<Int>()
        var lastProgress = start
        let range = iteration.map { $0...$0 } ?? 0...(configuration.iterations - 1)
        for iteration in range {
            if let limit = configuration.timeLimit, start.duration(to: clock.now) >= limit { break }
            let input = input(forIteration: iteration)
            // A crash ends the process here: the input that caused it stays on disk.
            artifacts.writeCurrent(input, context: describe(iteration, input))
            watchdog.begin(iteration: iteration)
            let outcome = check(input)
            watchdog.end()
            summary.inputs += 1
            summary.byFamily[input.family, default: (0, 0)].inputs += 1
            if outcome.result.hasErrors {
                summary.refused += 1
            } else {
                summary.generated += 1
                summary.byFamily[input.family, default: (0, 0)].generated += 1
            }
            if outcome.duration > summary.slowest.duration { summary.slowest = (outcome.duration, iteration) }
            if !outcome.problems.isEmpty {
                summary.failures.append("iteration \(iteration): " + outcome.problems.joined(separator: "; "))
                let report =
                    describe(iteration, input) + "\nproblems:\n"
                    + outcome.problems.map { "  " + $0 }.joined(separator: "\n")
                    + "\ndiagnostics:\n"
                    + outcome.result.diagnostics.map { "  " + $0.description }.joined(separator: "\n") + "\n"
                if let path = artifacts.saveFailure(
                    input, report: report, name: "failure-s\(configuration.seed)-i\(iteration)")
                {
                    summary.artifacts.append(path)
                }
                Console.error(
                    "openapi-fuzz: FAILURE at iteration \(iteration): \(outcome.problems.joined(separator: "; "))")
            }
            if let folder = configuration.saveGenerated, !outcome.result.hasErrors, input.family != .original,
                summary.savedGenerated < configuration.saveGeneratedLimit,
                savedOutputs.insert(outcome.result.files.map(\.contents).hashValue).inserted
            {
                artifacts.saveGenerated(input, files: outcome.result.files, in: folder, name: "i\(iteration)")
                summary.savedGenerated += 1
            }
            if lastProgress.duration(to: clock.now) > .seconds(30) {
                lastProgress = clock.now
                Console.error(
                    "openapi-fuzz: \(summary.inputs) inputs, \(Self.seconds(start.duration(to: lastProgress))) s, "
                        + "\(summary.failures.count) failures"
                )
            }
        }
        artifacts.removeCurrent()
        summary.elapsed = start.duration(to: clock.now)
        return summary
    }

    /// How to make this input again, and how it was made.
    func describe(_ iteration: Int, _ input: Input) -> String {
        let corpus = configuration.corpusArguments.map { " " + $0 }.joined()
        return "seed \(configuration.seed), iteration \(iteration) (\(input.family.rawValue))\n"
            + "replay: swift run openapi-fuzz --seed \(configuration.seed) --iteration \(iteration)\(corpus)\n"
            + "mutations:\n" + input.mutations.map { "  " + $0 }.joined(separator: "\n")
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    static func seconds(_ duration: Duration) -> String {
        let tenths = duration.components.seconds * 10 + duration.components.attoseconds / 100_000_000_000_000_000
        return "\(tenths / 10).\(tenths % 10)"
    }
}
