using System.Collections.Frozen;

namespace Dashboard.Sockets.Errors;

/// <summary>
/// macOS and FreeBSD errno numbers and their names. Both keep 4.4BSD's numbers up to 81 and part ways after.
/// Where a number has two names, it has the one Python's <c>errno.errorcode</c> gives there: <c>EAGAIN</c>
/// (not <c>EWOULDBLOCK</c>) and <c>ENOTSUP</c> (not FreeBSD's <c>EOPNOTSUPP</c>).
/// </summary>
internal static class BsdErrno
{
    public static FrozenDictionary<int, string> MacOS { get; } = UnixErrno.Table("EDEADLK", From35To81(), new Dictionary<int, string>
    {
        [82] = "EPWROFF",
        [83] = "EDEVERR",
        [84] = "EOVERFLOW",
        [85] = "EBADEXEC",
        [86] = "EBADARCH",
        [87] = "ESHLIBVERS",
        [88] = "EBADMACHO",
        [89] = "ECANCELED",
        [90] = "EIDRM",
        [91] = "ENOMSG",
        [92] = "EILSEQ",
        [93] = "ENOATTR",
        [94] = "EBADMSG",
        [95] = "EMULTIHOP",
        [96] = "ENODATA",
        [97] = "ENOLINK",
        [98] = "ENOSR",
        [99] = "ENOSTR",
        [100] = "EPROTO",
        [101] = "ETIME",
        [102] = "EOPNOTSUPP",
        [103] = "ENOPOLICY",
        [104] = "ENOTRECOVERABLE",
        [105] = "EOWNERDEAD",
        [106] = "EQFULL",
    });

    public static FrozenDictionary<int, string> FreeBsd { get; } = UnixErrno.Table("EDEADLK", From35To81(), new Dictionary<int, string>
    {
        [82] = "EIDRM",
        [83] = "ENOMSG",
        [84] = "EOVERFLOW",
        [85] = "ECANCELED",
        [86] = "EILSEQ",
        [87] = "ENOATTR",
        [88] = "EDOOFUS",
        [89] = "EBADMSG",
        [90] = "EMULTIHOP",
        [91] = "ENOLINK",
        [92] = "EPROTO",
        [93] = "ENOTCAPABLE",
        [94] = "ECAPMODE",
        [95] = "ENOTRECOVERABLE",
        [96] = "EOWNERDEAD",
        [97] = "EINTEGRITY",
    });

    private static Dictionary<int, string> From35To81() => new()
    {
        [35] = "EAGAIN",
        [36] = "EINPROGRESS",
        [37] = "EALREADY",
        [38] = "ENOTSOCK",
        [39] = "EDESTADDRREQ",
        [40] = "EMSGSIZE",
        [41] = "EPROTOTYPE",
        [42] = "ENOPROTOOPT",
        [43] = "EPROTONOSUPPORT",
        [44] = "ESOCKTNOSUPPORT",
        [45] = "ENOTSUP",
        [46] = "EPFNOSUPPORT",
        [47] = "EAFNOSUPPORT",
        [48] = "EADDRINUSE",
        [49] = "EADDRNOTAVAIL",
        [50] = "ENETDOWN",
        [51] = "ENETUNREACH",
        [52] = "ENETRESET",
        [53] = "ECONNABORTED",
        [54] = "ECONNRESET",
        [55] = "ENOBUFS",
        [56] = "EISCONN",
        [57] = "ENOTCONN",
        [58] = "ESHUTDOWN",
        [59] = "ETOOMANYREFS",
        [60] = "ETIMEDOUT",
        [61] = "ECONNREFUSED",
        [62] = "ELOOP",
        [63] = "ENAMETOOLONG",
        [64] = "EHOSTDOWN",
        [65] = "EHOSTUNREACH",
        [66] = "ENOTEMPTY",
        [67] = "EPROCLIM",
        [68] = "EUSERS",
        [69] = "EDQUOT",
        [70] = "ESTALE",
        [71] = "EREMOTE",
        [72] = "EBADRPC",
        [73] = "ERPCMISMATCH",
        [74] = "EPROGUNAVAIL",
        [75] = "EPROGMISMATCH",
        [76] = "EPROCUNAVAIL",
        [77] = "ENOLCK",
        [78] = "ENOSYS",
        [79] = "EFTYPE",
        [80] = "EAUTH",
        [81] = "ENEEDAUTH",
    };
}
