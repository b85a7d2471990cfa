using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// What a browser does with the sign-in and sign-out forms, in plain HTTP: its own cookies (the sign-in cookie
/// and the known-browser cookie), the page's antiforgery token, the form post; redirects are not followed.
/// </summary>
internal sealed partial class FormBrowser : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;

    public FormBrowser(Uri baseAddress) =>
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>One sign-in post: where it redirects (the sign-in page's <c>error=</c> says why it refused), its Retry-After and how long the post took.</summary>
    public async Task<Posted> SignInAsync(string name, string password, CancellationToken cancellationToken, string returnUrl = "/")
    {
        var token = await TokenAsync("account/login", cancellationToken);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = name,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        });
        var clock = Stopwatch.StartNew();
        using var response = await _http.PostAsync(new Uri("account/signin", UriKind.Relative), form, cancellationToken);
        var took = clock.Elapsed;
        return new Posted(response.StatusCode, response.Headers.Location?.OriginalString ?? "", response.Headers.RetryAfter?.Delta, took);
    }

    /// <summary>The sign-out form of a dashboard page, with its token or (<paramref name="withToken"/> false) without.</summary>
    public async Task<Posted> SignOutAsync(CancellationToken cancellationToken, bool withToken = true)
    {
        var fields = new Dictionary<string, string>();
        if (withToken)
        {
            fields["__RequestVerificationToken"] = await TokenAsync("account", cancellationToken);
        }

        using var form = new FormUrlEncodedContent(fields);
        using var response = await _http.PostAsync(new Uri("account/signout", UriKind.Relative), form, cancellationToken);
        return new Posted(response.StatusCode, response.Headers.Location?.OriginalString ?? "", null, TimeSpan.Zero);
    }

    /// <summary>The sign-in cookie as a header value, as someone who copied it would send it.</summary>
    public string SessionCookie() => _cookies.GetCookieHeader(_http.BaseAddress!);

    /// <summary>The status of a GET of <paramref name="path"/> (200 signed in, 302 to the sign-in page otherwise).</summary>
    public async Task<HttpStatusCode> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return response.StatusCode;
    }

    private async Task<string> TokenAsync(string page, CancellationToken cancellationToken)
    {
        var html = await _http.GetStringAsync(new Uri(page, UriKind.Relative), cancellationToken);
        return AntiforgeryField().Match(html) is { Success: true } found
            ? found.Groups[1].Value
            : throw new InvalidOperationException($"no antiforgery token on /{page}");
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>A form post's answer.</summary>
internal sealed record Posted(HttpStatusCode Status, string Location, TimeSpan? RetryAfter, TimeSpan Took)
{
    /// <summary>The sign-in page's <c>error</c> (invalid, disabled, locked, throttled); null when the post led elsewhere.</summary>
    public string? Error => Regex.Match(Location, "[?&]error=([a-z]+)") is { Success: true } m ? m.Groups[1].Value : null;
}
