namespace Dashboard.Web.Access;

internal static partial class AccessLog
{
    [LoggerMessage(EventId = 5001, EventName = "FirstRunAdminGenerated", Level = LogLevel.Warning,
        Message = "First run: sign in at /account/login as '{UserName}' with the password {Password} (shown only this once; change it on the Account page)")]
    public static partial void FirstRunGenerated(ILogger logger, string userName, string password);

    [LoggerMessage(EventId = 5002, EventName = "FirstRunAdminConfigured", Level = LogLevel.Information,
        Message = "First run: sign in at /account/login as '{UserName}' with the password from Auth:BootstrapAdmin:Password")]
    public static partial void FirstRunConfigured(ILogger logger, string userName);

    [LoggerMessage(EventId = 5003, EventName = "BootstrapTokenStored", Level = LogLevel.Information,
        Message = "Auth:BootstrapToken stored (hashed) as an Admin token of '{UserName}'")]
    public static partial void BootstrapTokenStored(ILogger logger, string userName);

    [LoggerMessage(EventId = 5004, EventName = "HubConnectionEnded", Level = LogLevel.Information,
        Message = "Hub connection {ConnectionId} closed: its user's access has ended")]
    public static partial void HubConnectionEnded(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 5005, EventName = "AccessRecheckFailed", Level = LogLevel.Warning,
        Message = "Re-reading the access of open connections failed; trying again at the next interval")]
    public static partial void RecheckFailed(ILogger logger, Exception exception);
}
