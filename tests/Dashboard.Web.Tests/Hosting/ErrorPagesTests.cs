using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>The error and not-found pages, as Production serves them: in the app's layout, without internals.</summary>
public sealed class ErrorPagesTests(ErrorPagesTests.ProductionHost host) : IClassFixture<ErrorPagesTests.ProductionHost>
{
    public sealed class ProductionHost : IDisposable
    {
        public DashboardHost Dashboard { get; } = DashboardHost.With([], builder =>
        {
            builder.UseEnvironment("Production");
            ThrowingEndpoint.Add(builder);
        });

        public void Dispose() => Dashboard.Dispose();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnhandledException_OnAPage_RendersTheErrorPageInTheLayout_WithoutDetails()
    {
        using var http = host.Dashboard.Http();

        using var response = await http.GetAsync(new Uri(ThrowingEndpoint.Path, UriKind.Relative), Token);

        var html = await response.Content.ReadAsStringAsync(Token);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.Contains("mud-appbar", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"error-request-id\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(ThrowingEndpoint.Secret, html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task UnhandledException_InTheApi_AnswersProblemDetails_WithoutDetails()
    {
        using var http = host.Dashboard.Http();

        using var response = await http.GetAsync(new Uri("/api" + ThrowingEndpoint.Path, UriKind.Relative), Token);

        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(ThrowingEndpoint.Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAddress_RendersTheNotFoundPageInTheLayout_With404()
    {
        using var http = host.Dashboard.Http();

        using var response = await http.GetAsync(new Uri("/no/such/page?x=1", UriKind.Relative), Token);

        var html = await response.Content.ReadAsStringAsync(Token);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Nothing here", html, StringComparison.Ordinal);
        Assert.Contains("There is no page at <code>/no/such/page</code>", html, StringComparison.Ordinal);
        Assert.Contains("mud-appbar", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownApiPath_IsANotFoundProblem()
    {
        using var http = host.Dashboard.Http();

        using var response = await http.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("DELETE", "/probe", HttpStatusCode.MethodNotAllowed)]
    public async Task OtherEmptyErrors_StayEmptyForTheirClients(string method, string path, HttpStatusCode expected)
    {
        using var http = host.Dashboard.Http();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await http.SendAsync(request, Token);

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync(Token));
    }
}
