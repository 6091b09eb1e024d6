using Cairn.Agents;
using Cairn.Clipboard;
using Cairn.Embeddings.Local;
using Cairn.Engrams;
using Cairn.Errors;
using Cairn.Health;
using Cairn.Hosting;
using Cairn.Jobs;
using Cairn.Pulse;
using Cairn.Storage;
using Cairn.Workspaces;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The Functions host starts us with the package root as working directory; config files live beside the dll.
    ContentRootPath = AppContext.BaseDirectory,
});

builder.AddCairnHosting();
builder.Services.AddCairnErrors();
builder.Services.AddCairnStorage();
builder.Services.AddAgents();
builder.Services.AddLocalEmbedder();
builder.Services.AddEngrams();
builder.Services.AddCairnJobs();
builder.Services.AddPulse();
builder.Services.AddClipboard();

var app = builder.Build();

app.UseCairnHosting();
app.UseCairnErrors();
app.UseAuthentication();
app.UseAuthorization();

var api = app.MapGroup("/api/v1");
api.MapHealth();
api.MapAgents();
api.MapWorkspaces();
api.MapClipboard();
api.MapEngrams();
app.MapCairnJobs();
app.MapPulse();

app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
