using System.Text.Json;
using Dashboard.Contracts.Tls;
using Dashboard.Web.Features.Tls;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Hub;

public sealed partial class ProbeHub
{
    /// <summary>Checks TLS (<c>TlsCheckRequest</c>) and reports what the server presents; bad input is a <c>HubException</c>.</summary>
    public Task<TlsCheckResult> CheckTls(JsonElement request, TlsService tls) =>
        tls.CheckAsync(Actor, WireJson.Bind<TlsCheckRequest>(request), Context.ConnectionAborted);
}
