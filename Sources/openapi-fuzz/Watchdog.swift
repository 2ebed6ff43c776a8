import Foundation
import Synchronization

/// Ends the process when one input runs far longer than a hang: an in-process fuzzer cannot interrupt a
/// generator stuck in a loop, but it can stop waiting, say which input it was and leave it on disk.
final class Watchdog: Sendable {
    private struct Current {
        var iteration: Int
        var started: ContinuousClock.Instant
    }

    private let current = Mutex<Current?>(nil)
    private let limit: Duration
    /// What to do once an input has run past `limit`: report and exit.
    private let onHang: @Sendable (Int) -> Void

    init(limit: Duration, onHang: @escaping @Sendable (_ iteration: Int) -> Void) {
        self.limit = limit
        self.onHang = onHang
    }

    /// Starts watching on a thread of its own; it lives as long as the process.
    func start() {
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.5)
                let overdue = current.withLock { current -> Int? in
                    guard let current, current.started.duration(to: .now) > limit else { return nil }
                    return current.iteration
                }
                if let overdue { onHang(overdue) }
            }
        }
    }

    /// Marks the start of one input's run.
    func begin(iteration: Int) {
        current.withLock { $0 = Current(iteration: iteration, started: .now) }
    }

    /// Marks the end of one input's run.
    func end() {
        current.withLock { $0 = nil }
    }
}
