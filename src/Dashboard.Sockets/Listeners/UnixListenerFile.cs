using System.Net.Sockets;
using Dashboard.Sockets.Errors;
using Dashboard.Sockets.UnixSockets;

namespace Dashboard.Sockets.Listeners;

/// <summary>
/// The socket file of a unix or unixgram listener. The path is checked by <see cref="UnixSocketPath"/> (the allowed
/// directories with every link resolved, no <c>..</c>, no daemon socket), and the socket is bound inside the directory
/// descriptor that was checked (<c>/proc/self/fd/N/name</c>), never by the path's name again: a directory swapped for a
/// link after the check still gets the socket where the check looked. Nothing may exist at the path: <c>bind()</c> never
/// replaces a file, and a listener never removes one it did not bind. When the listener stops, the file is removed only
/// while it is still the socket this listener bound (same device and inode).
/// </summary>
internal sealed class UnixListenerFile
{
    private readonly string _name;
    private readonly (ulong Device, ulong Inode) _bound;
    private int _directory;

    private UnixListenerFile(int directory, string name, string path, (ulong, ulong) bound) =>
        (_directory, _name, Path, _bound) = (directory, name, path, bound);

    /// <summary>Where the socket is: its directory's real path and its name.</summary>
    public string Path { get; }

    /// <summary>Checks the plan's path and binds a socket there with <paramref name="mode"/>.</summary>
    /// <exception cref="InvalidRequestException">The path is not valid, its directory is missing, or the bind failed.</exception>
    /// <exception cref="RequestRefusedException">Forbidden by an allowance, or something already exists there.</exception>
    public static (Socket Socket, UnixListenerFile File) Bind(ListenerPlan plan, IReadOnlyList<UnixPathAllowance> allowances, string where, int mode,
        Action<string>? afterCheck)
    {
        using var path = UnixSocketPath.Open(plan.Path, allowances, where);
        if (path.ResolvedPath is null)
        {
            var missing = NativeError.FromLinuxErrno(path.LookupErrno);
            throw new InvalidRequestException($"path: the directory of {plan.Path} cannot be opened ({missing.Code} {missing.Name}); it must exist");
        }

        if (path.LookupErrno == 0)
        {
            throw RequestRefusedException.Conflict(
                $"path: {path.ResolvedPath} already exists (a {path.FileType ?? "file"}); a listener never removes or replaces a file it did not bind: pick another name, or remove it first");
        }

        if (path.LookupErrno != UnixLibc.ENOENT)
        {
            var error = NativeError.FromLinuxErrno(path.LookupErrno);
            throw new InvalidRequestException($"path: {path.ResolvedPath} cannot be looked up ({error.Code} {error.Name})");
        }

        afterCheck?.Invoke(plan.Path!);

        // Bound through the descriptor kept for the listener's life: the name the socket reports (/proc/self/fd/D/name)
        // then never names another directory, whatever reads it later.
        var directory = UnixLibc.Duplicate(path.DirectoryDescriptor);
        if (directory < 0)
        {
            throw new InvalidRequestException($"path: the directory of {path.ResolvedPath} could not be held open ({NativeError.FromLinuxErrno(-directory).Name})");
        }

        var fd = UnixLibc.BindAt(directory, path.FileName, plan.Protocol == Contracts.Listeners.ListenerProtocol.Unix);
        if (fd < 0)
        {
            UnixLibc.close(directory);
            var error = NativeError.FromLinuxErrno(-fd);
            throw -fd switch
            {
                98 => RequestRefusedException.Conflict($"path: {path.ResolvedPath} appeared after it was checked ({error.Code} {error.Name}); nothing was replaced"),
                UnixLibc.EACCES or UnixLibc.EPERM => new InvalidRequestException(
                    $"path: this server's user may not create a socket in {System.IO.Path.GetDirectoryName(path.ResolvedPath)} ({error.Code} {error.Name})"),
                _ => new InvalidRequestException($"path: binding {path.ResolvedPath} failed ({error.Code} {error.Name})"),
            };
        }

        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        if (UnixLibc.StatAt(directory, path.FileName) is not { Type: UnixLibc.SocketType } made)
        {
            socket.Dispose();
            UnixLibc.close(directory);

            throw RequestRefusedException.Conflict($"path: {path.ResolvedPath} was bound but is not there as a socket any more; nothing was removed");
        }

        var file = new UnixListenerFile(directory, path.FileName, path.ResolvedPath, (made.Device, made.Inode));
        if (UnixLibc.ChmodAt(directory, path.FileName, mode) is < 0 and var failed)
        {
            socket.Dispose();
            file.Remove();
            var error = NativeError.FromLinuxErrno(-failed);
            throw new InvalidRequestException($"path: setting mode {Convert.ToString(mode, 8)} on {path.ResolvedPath} failed ({error.Code} {error.Name})");
        }

        return (socket, file);
    }

    /// <summary>Removes the socket file if it is still the one bound, and lets go of the directory. Once.</summary>
    public void Remove()
    {
        var directory = Interlocked.Exchange(ref _directory, -1);
        if (directory < 0)
        {
            return;
        }

        if (UnixLibc.StatAt(directory, _name) is { Type: UnixLibc.SocketType } now && (now.Device, now.Inode) == _bound)
        {
            UnixLibc.UnlinkAt(directory, _name);
        }

        UnixLibc.close(directory);
    }
}
