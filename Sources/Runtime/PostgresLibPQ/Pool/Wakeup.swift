#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A pipe whose read end the pool's I/O thread polls beside its connections' sockets, so that another thread can
/// end the wait: a job was queued, a lent connection came back, the pool is closing.
///
/// A process out of file descriptors gets no pipe; then `descriptor` is -1 (which `poll` ignores), `signal()` does
/// nothing, and the I/O thread must not wait longer than `longestWait` at a time — slower, but the pool works.
final class Wakeup: Sendable {
    let descriptor: Int32
    private let writeDescriptor: Int32

    /// How long the I/O thread may wait at most, in milliseconds for `poll`: without end (-1) when it has a pipe.
    var longestWait: Int32 { descriptor >= 0 ? -1 : 10 }

    init() {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            descriptor = -1
            writeDescriptor = -1
            return
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        self.descriptor = descriptors[0]
        self.writeDescriptor = descriptors[1]
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if writeDescriptor >= 0 { close(writeDescriptor) }
    }

    /// Makes the read end readable. A full pipe refuses the byte, and then a wake-up is pending anyway.
    func signal() {
        guard writeDescriptor >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Reads every pending wake-up, so that the next poll waits again.
    func drain() {
        guard descriptor >= 0 else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            while read(descriptor, buffer.baseAddress, buffer.count) > 0 {}
        }
    }
}
