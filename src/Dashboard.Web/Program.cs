using Dashboard.Web.Components;
using Dashboard.Web.Features.Scan;
using Dashboard.Web.Hosting;
using Dashboard.Web.Hub;

var builder = WebApplication.CreateBuilder(args);

builder.ListenOnLoopbackUnlessTold();

builder.AddSockets();
builder.AddScans();
builder.AddProbeHub();
builder.AddDashboardUi();
builder.Services.AddHealthChecks();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthChecks("/healthz");
app.MapProbeHub();
app.MapScanApi();
app.MapDashboardUi();

app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
