namespace Dashboard.Web.Features.Audit;

/// <summary>The closed set of audited actions, as stored and as filters name them.</summary>
public static class AuditActions
{
    public const string Probe = "probe";
    public const string ScanStart = "scan.start";
    public const string ScanCancel = "scan.cancel";
    public const string ScanFinish = "scan.finish";
    public const string UdpSend = "udp.send";
    public const string TlsCheck = "tls.check";
    public const string UnixProbe = "unix.probe";
    public const string UnixSend = "unix.send";
    public const string Identify = "identify";
    public const string Trace = "trace";
    public const string ListenerOpen = "listener.open";
    public const string ListenerClose = "listener.close";
    public const string ListenerExpire = "listener.expire";
    public const string ListenerSend = "listener.send";
    public const string SignIn = "signin";
    public const string SignInFailed = "signin.failed";
    public const string SignOut = "signout";
    public const string UserAdd = "user.add";
    public const string UserRole = "user.role";
    public const string UserDisable = "user.disable";
    public const string UserEnable = "user.enable";
    public const string UserDelete = "user.delete";
    public const string PasswordChange = "password.change";
    public const string TokenCreate = "token.create";
    public const string TokenRevoke = "token.revoke";
    public const string PolicyChange = "policy.change";
    public const string HistoryPrune = "history.prune";
    public const string AuditPrune = "audit.prune";
    public const string AgentCreate = "agent.create";
    public const string AgentRevoke = "agent.revoke";
    public const string PathCheck = "path.check";
    public const string PathMatrix = "path.matrix";
    public const string WatchCreate = "watch.create";
    public const string WatchUpdate = "watch.update";
    public const string WatchDelete = "watch.delete";
    public const string WatchRun = "watch.run";
    public const string WatchPreview = "watch.preview";
    public const string WatchImport = "watch.import";
    public const string StatusPage = "watch.statuspage";
    public const string ChannelCreate = "channel.create";
    public const string ChannelUpdate = "channel.update";
    public const string ChannelDelete = "channel.delete";
    public const string ChannelTest = "channel.test";
    public const string NotifyFailed = "notify.failed";
    public const string NotifyDropped = "notify.dropped";
    public const string MaintenanceCreate = "maintenance.create";
    public const string MaintenanceDelete = "maintenance.delete";

    /// <summary>Every action, in the order the page lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Probe, ScanStart, ScanCancel, ScanFinish, UdpSend, TlsCheck, ListenerOpen, ListenerClose, ListenerExpire, ListenerSend,
        Probe, ScanStart, ScanCancel, ScanFinish, UdpSend, Identify, ListenerOpen, ListenerClose, ListenerExpire, ListenerSend,
        Probe, ScanStart, ScanCancel, ScanFinish, UdpSend, Trace, ListenerOpen, ListenerClose, ListenerExpire, ListenerSend,
        SignIn, SignInFailed, SignOut, UserAdd, UserRole, UserDisable, UserEnable, UserDelete, PasswordChange, TokenCreate, TokenRevoke,
        PolicyChange, HistoryPrune, AuditPrune, AgentCreate, AgentRevoke, PathCheck, PathMatrix,
        WatchCreate, WatchUpdate, WatchDelete, WatchRun, WatchPreview, WatchImport, StatusPage,
        ChannelCreate, ChannelUpdate, ChannelDelete, ChannelTest, NotifyFailed, NotifyDropped, MaintenanceCreate, MaintenanceDelete,
        UnixProbe, UnixSend,
    ];
}
