using System.Runtime.InteropServices;
using System.Text;

namespace Dashboard.Sockets.UnixSockets;

/// <summary>The Linux calls that let a path's check and its use name the same directory and the same inode.</summary>
internal static unsafe partial class UnixLibc
{
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int EPERM = 1;
    public const int ELOOP = 40;
    public const int ENOTDIR = 20;

    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    public const int O_PATH = 0x200000;
    public const int O_CLOEXEC = 0x80000;
    public static readonly int O_DIRECTORY = Arm ? 0x4000 : 0x10000;
    public static readonly int O_NOFOLLOW = Arm ? 0x8000 : 0x20000;

    private const int AT_EMPTY_PATH = 0x1000;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const uint STATX_BASIC = 0x7ff;

    /// <summary>Opens <paramref name="path"/> as <c>O_PATH</c> (no permission on the object itself needed); -errno on failure.</summary>
    public static int OpenPath(string path, int flags)
    {
        var fd = open(path, O_PATH | O_CLOEXEC | flags);
        return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
    }

    /// <summary>Opens <paramref name="name"/> in the directory <paramref name="dirFd"/>, never following a last symbolic link; -errno on failure.</summary>
    public static int OpenAtNoFollow(int dirFd, string name)
    {
        var fd = openat(dirFd, name, O_PATH | O_CLOEXEC | O_NOFOLLOW);
        return fd >= 0 ? fd : -Marshal.GetLastPInvokeError();
    }

    /// <summary>The path the kernel has for an open descriptor: every symbolic link resolved, as it was when opened.</summary>
    public static string? PathOf(int fd)
    {
        var buffer = stackalloc byte[4096];
        var length = readlink($"/proc/self/fd/{fd}", buffer, 4096);
        return length is > 0 and < 4096 ? Encoding.UTF8.GetString(buffer, (int)length) : null;
    }

    /// <summary>The type bits of <c>st_mode</c>, the device and the inode of an open descriptor, or of a path (followed); null when it cannot be read.</summary>
    public static (int Type, ulong Device, ulong Inode)? Stat(int fd, string? path = null)
    {
        var buffer = stackalloc byte[256];
        var result = path is null ? statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC, buffer) : statx(-100, path, 0, STATX_BASIC, buffer);
        if (result != 0)
        {
            return null;
        }

        var mode = *(ushort*)(buffer + 28);
        var inode = *(ulong*)(buffer + 32);
        var device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        return (mode & 0xF000, device, inode);
    }

    /// <summary><c>getpeername</c>/<c>getsockname</c> of an <c>AF_UNIX</c> socket as text: the path, <c>@name</c> when abstract; null when unnamed.</summary>
    public static string? NameOf(SafeHandle socket, bool peer)
    {
        var buffer = stackalloc byte[112];
        var length = 112;
        var added = false;
        socket.DangerousAddRef(ref added);
        try
        {
            var fd = (int)socket.DangerousGetHandle();
            if ((peer ? getpeername(fd, buffer, &length) : getsockname(fd, buffer, &length)) != 0 || length <= 2)
            {
                return null;
            }
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }

        var name = new ReadOnlySpan<byte>(buffer + 2, length - 2);
        if (name[0] == 0)
        {
            return "@" + Encoding.UTF8.GetString(name[1..]);
        }

        var end = name.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? name : name[..end]);
    }

    public static string TypeName(int type) => type switch
    {
        0xC000 => "socket",
        0x8000 => "file",
        0x4000 => "directory",
        0xA000 => "symlink",
        0x1000 => "fifo",
        0x2000 => "character device",
        0x6000 => "block device",
        _ => "unknown",
    };

    public const int SocketType = 0xC000;
    public const int SymlinkType = 0xA000;

    /// <summary>A duplicate of <paramref name="fd"/> (close-on-exec), so it outlives the one it copies; -errno on failure.</summary>
    public static int Duplicate(int fd)
    {
        const int F_DUPFD_CLOEXEC = 1030;
        var copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
        return copy >= 0 ? copy : -Marshal.GetLastPInvokeError();
    }

    /// <summary>The type, device and inode of <paramref name="name"/> in the directory <paramref name="dirFd"/>, a last link not followed; null when absent.</summary>
    public static (int Type, ulong Device, ulong Inode)? StatAt(int dirFd, string name)
    {
        var fd = OpenAtNoFollow(dirFd, name);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            return Stat(fd);
        }
        finally
        {
            close(fd);
        }
    }

    /// <summary>Removes <paramref name="name"/> from the directory <paramref name="dirFd"/>; 0 or -errno.</summary>
    public static int UnlinkAt(int dirFd, string name) => unlinkat(dirFd, name, 0) == 0 ? 0 : -Marshal.GetLastPInvokeError();

    /// <summary>Sets the mode of <paramref name="name"/> in <paramref name="dirFd"/> through an <c>O_PATH</c> descriptor of it (never through a link); 0 or -errno.</summary>
    public static int ChmodAt(int dirFd, string name, int mode)
    {
        var fd = OpenAtNoFollow(dirFd, name);
        if (fd < 0)
        {
            return fd;
        }

        try
        {
            return chmod($"/proc/self/fd/{fd}", (uint)mode) == 0 ? 0 : -Marshal.GetLastPInvokeError();
        }
        finally
        {
            close(fd);
        }
    }

    /// <summary>
    /// An <c>AF_UNIX</c> socket bound at <paramref name="name"/> in the directory <paramref name="dirFd"/>, by libc rather than
    /// <see cref="System.Net.Sockets.Socket.Bind"/>: .NET deletes a file it bound by name when the socket is disposed, and
    /// the name (<c>/proc/self/fd/N/...</c>) would by then name whatever is there. The descriptor, or -errno.
    /// </summary>
    public static int BindAt(int dirFd, string name, bool stream)
    {
        const int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;
        var fd = socket(AF_UNIX, (stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            return -Marshal.GetLastPInvokeError();
        }

        var path = Encoding.UTF8.GetBytes($"/proc/self/fd/{dirFd}/{name}");
        if (path.Length > 107)
        {
            close(fd);
            return -36; // ENAMETOOLONG
        }

        var address = stackalloc byte[110];
        new Span<byte>(address, 110).Clear();
        *(ushort*)address = AF_UNIX;
        path.CopyTo(new Span<byte>(address + 2, 108));
        if (bind(fd, address, 2 + path.Length + 1) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            close(fd);
            return -errno;
        }

        return fd;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int bind(int fd, byte* address, int length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unlinkat(int dirFd, string name, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chmod(string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(int dirFd, string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint readlink(string path, byte* buffer, nint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getpeername(int fd, byte* address, int* length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getsockname(int fd, byte* address, int* length);
}
