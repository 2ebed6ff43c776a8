internal import NIOCore

/// Runs a connection's tasks on the event loop that owns its socket.
///
/// Without a preference, a task that resumes from another thread (the database pool's I/O thread) lands on any
/// event loop of the group, and half the time its response then hops to the socket's loop to be written. With
/// it, every step of a request runs where its socket lives.
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
