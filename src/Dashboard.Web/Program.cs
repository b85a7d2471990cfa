using Dashboard.Web.Access;
using Dashboard.Web.Components.Support;
using Dashboard.Web.Components;
using Dashboard.Web.Features.Agents.Link;
using Dashboard.Web.Features;
using Dashboard.Web.Features.History;
using Dashboard.Web.Hosting;
using Dashboard.Web.Hub;
using Dashboard.Web.Limits;
using Dashboard.Web.Features.Account;
using Dashboard.Web.Operations;
using Dashboard.Web.Persistence;
using Dashboard.Web.ScaleOut;

var builder = WebApplication.CreateBuilder(args);

builder.ListenOnLoopbackUnlessTold();
builder.AddWebSecurity();

builder.AddLimits();
builder.AddPersistence();
builder.AddSockets();
builder.AddAccess();
builder.AddHistory();
builder.AddFeatures();
builder.AddAgents();
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
