import Foundation

/// CPU time used by the calling thread: what generating from one input costs, however busy the machine is.
///
/// Wall-clock time would report a hang whenever a parallel build starves the fuzzer (`make test` shares two
/// cores with the compiler); the generator is single-threaded, so its thread's CPU time is its whole cost.
enum ThreadCPUClock {
    static func now() -> Duration {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return .zero }
        return .seconds(Int64(time.tv_sec)) + .nanoseconds(Int64(time.tv_nsec))
    }
}
