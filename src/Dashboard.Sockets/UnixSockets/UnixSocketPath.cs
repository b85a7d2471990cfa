using System.Text;

namespace Dashboard.Sockets.UnixSockets;

/// <summary>
/// A socket path checked and held open for use. The directory is opened first (<c>O_PATH|O_DIRECTORY</c>) and its real
/// path read back from the kernel (<c>/proc/self/fd/N</c>); that is the path the allowances judge. The last part is then
/// opened in that very directory without following a link (<c>openat(O_PATH|O_NOFOLLOW)</c>), and the socket connects to
/// that inode (<see cref="ConnectName"/>): a directory or link swapped after the check changes nothing, as the check and
/// the use name the same objects.
/// </summary>
public sealed class UnixSocketPath : IDisposable
{
    /// <summary>The most bytes of a path (<c>sun_path</c> holds 108 with its terminating NUL).</summary>
    public const int MaxBytes = 107;

    private int _directory = -1;
    private int _target = -1;

    private UnixSocketPath(string path) => Path = path;

    /// <summary>The path as given.</summary>
    public string Path { get; }

    /// <summary>Its directory's real path and its name; null when the directory could not be opened.</summary>
    public string? ResolvedPath { get; private set; }

    /// <summary>0, or the errno looking the path up returned (<c>ENOENT</c>, <c>EACCES</c>...): what <c>connect()</c> would return.</summary>
    public int LookupErrno { get; private set; }

    /// <summary>What the path is (<c>socket</c>, <c>file</c>...); null when it could not be looked up.</summary>
    public string? FileType { get; private set; }

    public bool IsSocket { get; private set; }

    /// <summary>The checked directory, held open (<c>O_PATH</c>): a listener binds its socket in it, by descriptor, not by name.</summary>
    internal int DirectoryDescriptor => _directory;

    /// <summary>The last part of the path: the socket's name in <see cref="DirectoryDescriptor"/>.</summary>
    internal string FileName => Name(Path);

    /// <summary>The name to connect to: the inode opened, through <c>/proc/self/fd</c>.</summary>
    public string ConnectName => $"/proc/self/fd/{_target}";

    /// <summary>Why <paramref name="path"/> is not a path a socket may be named by, naming the field; null when it is.</summary>
    public static string? Problem(string? path, string field = "path")
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return $"{field} is required: an absolute path such as /run/myapp/app.sock";
        }

        if (!path.StartsWith('/'))
        {
            return $"{field} must be an absolute path (starting with /), got '{Shown(path)}'";
        }

        if (path.Any(char.IsControl))
        {
            return $"{field} must not contain control characters, got '{Shown(path)}'";
        }

        if (path.Split('/').Contains(".."))
        {
            return $"{field} must not contain '..': name the socket where it is, got '{Shown(path)}'";
        }

        if (Encoding.UTF8.GetByteCount(path) is var bytes && bytes > MaxBytes)
        {
            return $"{field} is {bytes} bytes; a Unix socket path holds at most {MaxBytes}, got '{Shown(path)}'";
        }

        return Name(path) is "" or "." ? $"{field} must name a socket, not a directory, got '{Shown(path)}'" : null;
    }

    /// <summary>Checks <paramref name="path"/> against every allowance and opens it for use.</summary>
    /// <exception cref="InvalidRequestException">Not a valid socket path.</exception>
    /// <exception cref="RequestRefusedException">Forbidden: outside the allowed directories, a link, or a daemon's socket.</exception>
    public static UnixSocketPath Open(string? path, IReadOnlyList<UnixPathAllowance> allowances, string where)
    {
        if (Problem(path) is { } problem)
        {
            throw new InvalidRequestException(problem);
        }

        if (!OperatingSystem.IsLinux())
        {
            throw RequestRefusedException.Conflict($"{where} does not run on Linux: Unix socket paths are checked only on Linux");
        }

        if (allowances.FirstOrDefault(a => a.Directories.Count == 0) is { } none)
        {
            throw RequestRefusedException.Forbidden(
                $"path: no directory is allowed for Unix sockets at {where} ({none.Setting} is empty), so every path is refused; an Admin must allow a directory first");
        }

        var opened = new UnixSocketPath(path!);
        try
        {
            opened.OpenChecked(allowances);
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    private void OpenChecked(IReadOnlyList<UnixPathAllowance> allowances)
    {
        var name = Name(Path);
        var directory = Path[..Path.LastIndexOf('/')] is { Length: > 0 } d ? d : "/";
        _directory = UnixLibc.OpenPath(directory, UnixLibc.O_DIRECTORY);
        if (_directory < 0)
        {
            // Nothing resolved: say why only for a path that is under every allowance as written, so refusals tell nothing of other places.
            Refuse(Path, allowances, allowances.Select(a => a.Directories).ToList());
            LookupErrno = -_directory;
            return;
        }

        var real = UnixLibc.PathOf(_directory) ?? throw RequestRefusedException.Conflict("path: the directory's real path could not be read (/proc is not mounted?)");
        ResolvedPath = real == "/" ? "/" + name : $"{real}/{name}";
        Refuse(ResolvedPath, allowances, [.. allowances.Select(a => a.Resolved())]);
        if (WellKnownSockets.ByName(ResolvedPath) is { } daemon)
        {
            throw RequestRefusedException.Forbidden($"path: {ResolvedPath} is {daemon}, a well-known daemon socket that stays denied even under an allowed directory");
        }

        _target = UnixLibc.OpenAtNoFollow(_directory, name);
        if (_target < 0)
        {
            LookupErrno = -_target;
            return;
        }

        if (UnixLibc.Stat(_target) is not { } stat)
        {
            LookupErrno = UnixLibc.ENOENT;
            return;
        }

        FileType = UnixLibc.TypeName(stat.Type);
        IsSocket = stat.Type == UnixLibc.SocketType;
        if (stat.Type == UnixLibc.SymlinkType)
        {
            throw RequestRefusedException.Forbidden(
                $"path: {ResolvedPath} is a symbolic link; name the socket itself (a link's last part is not followed, so it cannot lead out of the allowed directories)");
        }

        if (IsSocket && WellKnownSockets.ByInode(stat.Device, stat.Inode) is { } same)
        {
            throw RequestRefusedException.Forbidden($"path: {ResolvedPath} is {same}, a well-known daemon socket that stays denied even under an allowed directory");
        }
    }

    private static void Refuse(string path, IReadOnlyList<UnixPathAllowance> allowances, List<IReadOnlyList<string>> directories)
    {
        for (var i = 0; i < allowances.Count; i++)
        {
            if (!directories[i].Any(d => IsUnder(path, d)))
            {
                throw RequestRefusedException.Forbidden(
                    $"path: {path} is outside the directories allowed for Unix sockets: {allowances[i]}; symbolic links are resolved before this check");
            }
        }
    }

    private static bool IsUnder(string path, string directory) =>
        directory == "/" || path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string Shown(string path) => path.Length > 200 ? path[..200] + "…" : path;

    public void Dispose()
    {
        foreach (var fd in (int[])[_target, _directory])
        {
            if (fd >= 0)
            {
                UnixLibc.close(fd);
            }
        }

        _target = _directory = -1;
    }
}
