using Cairn.Agents;
using Cairn.Clipboard;
using Cairn.Collective;
using Cairn.Collective.Experiences;
using Cairn.Collective.Sessions;
using Cairn.Dashboard;
using Cairn.Embeddings;
using Cairn.Engrams;
using Cairn.Errors;
using Cairn.Events;
using Cairn.Health;
using Cairn.Hosting;
using Cairn.Inbox;
using Cairn.Jobs;
using Cairn.Mcp;
using Cairn.Memory;
using Cairn.OpenApi;
using Cairn.Privacy;
using Cairn.Pulse;
using Cairn.Safety;
using Cairn.Search;
using Cairn.Storage;
using Cairn.Telemetry;
using Cairn.Workspaces;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The Functions host starts us with the package root as working directory; config files live beside the dll.
    ContentRootPath = AppContext.BaseDirectory,
});

builder.AddCairnHosting();
builder.Services.AddCairnErrors();
builder.Services.AddCairnSafety();
builder.Services.AddCairnStorage();
builder.Services.AddAgents();
builder.Services.AddCairnEmbeddings(builder.Configuration);
builder.Services.AddCairnSearch();
builder.Services.AddEngrams();
builder.Services.AddCairnJobs();
builder.Services.AddPulse();
builder.Services.AddClipboard();
builder.Services.AddCollective();
builder.Services.AddInbox();
builder.Services.AddMcp();
builder.Services.AddMemory();
builder.Services.AddPrivacy();
builder.Services.AddEvents();
builder.Services.AddCairnOpenApi();
builder.AddCairnTelemetry();
builder.Services.DeferDataProtectionKeyRing();

var app = builder.Build();

app.UseCairnHosting();
app.UseCairnErrors();
app.UseAuthentication();
app.UseAuthorization();
app.UseCairnInputIntegrity();
app.UseCairnIdempotency();

var api = app.MapGroup("/api/v1").WithProblemResponses();
api.MapHealth();
api.MapAgents();
api.MapPrivacy();
api.MapWorkspaces();
api.MapClipboard();
api.MapSessions();
api.MapExperiences();
api.MapInbox();
api.MapPulseStatus();
api.MapCollectiveFigures();
api.MapEngrams();
api.MapMemory();
api.MapEvents();
app.MapCairnJobs();
app.MapPulse();
app.MapMcp();
app.MapCairnOpenApi();
app.MapDashboard();

app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
