namespace Dashboard.Web.Features.Account;

/// <summary>Where a sign-in may send the browser afterwards.</summary>
public static class ReturnUrls
{
    /// <summary>Longer return addresses are not this site's own links: they go to the home page.</summary>
    public const int MaxLength = 2_000;

    /// <summary>
    /// <paramref name="returnUrl"/> when it is a path of this site in printable ASCII (what a browser sends; a
    /// Location header may hold nothing else); otherwise "/". Never a scheme, a host ("//evil", "/\evil"), a
    /// control character or a space: those would lead elsewhere or fail the redirect.
    /// </summary>
    public static string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= MaxLength } url
        && url[0] == '/'
        && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.StartsWith("/\\", StringComparison.Ordinal)
        && url.All(c => c is > ' ' and < '\u007f')
            ? url
            : "/";
}
