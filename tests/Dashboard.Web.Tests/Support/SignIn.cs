using System.Net;
using System.Text.RegularExpressions;

namespace Dashboard.Web.Tests.Support;

/// <summary>A browser's sign-in done with plain HTTP: the page's antiforgery token, the form post, the cookie.</summary>
internal static partial class SignIn
{
    /// <summary>A client with its own cookies, signed in as <paramref name="name"/>; the final status of the form post.</summary>
    public static async Task<(HttpClient Client, CookieContainer Cookies, string Location)> AsAsync(Uri baseAddress, string name, string password,
        CancellationToken cancellationToken, CookieContainer? cookies = null)
    {
        cookies ??= new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var page = await client.GetStringAsync(new Uri("account/login", UriKind.Relative), cancellationToken);
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = name,
            ["password"] = password,
            ["returnUrl"] = "/",
        });
        using var response = await client.PostAsync(new Uri("account/signin", UriKind.Relative), form, cancellationToken);
        return (client, cookies, response.Headers.Location?.OriginalString ?? $"status {(int)response.StatusCode}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
