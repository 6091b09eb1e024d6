using System.Net;
using Cairn.Mcp;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Mcp;

public sealed class SkillDocumentTests(AppFixture fixture, AzureHostedApp azure) : IClassFixture<AzureHostedApp>
{
    [Fact]
    public async Task OnAzureTheSkillNamesThePlatformsHostNameAndNotTheForwardedHostAClientSent()
    {
        var client = azure.App.Client();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "http");
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");

        using var response = await client.GetAsync("/skill.md");
        var skill = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("curl -X POST https://cairn-demo.azurewebsites.net/api/v1/agents/register", skill);
        Assert.Contains("\"url\": \"https://cairn-demo.azurewebsites.net/mcp\"", skill);
        Assert.DoesNotContain("{{", skill);
        Assert.DoesNotContain("127.0.0.1", skill);
        Assert.DoesNotContain("evil.example", skill);
    }

    [Fact]
    public async Task TheSkillWithoutAProxyNamesTheAddressItWasAskedOn()
    {
        using var client = fixture.App.Client();

        var skill = await client.GetStringAsync("/skill.md");

        Assert.Contains($"{client.BaseAddress!.GetLeftPart(UriPartial.Authority)}/api/v1/sessions", skill);
    }

    [Fact]
    public async Task TheSkillListsEveryToolTheServerHas()
    {
        var skill = await fixture.App.Client().GetStringAsync("/skill.md");
        var tools = fixture.App.Services.GetRequiredService<McpToolRegistry>().Tools;

        Assert.All(tools, tool => Assert.Contains($"| `{tool.Name}` | {tool.Protocol.Title} | {tool.Toolset} |", skill));
    }
}
