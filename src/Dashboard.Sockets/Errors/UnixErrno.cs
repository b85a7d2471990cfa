using System.Collections.Frozen;

namespace Dashboard.Sockets.Errors;

/// <summary>
/// The errno numbers Linux, macOS and FreeBSD all kept from Version 7 Unix: 1 to 34 name the same error on
/// each, but for 11 (<c>EAGAIN</c> on Linux, <c>EDEADLK</c> on the BSDs). One table each would repeat them.
/// </summary>
internal static class UnixErrno
{
    /// <summary>Version 7's numbers, <paramref name="eleven"/> as 11, then the system's own from 35 on.</summary>
    public static FrozenDictionary<int, string> Table(string eleven, params IEnumerable<KeyValuePair<int, string>>[] fromThirtyFive) =>
        Version7().Append(new(11, eleven)).Concat(fromThirtyFive.SelectMany(part => part)).ToFrozenDictionary();

    private static Dictionary<int, string> Version7() => new()
    {
        [1] = "EPERM",
        [2] = "ENOENT",
        [3] = "ESRCH",
        [4] = "EINTR",
        [5] = "EIO",
        [6] = "ENXIO",
        [7] = "E2BIG",
        [8] = "ENOEXEC",
        [9] = "EBADF",
        [10] = "ECHILD",
        [12] = "ENOMEM",
        [13] = "EACCES",
        [14] = "EFAULT",
        [15] = "ENOTBLK",
        [16] = "EBUSY",
        [17] = "EEXIST",
        [18] = "EXDEV",
        [19] = "ENODEV",
        [20] = "ENOTDIR",
        [21] = "EISDIR",
        [22] = "EINVAL",
        [23] = "ENFILE",
        [24] = "EMFILE",
        [25] = "ENOTTY",
        [26] = "ETXTBSY",
        [27] = "EFBIG",
        [28] = "ENOSPC",
        [29] = "ESPIPE",
        [30] = "EROFS",
        [31] = "EMLINK",
        [32] = "EPIPE",
        [33] = "EDOM",
        [34] = "ERANGE",
    };
}
