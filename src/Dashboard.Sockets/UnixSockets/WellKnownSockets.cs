namespace Dashboard.Sockets.UnixSockets;

/// <summary>
/// Daemon sockets that stay denied under every allowed directory: connecting to one can be root on the host (a
/// container engine), talk to init or the system bus, or use someone's keys. Matched by name, by path and by inode (a
/// hard link or a bind mount of one under an allowed directory is still the daemon's socket). docs/unix.md lists them.
/// </summary>
public static class WellKnownSockets
{
    /// <summary>File names denied wherever they are.</summary>
    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["docker.sock"] = "the Docker engine's socket",
        ["dockershim.sock"] = "Kubernetes' dockershim socket",
        ["cri-dockerd.sock"] = "cri-dockerd's socket",
        ["containerd.sock"] = "containerd's socket",
        ["containerd.sock.ttrpc"] = "containerd's ttrpc socket",
        ["containerd-debug.sock"] = "containerd's debug socket",
        ["podman.sock"] = "Podman's socket",
        ["crio.sock"] = "CRI-O's socket",
        ["buildkitd.sock"] = "BuildKit's socket",
        ["kubelet.sock"] = "the kubelet's socket",
        ["libvirt-sock"] = "libvirt's socket",
        ["libvirt-sock-ro"] = "libvirt's read-only socket",
        ["virtqemud-sock"] = "libvirt's QEMU daemon socket",
        ["snapd.socket"] = "snapd's socket",
        ["system_bus_socket"] = "the D-Bus system bus",
        ["S.gpg-agent"] = "a gpg-agent",
        ["S.gpg-agent.ssh"] = "a gpg-agent's SSH agent",
        ["S.gpg-agent.extra"] = "a gpg-agent",
    };

    /// <summary>Whole paths denied (their inodes too, when they exist).</summary>
    public static IReadOnlyDictionary<string, string> Paths { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/run/systemd/private"] = "systemd's private socket",
        ["/run/systemd/notify"] = "systemd's notify socket",
        ["/run/systemd/journal/socket"] = "the journal's socket",
        ["/run/systemd/journal/stdout"] = "the journal's stdout socket",
        ["/run/systemd/journal/dev-log"] = "the journal's syslog socket",
        ["/dev/log"] = "the syslog socket",
        ["/run/dbus/system_bus_socket"] = "the D-Bus system bus",
        ["/var/run/dbus/system_bus_socket"] = "the D-Bus system bus",
        ["/run/docker.sock"] = "the Docker engine's socket",
        ["/var/run/docker.sock"] = "the Docker engine's socket",
        ["/run/containerd/containerd.sock"] = "containerd's socket",
        ["/run/podman/podman.sock"] = "Podman's socket",
        ["/var/snap/lxd/common/lxd/unix.socket"] = "LXD's socket",
        ["/var/lib/lxd/unix.socket"] = "LXD's socket",
        ["/run/snapd.socket"] = "snapd's socket",
    };

    /// <summary>What daemon socket <paramref name="resolvedPath"/> is, by its name or place; null when none.</summary>
    public static string? ByName(string resolvedPath)
    {
        if (Paths.TryGetValue(resolvedPath, out var known))
        {
            return known;
        }

        var slash = resolvedPath.LastIndexOf('/');
        var name = resolvedPath[(slash + 1)..];
        var directory = resolvedPath[..Math.Max(slash, 0)];
        var parent = directory[(directory.LastIndexOf('/') + 1)..];
        if (Names.TryGetValue(name, out known))
        {
            return known;
        }

        return name.StartsWith("agent.", StringComparison.Ordinal) && parent.StartsWith("ssh-", StringComparison.Ordinal) ? "an ssh-agent"
            : directory.StartsWith("/run/systemd/", StringComparison.Ordinal) ? "a systemd socket"
            : directory.StartsWith("/run/user/", StringComparison.Ordinal) && name is "bus" or "systemd" ? "a user's session bus or systemd"
            : null;
    }

    /// <summary>What daemon socket the inode <paramref name="device"/>:<paramref name="inode"/> is (one of <see cref="Paths"/> under another name); null when none.</summary>
    public static string? ByInode(ulong device, ulong inode)
    {
        foreach (var (path, description) in Paths)
        {
            if (UnixLibc.Stat(-1, path) is { } known && known.Type == UnixLibc.SocketType && known.Device == device && known.Inode == inode)
            {
                return $"{description} ({path}) under another name";
            }
        }

        return null;
    }
}
