using System.Globalization;
using System.Security.Cryptography;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Features.Account;

/// <summary>
/// "Known device" cookies (OWASP's device cookies): a browser that has signed in as a user with the right
/// password gets a signed cookie naming that user and a random nonce. From such a browser, wrong passwords
/// count against that browser only (<see cref="AuthOptions.MaxFailedSignIns"/> in <see cref="AuthOptions.LockoutMinutes"/>
/// make it a stranger again), and the account's lockout and the address throttle, which strangers' failures
/// trigger, do not apply: a stranger cannot lock the owner out of their own browser.
/// </summary>
public sealed class KnownDevices
{
    private const string CookiePrefix = "sd-device-";
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly AuthOptions _auth;
    private readonly FailureWindows _failures;

    public KnownDevices(IDataProtectionProvider protection, TimeProvider time, IOptions<AuthOptions> auth)
    {
        _protector = protection.CreateProtector("Dashboard.Account.KnownDevice.v1");
        _time = time;
        _auth = auth.Value;
        _failures = new FailureWindows(_auth.MaxFailedSignIns, TimeSpan.FromMinutes(_auth.LockoutMinutes), _auth.MaxTrackedSignInSources, time);
    }

    /// <summary>Known browsers whose unexpired failure count was forgotten to stay within <see cref="AuthOptions.MaxTrackedSignInSources"/>.</summary>
    public long Evicted => _failures.Evicted;

    /// <summary>The nonce of this browser's valid, unexpired cookie for <paramref name="userId"/> that has not used up its tries; else null.</summary>
    public string? Recognise(HttpContext http, string userId)
    {
        if (http.Request.Cookies[CookieName(userId)] is not { Length: > 0 } value)
        {
            return null;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split('|');
        if (parts.Length != 3 || parts[0] != userId || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var issued)
            || DateTimeOffset.FromUnixTimeSeconds(issued).AddDays(_auth.KnownDeviceDays) < _time.GetUtcNow())
        {
            return null;
        }

        return _failures.IsOver(parts[1], out _) ? null : parts[1];
    }

    /// <summary>A wrong password from a known browser: counted against it alone.</summary>
    public void Failed(string nonce) => _failures.Fail(nonce);

    /// <summary>Marks this browser as one <paramref name="userId"/> signed in from (a fresh nonce each time).</summary>
    public void Remember(HttpContext http, string userId)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var issued = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        http.Response.Cookies.Append(CookieName(userId), _protector.Protect($"{userId}|{nonce}|{issued}"), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            // Sent only with sign-in attempts: nothing else needs it.
            Path = http.Request.PathBase + AccountApi.SignInPostPath,
            MaxAge = TimeSpan.FromDays(_auth.KnownDeviceDays),
            IsEssential = true,
        });
    }

    // One cookie per user the browser signs in as; the name hides the user's id.
    private static string CookieName(string userId) =>
        CookiePrefix + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(userId)))[..16];
}
