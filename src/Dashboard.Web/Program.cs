using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Features;
using Dashboard.Web.Features.Account;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.Features.History;
using Dashboard.Web.Features.Identify;
using Dashboard.Web.Features.Policy;
using Dashboard.Web.Features.Tls;
using Dashboard.Web.Features.UnixSockets;
using Dashboard.Web.Features.Trace;
using Dashboard.Web.Features.Watches;
using Dashboard.Web.Hosting;
using Dashboard.Web.Hub;
using Dashboard.Web.Limits;
using Dashboard.Web.Operations;
using Dashboard.Web.Persistence;
using Dashboard.Web.ScaleOut;

var builder = WebApplication.CreateBuilder(args);
// Every environment: a registration that cannot be built, or a scoped service taken by a singleton, stops the start.
builder.Host.UseDefaultServiceProvider(provider =>
{
    provider.ValidateOnBuild = true;
    provider.ValidateScopes = true;
});

builder.ListenOnLoopbackUnlessTold();

// The cross-cutting parts and one AddXFeature per feature folder. Any order builds the same container: each adds
// what it owns, and an override is an explicit replacement (docs/architecture.md, "Composition"). The order is
// only that of the hosted services: started as listed, stopped in reverse (the audit writer after the features').
builder.AddWebSecurity();
builder.AddLimits();
builder.AddPersistence();
builder.AddSockets();
builder.AddAccess();
builder.AddHistoryFeature();
builder.AddAuditFeature();
builder.AddPolicyFeature();
builder.AddProbeFeature();
builder.AddUdpFeature();
builder.AddTlsFeature();
builder.AddUnixSocketFeature();
builder.AddIdentifyFeature();
builder.AddTraceFeature();
builder.AddListenersFeature();
builder.AddScanFeature();
builder.AddPathsFeature();
builder.AddReproduceFeature();
builder.AddAccountFeature();
builder.AddAgentsFeature();
builder.AddWatchesFeature();
builder.AddNotificationsFeature();
builder.AddScaleOut();
builder.AddProbeHub();
builder.AddRestApi();
builder.AddOperations();
builder.AddDashboardUi();

var app = builder.Build();

app.UseWebSecurity();
app.UsePresentAuthentication();
app.UseAuthorization();
app.UseConnectionCaps();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous();
app.MapOperations();
app.MapAccountApi();
app.MapProbeHub();
app.MapAgentHub();
app.MapRestApi();
app.MapDashboardUi();

app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
