using Dashboard.Web.Access;
using Dashboard.Web.Components;
using Dashboard.Web.Features;
using Dashboard.Web.Hosting;
using Dashboard.Web.Hub;
using Dashboard.Web.Operations;

var builder = WebApplication.CreateBuilder(args);

builder.ListenOnLoopbackUnlessTold();
builder.AddWebSecurity();

builder.AddSockets();
builder.AddAccess();
builder.AddFeatures();
builder.AddProbeHub();
builder.AddRestApi();
builder.AddOperations();
builder.AddDashboardUi();

var app = builder.Build();

app.UseWebSecurity();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapOperations();
app.MapProbeHub();
app.MapRestApi();
app.MapDashboardUi();

app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
