using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Dashboard.Web.Tests.Support;

/// <summary>Plain HTTP against the dashboard's REST API, as curl or a CI script would use it.</summary>
internal static class ApiClient
{
    public static HttpClient For(DashboardHost host) => host.Http();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, string json, CancellationToken cancellationToken) =>
        http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    public static Task<HttpResponseMessage> PostAsync<T>(this HttpClient http, string path, T body, CancellationToken cancellationToken) =>
        http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, cancellationToken);

    public static Task<HttpResponseMessage> GetAsync(this HttpClient http, string path, CancellationToken cancellationToken) =>
        http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient http, string path, CancellationToken cancellationToken) =>
        http.DeleteAsync(new Uri(path, UriKind.Relative), cancellationToken);

    /// <summary>An RFC 7807 problem: its status, detail, and for validation problems the first field in <c>errors</c>.</summary>
    public static async Task<(int Status, string Detail, string? Field)> ProblemAsync(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = problem.RootElement;
        var field = root.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().First().Name : null;
        return (root.GetProperty("status").GetInt32(), root.GetProperty("detail").GetString()!, field);
    }
}
