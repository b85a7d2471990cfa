using System.Net;
using System.Text;
using System.Text.Json;

namespace Dashboard.Web.Tests.Hosting.OpenApi.Coverage;

/// <summary>
/// The answers every route gives alike, checked route by route from the document itself, so a route added later is
/// checked too: 401 without a token, 415 for a body that is not JSON, 404 for an id that names nothing.
/// </summary>
public sealed class EveryRouteAnswersTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private sealed record Operation(string Method, string Path, JsonElement Description)
    {
        public bool Documents(int status) => Description.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out _);

        public bool HasBody => Description.TryGetProperty("requestBody", out _);

        public string Url(string id) => Path.TrimStart('/').Replace("{format}", "csv", StringComparison.Ordinal)
            .Replace("{scanId}", id, StringComparison.Ordinal).Replace("{listenerId}", id, StringComparison.Ordinal).Replace("{id}", id, StringComparison.Ordinal);
    }

    private async Task<List<Operation>> OperationsAsync()
    {
        using var http = host.Http();
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative), Token));
        return
        [
            .. from path in document.RootElement.GetProperty("paths").EnumerateObject()
               from operation in path.Value.EnumerateObject()
               select new Operation(operation.Name.ToUpperInvariant(), path.Name, operation.Value.Clone()),
        ];
    }

    private static HttpRequestMessage Request(Operation operation, string url, string? json, string mediaType = "application/json") =>
        new(new HttpMethod(operation.Method), new Uri(url, UriKind.Relative))
        {
            Content = operation.HasBody ? new StringContent(json ?? "{}", Encoding.UTF8, mediaType) : null,
        };

    [Fact]
    public async Task EveryOperation_WithoutAToken_Is401WithTheBearerChallenge()
    {
        using var http = host.Http(token: "");

        foreach (var operation in await OperationsAsync())
        {
            using var request = Request(operation, operation.Url("x"), null);
            using var response = await http.SendAsync(request, Token);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{operation.Method} {operation.Path}: {response.StatusCode}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal(401, (await response.ProblemAsync(Token)).Status);
        }
    }

    [Fact]
    public async Task EveryOperationWithABody_GivenPlainText_Is415()
    {
        using var http = host.Http();
        var withBody = (await OperationsAsync()).Where(o => o.HasBody).ToList();

        Assert.NotEmpty(withBody);
        foreach (var operation in withBody)
        {
            Assert.True(operation.Documents(415), $"{operation.Method} {operation.Path} reads a body but does not document 415");
            // A type the operation does not take: plain text, or a form where it takes text (a YAML import).
            var takes = operation.Description.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name).ToList();
            using var request = Request(operation, operation.Url("x"), "host=127.0.0.1", takes.Contains("text/plain") ? "application/x-www-form-urlencoded" : "text/plain");
            using var response = await http.SendAsync(request, Token);

            Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{operation.Method} {operation.Path}: {response.StatusCode}");
            Assert.Equal(415, (await response.ProblemAsync(Token)).Status);
        }
    }

    [Fact]
    public async Task EveryOperationThatDocuments404_ForAnIdThatNamesNothing_Is404()
    {
        using var http = host.Http();
        // The doors that take work answer 404 for an unknown agent in from= (DocumentedStatusesTests); these name their item.
        var withIds = (await OperationsAsync())
            .Where(o => o.Documents(404) && (o.Path.Contains('{', StringComparison.Ordinal) || o.Path.StartsWith("/api/scans/compare", StringComparison.Ordinal)))
            .ToList();

        Assert.NotEmpty(withIds);
        foreach (var operation in withIds)
        {
            var url = operation.Url("nothing-here");
            // The comparisons name their scans in the query.
            url += operation.Path.StartsWith("/api/scans/compare", StringComparison.Ordinal) ? "?a=nothing-here&b=nothing-either" : "";
            using var request = Request(operation, url, """{"connectionId":1,"payload":"x"}""");
            using var response = await http.SendAsync(request, Token);

            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{operation.Method} {operation.Path}: {response.StatusCode}");
            Assert.Equal(404, (await response.ProblemAsync(Token)).Status);
        }
    }
}
