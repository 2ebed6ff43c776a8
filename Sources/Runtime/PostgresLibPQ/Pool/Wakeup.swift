#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A pipe whose read end the pool's I/O thread polls beside its connections' sockets, so that another thread can
/// end the wait: a job was queued, a lent connection came back, the pool is closing.
final class Wakeup: Sendable {
    let descriptor: Int32
    private let writeDescriptor: Int32

    init() {
        var descriptors: [Int32] = [-1, -1]
        // Only a process out of file descriptors gets here without a pipe, at start-up, before any request.
        guard pipe(&descriptors) == 0 else { fatalError("the database pool could not create a pipe (errno \(errno))") }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        self.descriptor = descriptors[0]
        self.writeDescriptor = descriptors[1]
    }

    deinit {
        close(descriptor)
        close(writeDescriptor)
    }

    /// Makes the read end readable. A full pipe refuses the byte, and then a wake-up is pending anyway.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Reads every pending wake-up, so that the next poll waits again.
    func drain() {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            while read(descriptor, buffer.baseAddress, buffer.count) > 0 {}
        }
    }
}
