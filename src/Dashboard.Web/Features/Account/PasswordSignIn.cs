using System.Security.Cryptography;
using Dashboard.Web.Access;
using Dashboard.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Web.Features.Account;

/// <summary>What a sign-in attempt answers; the sign-in page words each.</summary>
public enum SignInAnswer
{
    SignedIn,

    /// <summary>Unknown name, wrong password (whatever the account's state): one answer, one cost.</summary>
    Invalid,

    /// <summary>Said only after the right password.</summary>
    Disabled,

    /// <summary>Said only after the right password, from a browser the user has not signed in from.</summary>
    Locked,

    /// <summary>Too many failures from the client's address.</summary>
    Throttled,
}

/// <summary>A sign-in attempt's answer; <paramref name="RetryAfter"/> is how long a throttled client should wait (zero otherwise).</summary>
public readonly record struct SignInResult(SignInAnswer Answer, TimeSpan RetryAfter = default);

/// <summary>
/// A browser's password sign-in. Every name costs one password hash (a dummy one for names nobody has), and
/// an account's state is told only to someone who gave its password, so neither the answer nor its time tells
/// which names exist. Strangers' failures lock the account and throttle their address; a browser the user
/// signed in from before (<see cref="KnownDevices"/>) is spared both. Every attempt is audited.
/// </summary>
public sealed class PasswordSignIn(SignInManager<DashboardUser> signIn, SignInThrottle throttle, KnownDevices devices, AuditQueue audit,
    TimeProvider time, ILogger<PasswordSignIn> logger)
{
    private static string? s_dummyHash;

    public async Task<SignInResult> SignInAsync(HttpContext http, string name, string password, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var users = signIn.UserManager;
        var client = http.Connection.RemoteIpAddress;
        var user = await users.FindByNameAsync(name);
        var device = user is null ? null : devices.Recognise(http, user.Id);
        if (device is null && throttle.IsThrottled(client, out var retryAfter))
        {
            Refused(http, name, user, $"throttled: too many failed sign-ins from {client}");
            return new(SignInAnswer.Throttled, retryAfter);
        }

        var right = user is null ? VerifyDummy(users, password) : await users.CheckPasswordAsync(user, password);
        if (!right)
        {
            await FailedAsync(users, client, user, device);
            Refused(http, name, user, user is null ? "no such user" : user.Disabled ? "wrong password (the user is disabled)" : "wrong password");
            return new(SignInAnswer.Invalid);
        }

        if (user!.Disabled)
        {
            Refused(http, name, user, "the user is disabled");
            return new(SignInAnswer.Disabled);
        }

        if (device is null && await users.IsLockedOutAsync(user))
        {
            Refused(http, name, user, "locked: too many wrong passwords from browsers it has not signed in from");
            return new(SignInAnswer.Locked);
        }

        await signIn.SignInAsync(user, isPersistent: false);
        await users.ResetAccessFailedCountAsync(user);
        devices.Remember(http, user.Id);
        audit.Record(new Actor(user.Id, user.UserName ?? name, user.Role, client, Door.Ui), AuditActions.SignIn, name, AuditOutcome.Ok,
            device is null ? "password" : "password, known browser");
        return new(SignInAnswer.SignedIn);
    }

    // A wrong password from a known browser counts against that browser; a stranger's against the address and the account.
    private async Task FailedAsync(UserManager<DashboardUser> users, System.Net.IPAddress? client, DashboardUser? user, string? device)
    {
        if (device is not null)
        {
            devices.Failed(device);
            return;
        }

        var evicted = throttle.Evicted;
        throttle.Failed(client);
        if (throttle.Evicted > evicted)
        {
            SignInLog.ThrottleFull(logger, throttle.Evicted);
        }

        // A disabled user's lockout is its disabling: a count must not shorten it; a locked one is not extended.
        if (user is { Disabled: false } && !await users.IsLockedOutAsync(user))
        {
            await users.AccessFailedAsync(user);
        }
    }

    // What checking a real password costs, for names nobody has: the same hasher on a hash made once with the same settings.
    private static bool VerifyDummy(UserManager<DashboardUser> users, string password)
    {
        var dummy = new DashboardUser();
        s_dummyHash ??= users.PasswordHasher.HashPassword(dummy, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        users.PasswordHasher.VerifyHashedPassword(dummy, s_dummyHash, password);
        return false;
    }

    // The name as typed (it may name nobody); never the password.
    private void Refused(HttpContext http, string name, DashboardUser? user, string why) =>
        audit.Append(new AuditEntry
        {
            AtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            ActorId = user?.Id ?? "",
            ActorName = name,
            Role = user?.Role,
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
            Door = Door.Ui,
            Action = AuditActions.SignInFailed,
            Target = name,
            Outcome = AuditOutcome.Refused,
            RefusalKind = ErrorKind.Forbidden,
            Detail = why,
        });
}

internal static partial class SignInLog
{
    [LoggerMessage(EventId = 5101, EventName = "SignInThrottleFull", Level = LogLevel.Warning,
        Message = "Sign-in throttle full (Auth:MaxTrackedSignInSources): {Evicted} client addresses' failure counts forgotten so far, oldest first")]
    public static partial void ThrottleFull(ILogger logger, long evicted);
}
