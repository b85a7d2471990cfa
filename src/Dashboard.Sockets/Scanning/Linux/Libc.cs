using System.Runtime.InteropServices;

namespace Dashboard.Sockets.Scanning.Linux;

/// <summary>The few Linux syscalls the epoll scanner makes, without .NET's per-socket objects in between.</summary>
internal static unsafe partial class Libc
{
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int SOCK_STREAM = 1;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1;
    public const int SO_ERROR = 4;
    public const int SO_LINGER = 13;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int EADDRNOTAVAIL = 99;
    public const int ENOBUFS = 105;
    public const int EINPROGRESS = 115;
    public const int ECONNREFUSED = 111;
    public const int ENOPROTOOPT = 92;
    public const int ENONET = 64;
    public const int ENETUNREACH = 101;
    public const int EHOSTDOWN = 112;
    public const int EHOSTUNREACH = 113;

    /// <summary>
    /// An error the kernel sets on a connect when an ICMP destination-unreachable came back for its SYN (host,
    /// network, protocol unreachable, or administratively prohibited): an answer from the path, so a round-trip sample.
    /// </summary>
    public static bool IsNetworkAnswer(int errno) => errno is EHOSTUNREACH or ENETUNREACH or EHOSTDOWN or ENONET or ENOPROTOOPT;
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const uint EPOLLOUT = 0x004;

    /// <summary><c>struct epoll_event</c> is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16).</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Where <c>epoll_event.data</c> starts.</summary>
    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int connect(int fd, byte* address, int length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsockopt(int fd, int level, int name, void* value, int* length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsockname(int fd, byte* address, int* length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, byte* epollEvent);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_wait(int epfd, byte* events, int maxEvents, int timeoutMs);
}
